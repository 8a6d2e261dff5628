"""A fourth source is one catalogue entry: registered here, it shows on every page with no other code change.

The stand-in serves its data file over real HTTP; the client parses its items
generically; the data service types them with the catalogue's item model.
"""

from __future__ import annotations

import io
import shutil
from decimal import Decimal

import pandas as pd
import pytest

from client.models import Pricing, _Item
from core import catalogue
from core.catalogue import Column, DatasetDef, Measure, Source
from core.exports import to_csv_bytes
from core.filters import Filters
from core.leaderboard import build_leaderboard
from fake_openrouter import Limits, Server
from tests.conftest import TEST_DATA, TEST_KEY, load_after_refresh, plain


class FictionalItem(_Item):
    rating: float
    pricing: Pricing | None = None


FICTIONAL = Source(
    id="fictional-arena", label="Fictional Arena", short="FX",
    citation="Source: Fictional Arena (fictional.example).", url="https://fictional.example",
    item_types=(FictionalItem,),
    columns=(Column("rating", "Rating", "The fictional rating. Higher is better.",
                    read=lambda item: item.rating, bounds=(0.0, 100.0)),),
    datasets=(DatasetDef("fictional-arena", (("source", "fictional-arena"),), "task_type"),),
    default_measure=Measure("fx.rating", "fictional-arena", "rating", "Fictional Arena rating"),
)


@pytest.fixture
def fourth_source(all_sources_dir, tmp_path):
    folder = tmp_path / "with-fourth"
    shutil.copytree(all_sources_dir, folder)
    shutil.copy(TEST_DATA / "fictional-arena.json", folder / "fictional-arena.json")
    catalogue.register_source(FICTIONAL)
    try:
        with Server(data_dir=folder, limits=Limits(all_when_omitted=True)) as server:
            yield server
    finally:
        catalogue.unregister_source(FICTIONAL.id)


def test_the_fourth_source_on_every_page(app, fourth_source):
    live = {"key": TEST_KEY, "base_url": fourth_source.base_url}

    board = app({"source": "fictional-arena"}, **live)
    assert not board.exception
    assert board.title[0].value == "Leaderboard · Fictional Arena"
    rows = board.dataframe[0].value
    assert rows[["rank", "model", "rating"]].values.tolist() == [
        [1, "MoonshotAI: Kimi K3", 91.5], [2, "Claude Opus 5", 88.0], [3, "Fictional: Only Here", 70.25]]
    assert any("Source: Fictional Arena (fictional.example)" in plain(c.value) for c in board.caption)

    compare = app({}, page="app_pages/compare.py", **live)
    assert any("Fictional Arena 3" in plain(c.value) for c in compare.caption)
    table = compare.dataframe[0].value.set_index("model")
    assert table.loc["MoonshotAI: Kimi K3", "fx_score"] == 91.5 and "FX" in table.loc["MoonshotAI: Kimi K3",
                                                                                       "coverage"]

    model = app({"model": "fictional/only-here"}, page="app_pages/model.py", **live)
    assert plain(model.title[0].value) == "Fictional: Only Here"
    assert "Fictional Arena" in [s.value for s in model.subheader]
    profile = next(d.value for d in model.dataframe if "figure" in d.value.columns)
    assert profile.iloc[0][["measure", "figure", "rank", "of"]].tolist() == ["Fictional Arena rating", "70.3", 3, 3]
    assert model.segmented_control(key="history--shown").value == "fictional-arena"  # its live edition, archived
    assert "Fictional Arena rating" in model.get("plotly_chart")[0].proto.spec

    value = app({"metric": "fx.rating"}, page="app_pages/value.py", **live)
    assert value.text_input(key="metric").value == "fx.rating"
    assert "Fictional: Only Here" in value.dataframe[0].value["model"].tolist()  # cheapest: on the frontier


def test_the_fourth_source_in_the_exports(fourth_source):
    from service.data import BenchmarkData
    from service.settings import Settings

    layer = BenchmarkData(Settings(api_key=TEST_KEY, base_url=fourth_source.base_url, cache_dir=None))
    state = load_after_refresh(layer, "fictional-arena")
    assert isinstance(state.dataset.items[0], FictionalItem)
    assert state.dataset.items[0].pricing.prompt == Decimal("0.000003")
    board = build_leaderboard(state.dataset.items, Filters(source="fictional-arena"))
    rows, _ = board.rows("rank", True, "", 10)
    read = pd.read_csv(io.BytesIO(to_csv_bytes(rows, board.columns)), comment="#")
    assert list(read.columns)[:4] == ["Rank", "Model", "OpenRouter", "Rating"] and read.iloc[0]["Rating"] == 91.5
