"""Pure logic of the dashboard: DataFrames, ranking, figures. Imports no Streamlit."""
