"""The shared filter semantics, on hand-made items."""

import pytest

from client.query import BenchmarkQuery, InvalidQuery, select_items

AA = [
    {"source": "artificial-analysis", "model_permaslug": "a/1", "intelligence_index": 50,
     "coding_index": 40, "agentic_index": None},
    {"source": "artificial-analysis", "model_permaslug": "a/2", "intelligence_index": None,
     "coding_index": 60, "agentic_index": 30},
    {"source": "artificial-analysis", "model_permaslug": "a/3", "intelligence_index": 70,
     "coding_index": 20, "agentic_index": 45},
]
DA = [
    {"source": "design-arena", "model_permaslug": "d/1", "arena": "models", "category": "gamedev", "elo": 1200},
    {"source": "design-arena", "model_permaslug": "d/2", "arena": "models", "category": "codecategories", "elo": 1300},
    {"source": "design-arena", "model_permaslug": "d/3", "arena": "agents", "category": "fullstack", "elo": 1400},
]
OR = [
    {"source": "openrouter", "model_permaslug": "o/1", "benchmark_type": "gpqa_diamond", "accuracy": 0.8},
    {"source": "openrouter", "model_permaslug": "o/2", "benchmark_type": "search_hle", "primary_score": 0.3,
     "search_engine": "exa", "search_surface": "plugin"},
]
ALL = AA + DA + OR


def slugs(query: BenchmarkQuery) -> list[str]:
    return [item["model_permaslug"] for item in select_items(ALL, query)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (BenchmarkQuery(source="artificial-analysis"), ["a/3", "a/1", "a/2"]),
        (BenchmarkQuery(source="artificial-analysis", task_type="agentic"), ["a/3", "a/2"]),
        (BenchmarkQuery(source="artificial-analysis", task_type="coding"), ["a/2", "a/1", "a/3"]),
        (BenchmarkQuery(source="artificial-analysis", task_type="search"), []),
        (BenchmarkQuery(source="design-arena"), ["d/2", "d/1"]),
        (BenchmarkQuery(source="design-arena", arena="agents"), ["d/3"]),
        (BenchmarkQuery(source="design-arena", category="gamedev"), ["d/1"]),
        (BenchmarkQuery(source="design-arena", task_type="coding"), ["d/2"]),
        (BenchmarkQuery(source="openrouter", task_type="search"), ["o/2"]),
        (BenchmarkQuery(source="openrouter", task_type="intelligence"), ["o/1"]),
        (BenchmarkQuery(source="openrouter", search_surface="server-tool"), ["o/1"]),
        (BenchmarkQuery(task_type="search"), ["o/2"]),
        (BenchmarkQuery(benchmark_type="gpqa_diamond", max_results=4), ["a/3", "a/1", "a/2", "d/2"]),
        (BenchmarkQuery(source="design-arena", max_results=1), ["d/2"]),
    ],
)
def test_select_items_filters_and_ranks(query, expected):
    assert slugs(query) == expected


def test_default_cut_is_fifty():
    many = [dict(AA[0], model_permaslug=f"a/{i}", intelligence_index=i) for i in range(120)]
    chosen = select_items(many, BenchmarkQuery(source="artificial-analysis"))
    assert len(chosen) == 50
    assert chosen[0]["intelligence_index"] == 119


@pytest.mark.parametrize(
    "params",
    [
        {"source": "nope"},
        {"task_type": "writing"},
        {"arena": "builder"},
        {"max_results": "0"},
        {"max_results": "101"},
        {"max_results": "ten"},
        {"include_run_config": "maybe"},
    ],
)
def test_from_params_rejects_what_the_api_rejects(params):
    with pytest.raises(InvalidQuery):
        BenchmarkQuery.from_params(params)


def test_key_is_order_independent_and_skips_defaults():
    one = BenchmarkQuery.from_params({"source": "design-arena", "category": "3d", "foo": "x"})
    two = BenchmarkQuery(category="3d", source="design-arena")
    assert one.key() == two.key() == "category=3d&source=design-arena"
    assert BenchmarkQuery(include_run_config=True).to_params() == {"include_run_config": "true"}
