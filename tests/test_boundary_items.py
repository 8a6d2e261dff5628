"""The validated boundary on items built here (client.models.parse_item on dicts): each rule, one test."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from client.models import DroppedItem, GenericItem, parse_item
from core.catalogue import ALL
from core.frames import per_million
from core.picker import Workload, blended_per_million, monthly_cost
from service.boundary import (
    DUPLICATE,
    LOOKALIKE,
    MAX_PRICE_DECIMALS,
    MAX_TEXT_CHARS,
    NOT_A_PRICE,
    PRICE_CAP_PER_TOKEN,
    ItemProblem,
    client_problems,
    dropped_count,
    parse_raw_items,
    validate_items,
    validate_meta,
)


def aa(slug="openai/gpt-5-20260801", **fields):
    raw = {"source": "artificial-analysis", "model_permaslug": slug, "display_name": "OpenAI: GPT-5",
           "intelligence_index": 60.0, "coding_index": 55.0, "agentic_index": 40.0,
           "pricing": {"prompt": "0.00000125", "completion": "0.00001"}}
    return parse_item({**raw, **fields})


def da(slug="openai/gpt-5-20260801", **fields):
    raw = {"source": "design-arena", "model_permaslug": slug, "display_name": "OpenAI: GPT-5", "arena": "models",
           "category": "gamedev", "elo": 1300.0, "win_rate": 55.0, "avg_generation_time_ms": 30_000.0,
           "tournament_stats": {"first_place": 3, "total": 10}, "pricing": None}
    return parse_item({**raw, **fields})


def orv(slug="openai/gpt-5-20260801", **fields):
    raw = {"source": "openrouter", "model_permaslug": slug, "display_name": "OpenAI: GPT-5",
           "benchmark_type": "gpqa_diamond", "accuracy": 0.8, "accuracy_stddev": 0.01, "total_tasks": 198,
           "last_run_timestamp": "2026-08-20T00:00:00Z"}
    return parse_item({**raw, **fields})


def only(problems, reason_part):
    found = [p for p in problems if reason_part in p.reason]
    assert len(found) == 1, problems
    return found[0]


# --- numbers -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 1e400, 101.0, -0.5])
def test_an_optional_figure_that_is_not_finite_or_in_bounds_becomes_missing(bad):
    items, problems = validate_items([aa(coding_index=bad)])
    assert len(items) == 1 and items[0].coding_index is None and items[0].intelligence_index == 60.0
    problem = only(problems, "Coding")
    assert problem == ItemProblem(problem.reason, 1, ("openai/gpt-5-20260801",), dropped=False)
    assert dropped_count(problems) == 0


@pytest.mark.parametrize(("item", "reason"), [
    (aa(intelligence_index=math.nan), "Intelligence is not a finite number"),  # AA's default measure
    (aa(intelligence_index=100.5), "Intelligence is not a number within 0–100"),
    (da(elo=math.inf), "ELO is not a finite number"),
    (da(elo=-3.0), "ELO is not a number within 0–5000"),
    (da(elo=9e9), "ELO is not a number within 0–5000"),
    (da(win_rate=250.0), "Win rate is not a number within 0–100"),  # its model cannot leave it empty
    (orv(accuracy=math.nan), "accuracy is not a finite number"),
    (orv(accuracy=1.5), "Score is not a number within 0–100"),
    (orv(total_tasks=10**400), "total_tasks is not a finite number"),
])
def test_an_item_whose_required_figure_is_not_sane_is_dropped(item, reason):
    items, problems = validate_items([item, da(slug="x/kept")])
    assert [i.model_permaslug for i in items] == ["x/kept"]
    assert problems == (ItemProblem(reason, 1, ("openai/gpt-5-20260801",), dropped=True),)
    assert dropped_count(problems) == 1


def test_nested_and_unbounded_figures_must_be_finite_too():
    item = da(tournament_stats={"first_place": 10**400, "total": 10}, avg_generation_time_ms=math.inf)
    items, problems = validate_items([item])
    assert items[0].tournament_stats.first_place is None and items[0].tournament_stats.total == 10
    assert items[0].avg_generation_time_ms is None and items[0].elo == 1300.0
    assert {p.reason for p in problems} == {"tournament_stats.first_place is not a finite number",
                                            "avg_generation_time_ms is not a finite number"}
    scaled = orv(accuracy_stddev=1e307)  # finite, but read ×100 it is not: the column check finds the field
    items, problems = validate_items([scaled])
    assert items[0].accuracy_stddev is None and only(problems, "± stddev").dropped is False


def test_sane_items_pass_unchanged_and_are_the_same_objects():
    item, other = aa(), da()
    items, problems = validate_items([item, other])
    assert items == (item, other) and items[0] is item and problems == ()


# --- prices ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("prompt", "reason"), [
    ("-1", "price is negative (unknown)"),
    ("1e400", f"price is ${PRICE_CAP_PER_TOKEN} or more per token"),
    ("1", f"price is ${PRICE_CAP_PER_TOKEN} or more per token"),
    ("0." + "0" * MAX_PRICE_DECIMALS + "1", f"price has more than {MAX_PRICE_DECIMALS} decimal places"),
    ("1E-1000000000", f"price has more than {MAX_PRICE_DECIMALS} decimal places"),
])
def test_a_price_outside_the_rules_makes_the_price_unknown_not_the_item(prompt, reason):
    items, problems = validate_items([aa(pricing={"prompt": prompt, "completion": "0.00001"})])
    assert len(items) == 1 and items[0].pricing is None and items[0].intelligence_index == 60.0
    assert problems == (ItemProblem(reason, 1, ("openai/gpt-5-20260801",), dropped=False),)


@pytest.mark.parametrize("price", ["", "abc", "NaN", "Infinity", None, [], {"usd": 1}, True, "1" * 200])
def test_an_unparseable_price_from_the_cache_or_snapshot_makes_the_price_unknown(price):
    raw = aa().model_dump(mode="json") | {"pricing": {"prompt": price, "completion": "0"}}
    items, problems = parse_raw_items([raw])
    assert len(items) == 1 and items[0].pricing is None
    assert problems == (ItemProblem(NOT_A_PRICE, 1, ("openai/gpt-5-20260801",), dropped=False),)


def test_an_unparseable_price_the_client_dropped_is_counted_with_its_reason():
    client_drops = [DroppedItem(index=3, model_permaslug="a/b", reason="pricing.prompt: Input should be a valid "
                                "decimal"), DroppedItem(index=4, model_permaslug=None, reason="elo: Field required")]
    problems = client_problems(client_drops)
    assert [(p.reason, p.count, p.examples, p.dropped) for p in problems] == [
        (NOT_A_PRICE, 1, ("a/b",), True), ("did not fit its shape (elo: Field required)", 1, (), True)]


def test_exact_prices_within_the_cap_are_kept_to_the_last_digit():
    exact = "0.000000123456789012345678901234"  # 30 decimal places
    items, problems = validate_items([aa(pricing={"prompt": exact, "completion": "0"})])
    assert problems == () and format(items[0].pricing.prompt, "f") == exact


def test_the_pickers_exact_cost_cannot_raise_on_any_price_the_boundary_lets_through():
    highest = Decimal("0." + "9" * MAX_PRICE_DECIMALS)  # the largest price, with the most digits, allowed
    (item,), problems = validate_items([aa(pricing={"prompt": str(highest), "completion": str(highest)})])
    assert problems == () and item.pricing.prompt == highest
    widest = Workload(input_tokens=2_000_000, output_tokens=2_000_000, requests_per_day=100_000_000)  # UI caps
    cost = monthly_cost(item.pricing.prompt, item.pricing.completion, widest)
    assert cost == Decimal("12000000000000000.00")  # $1.2e16 a month, exact to the cent, no Overflow
    assert blended_per_million(item.pricing.prompt, item.pricing.completion, 2_000_000, 2_000_000) <= 10**6
    assert per_million(item.pricing, "prompt") <= 1e6
    smallest = Decimal("1e-30")
    assert monthly_cost(smallest, smallest, Workload(kind="coding", category=ALL)) == Decimal("0.00")


# --- text --------------------------------------------------------------------------------------------------
def test_control_and_bidi_characters_are_removed_and_whitespace_folded():
    hostile = "  gpt\u202eevil\u202c-5\u2066x\u2069\u200b\x00\tnew\nline  "
    item = da(display_name=hostile, category="game\u202edev", model_permaslug="openai/gpt-5\u200b-20260801")
    (clean,), problems = validate_items([item])
    assert clean.display_name == "⚠ gptevil-5x new line (look-alike id)"  # its id lost a zero-width space
    assert clean.category == "gamedev" and clean.model_permaslug == "openai/gpt-5-20260801"
    assert problems == (ItemProblem("text had control or bidi characters", 1, ("openai/gpt-5-20260801",), False),
                        ItemProblem(LOOKALIKE, 1, ("openai/gpt-5-20260801",), False))
    (spaces,), problems = validate_items([aa(display_name="  Google:  Gemma\u00a04 ")])
    assert spaces.display_name == "Google: Gemma 4" and problems == ()  # folding spaces alone is not counted


def test_text_is_cut_and_an_empty_or_endless_model_id_drops_the_item():
    (item,), problems = validate_items([aa(display_name="x" * 5_000)])
    assert len(item.display_name) == MAX_TEXT_CHARS and item.display_name.endswith("…")
    assert only(problems, "longer than").dropped is False
    items, problems = validate_items([aa(slug="\u202e\u200b "), aa(slug="a" * 5_000), aa(slug="ok/model")])
    assert [i.model_permaslug for i in items] == ["ok/model"]
    assert only(problems, "model id").count == 2 and dropped_count(problems) == 2
    (named,), problems = validate_items([aa(display_name="\u202e")])
    assert named.display_name == named.model_permaslug


def test_meta_citation_and_source_url_are_cleaned():
    from client.models import BenchmarksMeta

    meta = BenchmarksMeta(as_of="2026-08-28T00:00:00Z", version="v1", source="design-arena", model_count=1,
                          citation="Source:\u202e Design\n Arena", source_url="javascript:alert(1)",
                          padding="x" * 10_000)
    clean, problems = validate_meta(meta)
    assert clean.citation == "Source: Design Arena" and clean.source_url is None
    assert len(clean.model_extra["padding"]) == MAX_TEXT_CHARS
    assert {p.reason for p in problems} == {"source URL is not an http(s) link",
                                            "meta: text had control or bidi characters",
                                            f"meta: text longer than {MAX_TEXT_CHARS} characters"}


# --- duplicates, unknown sources, problems ------------------------------------------------------------------
def test_the_same_identity_twice_keeps_the_first_and_counts_the_other():
    first, twin, other_category = da(elo=1300.0), da(elo=1310.0), da(category="3d")
    items, problems = validate_items([first, twin, other_category])
    assert items == (first, other_category)
    assert problems == (ItemProblem(DUPLICATE, 1, ("openai/gpt-5-20260801",), dropped=True),)


def test_unknown_sources_are_kept_with_their_text_cleaned_and_numbers_made_safe():
    generic = parse_item({"source": "lmarena", "model_permaslug": "a/b", "display_name": "A\u202eB",
                          "score": math.inf, "votes": 3})
    (item,), problems = validate_items([generic])
    assert isinstance(item, GenericItem) and item.display_name == "AB"
    assert item.model_extra == {"score": None, "votes": 3}
    assert {p.reason for p in problems} == {"text had control or bidi characters", "score is not a finite number"}
    assert dropped_count(problems) == 0


def test_problems_count_every_item_but_name_at_most_three():
    items, problems = validate_items([aa(slug=f"m/{n}", agentic_index=math.nan) for n in range(9)])
    assert len(items) == 9
    assert problems == (ItemProblem("Agentic is not a finite number", 9, ("m/0", "m/1", "m/2"), dropped=False),)
    assert ItemProblem.from_json(problems[0].to_json()) == problems[0]


def test_a_broken_bundled_snapshot_is_served_empty_and_dated_never_a_crash(make_layer, tmp_path):
    import shutil

    from tests.conftest import SNAPSHOT_DIR

    folder = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, folder)
    (folder / "design-arena-agents.json").write_text("[" * 200_000 + "]" * 200_000)
    (folder / "design-arena-models.json").write_text("{not json")
    layer = make_layer(snapshot_dir=folder)
    for name in ("design-arena-agents", "design-arena-models", "design-arena-builders"):
        state = layer.load_dataset(name)
        assert state.dataset.items == () and state.as_of_date == "2026-08-28"
    assert len(layer.load_dataset("artificial-analysis").dataset.items) == 123
