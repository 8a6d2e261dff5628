"""Streamlit helpers of the dashboard, one job per module. Only app.py, app_pages/ and ui/ import Streamlit."""
