"""Pick a model: a workload, a token mix and a budget in; a ranked, explained shortlist out."""

from decimal import Decimal

import streamlit as st

from core.catalogue import ALL, ARENAS, WORKLOADS, category_choices
from core.picker import Workload, recommend
from ui.data import load_everything, render_citations, render_freshness
from ui.links import bound_amount, bound_choice, bound_int, bound_slider
from ui.recommendation import render_recommendation
from ui.sidebar import categories_of

SHORTLIST = 5
st.title("Pick a model")
st.caption("Describe the workload; the shortlist weighs benchmark quality against what it would cost you. "
           "Every input is in the link, so a teammate can open and challenge the same recommendation.")
result = load_everything()
render_freshness(result)

what, mix, budget = st.columns([3, 3, 3])
kind = bound_choice("Workload", {k: w.label for k, w in WORKLOADS.items()}, "workload", "coding", where=what,
                    help="What the model will do. Each workload rests on the benchmarks that measure it.")
arena, category = "models", ALL
if kind == "design":
    arena = bound_choice("Design Arena arena", ARENAS, "da_arena", "models", where=what)
    category = bound_choice("Design Arena category", category_choices(categories_of(arena)), "da_category",
                               ALL, where=what, help="e.g. Websites, Game dev, Mobile apps (agents), slides.")
input_tokens = bound_int("Input tokens per request", "input_tokens", 1, 2_000_000, 2_000, where=mix)
output_tokens = bound_int("Output tokens per request", "output_tokens", 0, 1_000_000, 500, where=mix)
requests = bound_int("Requests per day", "requests_per_day", 1, 100_000_000, 1_000, where=mix)
price_cap = bound_amount("Max $ per 1M tokens (blended)", "price_cap", 1_000.0, where=budget,
                            help="Blended for your token mix; empty = no cap.")
monthly = bound_amount("Max $ per month", "monthly_budget", 100_000_000.0, where=budget,
                          help="30-day month at your request rate; empty = no budget.")
quality = bound_slider("Quality vs cost", "quality", 0, 100, 70, where=budget,
                          help="100 = only benchmark quality counts; 0 = only price counts.")
min_sources = bound_int("Sources that must rate a model", "min_sources", 1, 3, 1, where=budget,
                           help="Ask for models that more than one benchmark publisher has rated.")

workload = Workload(
    kind=kind, arena=arena, category=category, input_tokens=input_tokens, output_tokens=output_tokens,
    requests_per_day=requests, max_price_per_1m=None if price_cap is None else Decimal(str(price_cap)),
    max_monthly_usd=None if monthly is None else Decimal(str(monthly)), quality_weight=quality / 100,
    min_sources=min_sources)
render_recommendation(recommend(result.items, workload), SHORTLIST)
render_citations(result)
