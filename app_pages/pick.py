"""Pick a model: a workload, a token mix and a budget in; a ranked, explained shortlist out."""

from decimal import Decimal

import streamlit as st

from core.catalogue import ALL, ARENAS, WORKLOADS, category_choices
from core.picker import (
    FREE_CREDITS_USD,
    FREE_REQUESTS_PER_DAY,
    FREE_REQUESTS_PER_DAY_WITH_CREDITS,
    PEAK_FACTOR,
    Workload,
    default_peak_rpm,
    recommend,
)
from ui.data import load_everything, render_citations, render_freshness
from ui.links import bound_amount, bound_choice, bound_int, bound_slider, open_model
from ui.recommendation import render_recommendation
from ui.sidebar import categories_of

SHORTLIST = 5
PEAK_SEEN = "_peak_rpm_derived"  # the derived peak of the last run
st.title("Pick a model")
answer = st.container()  # the answer in one line, above the inputs (they stack on a phone)
st.caption("Describe the workload; the shortlist weighs benchmark quality against what it would cost you. "
           "Every input is in the link, so a teammate can open and challenge the same recommendation.")
result = load_everything()
render_freshness(result)

what, mix, budget = st.columns([3, 3, 3])
kind = bound_choice("Workload", {k: w.label for k, w in WORKLOADS.items()}, "workload", "coding", where=what,
                    help="What the model will do. Each workload rests on the benchmarks that measure it.")
arena, category = "models", ALL
if kind == "design":
    arena = bound_choice("Design Arena arena", ARENAS, "da_arena", "models", where=what, also=("arena",))
    category = bound_choice("Design Arena category", category_choices(categories_of(arena)), "da_category",
                               ALL, where=what, help="e.g. Websites, Game dev, Mobile apps (agents), slides.",
                               also=("category",))  # the Leaderboard's names read too
input_tokens = bound_int("Input tokens per request", "input_tokens", 1, 2_000_000, 2_000, where=mix)
output_tokens = bound_int("Output tokens per request", "output_tokens", 0, 1_000_000, 500, where=mix)
requests = bound_int("Requests per day", "requests_per_day", 1, 100_000_000, 1_000, where=mix)
derived_peak = default_peak_rpm(requests)
if st.session_state.get(PEAK_SEEN) not in (None, derived_peak) and st.session_state.get("peak_rpm") == float(
        st.session_state[PEAK_SEEN]):  # never set by hand: it follows requests per day
    st.session_state["peak_rpm"] = float(derived_peak)
st.session_state[PEAK_SEEN] = derived_peak
peak_rpm = bound_int("Requests per minute at peak", "peak_rpm", 1, 1_000_000, derived_peak, where=mix,
                     help=f"Requests in your busiest minute. Unless you set it, assumed to be {PEAK_FACTOR} × your "
                          "average rate (requests per day ÷ 1,440 minutes), rounded up, at least 1. Only the "
                          "free variants' per-minute limit uses it.")
credits = bound_choice(f"Bought \\${FREE_CREDITS_USD} of OpenRouter credits", {"no": "No", "yes": "Yes"}, "credits",
                       "no", where=mix, widget="segmented",
                       help=f"Ever, on this account: free variants then allow {FREE_REQUESTS_PER_DAY_WITH_CREDITS:,} "
                            f"requests a day instead of {FREE_REQUESTS_PER_DAY}.")
price_cap = bound_amount("Max $ per 1M tokens (blended)", "price_cap", 1_000.0, where=budget,
                            help="Blended for your token mix; empty = no cap.")
monthly = bound_amount("Max $ per month", "monthly_budget", 100_000_000.0, where=budget,
                          help="30-day month at your request rate; empty = no budget.")
quality = bound_slider("Quality vs cost", "quality", 0, 100, 70, where=budget,
                          help="100 = only benchmark quality counts; 0 = only price counts.")
min_sources = bound_int("Sources that must rate a model", "min_sources", 1, 3, 1, where=budget, also=("min_coverage",),
                           help="Ask for models that more than one benchmark publisher has rated.")

workload = Workload(
    kind=kind, arena=arena, category=category, input_tokens=input_tokens, output_tokens=output_tokens,
    requests_per_day=requests, max_price_per_1m=None if price_cap is None else Decimal(str(price_cap)),
    max_monthly_usd=None if monthly is None else Decimal(str(monthly)), quality_weight=quality / 100,
    min_sources=min_sources, peak_rpm=peak_rpm, credits_bought=credits == "yes")
slug = render_recommendation(recommend(result.items, workload), SHORTLIST, answer, result)
if slug:
    open_model(slug, "app_pages/pick.py", "Pick a model")  # as a Leaderboard row does
render_citations(result)
