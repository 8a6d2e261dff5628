"""A model id spelled with look-alike letters (Cyrillic, Greek, fullwidth) is flagged where it enters.

`оpenаi/gpt-5-2025-08-07` (Cyrillic о and а), named "OpenAI: GPT-5" and scoring 99.9, used to be ranked #1
indistinguishable from the real model. It is kept as its own model, never merged with the real one, its name
carries a warning mark wherever it is shown, and the dataset's problems say which id it looks like.
"""

from __future__ import annotations

import json
import shutil

import pytest

from client.models import parse_item_keeping_it
from fake_openrouter import Limits, Server
from tests.conftest import SNAPSHOT_DIR, TEST_KEY

REAL = "openai/gpt-5-2025-08-07"
CYRILLIC = "\u043epen\u0430i/gpt-5-2025-08-07"  # о, а
GREEK = "openai/gpt-5-2025-08-\u03bf7"  # ο
FULLWIDTH = "openai/\uff47pt-5-2025-08-07"  # ｇ
MIXED_WORD = "openai/gpt-5-\u0436ero"  # ж in a Latin word: no Latin look-alike, still a mixed word
LOOKALIKES = [CYRILLIC, GREEK, FULLWIDTH]
MARK = "⚠"


def aa_item(slug: str, name: str = "OpenAI: GPT-5", index: float = 35.3) -> dict:
    return {"source": "artificial-analysis", "model_permaslug": slug, "display_name": name,
            "intelligence_index": index, "coding_index": index, "agentic_index": index,
            "pricing": {"prompt": "0.00000125", "completion": "0.00001"}}


def validated(*raws: dict):
    from service.boundary import validate_items

    return validate_items([parse_item_keeping_it(raw)[0] for raw in raws])


@pytest.mark.parametrize("slug", LOOKALIKES)
def test_a_look_alike_id_is_kept_apart_marked_and_said_to_look_like_the_real_one(slug):
    items, problems = validated(aa_item(REAL), aa_item(slug, index=99.9))
    by_slug = {item.model_permaslug: item for item in items}
    assert set(by_slug) == {REAL, slug}  # two models, never merged
    assert by_slug[REAL].display_name == "OpenAI: GPT-5"  # the real one untouched
    assert by_slug[slug].display_name.startswith(MARK) and "OpenAI: GPT-5" in by_slug[slug].display_name
    flagged = [p for p in problems if "look" in p.reason]
    assert len(flagged) == 1 and not flagged[0].dropped and flagged[0].examples == (slug,)
    assert f"looks like {REAL}" in flagged[0].reason and "mixes scripts" in flagged[0].reason


def test_a_look_alike_id_without_its_original_in_the_answer_is_still_flagged():
    items, problems = validated(aa_item(CYRILLIC), aa_item(MIXED_WORD, "Some model"))
    assert all(item.display_name.startswith(MARK) for item in items)
    assert sorted(e for p in problems if "mixes scripts" in p.reason for e in p.examples) == sorted(
        [CYRILLIC, MIXED_WORD])


@pytest.mark.parametrize("slug", ["qwen/\u901a\u4e49\u5343\u95ee-max", "mistral/caf\u00e9-7b", "z-ai/glm-5.3", REAL,
                                  "\u30e2\u30c7\u30eb/\u30c6\u30b9\u30c8"])
def test_ids_in_one_script_per_word_are_not_flagged(slug):
    items, problems = validated(aa_item(slug, "A model"))
    assert items[0].display_name == "A model" and not problems


def test_flagging_again_does_not_mark_twice():
    """What the boundary kept is read through it again (disk cache, archive): one mark, one problem."""
    from service.boundary import validate_items

    items, _ = validated(aa_item(REAL), aa_item(CYRILLIC))
    again, problems = validate_items(items)
    assert [item.display_name for item in again] == [item.display_name for item in items]
    assert again[1].display_name.count(MARK) == 1 and len(problems) == 1


@pytest.fixture
def impersonated_api(tmp_path):
    """The stand-in serving the bundled data, with an impersonator of GPT-5 at the top of Artificial Analysis."""
    folder = tmp_path / "data"
    folder.mkdir()
    for path in SNAPSHOT_DIR.glob("*.json"):
        shutil.copy(path, folder / path.name)
    stored = json.loads((folder / "artificial-analysis.json").read_text())
    stored["response"]["data"].append(aa_item(CYRILLIC, index=99.9))
    stored["response"]["meta"]["model_count"] += 1
    (folder / "artificial-analysis.json").write_text(json.dumps(stored))
    with Server(data_dir=folder, limits=Limits(all_when_omitted=True)) as server:
        yield server


def test_the_leaderboard_marks_the_impersonator_and_shows_the_real_model_apart(app, impersonated_api):
    at = app({"source": "Artificial Analysis"}, key=TEST_KEY, base_url=impersonated_api.base_url)
    assert not at.exception
    rows = at.dataframe[0].value
    marked, real = rows[rows["model"].str.startswith(MARK)], rows[rows["model"] == "OpenAI: GPT-5"]
    assert len(marked) == 1 and len(real) == 1  # the impersonator and the real model, each its own row
    assert marked.index[0] == rows.index[0] and "OpenAI: GPT-5" in marked.iloc[0]["model"]  # ranked #1, marked
    assert real.iloc[0]["intelligence_index"] != marked.iloc[0]["intelligence_index"]  # never merged

    status = app(page="app_pages/status.py", key=TEST_KEY, base_url=impersonated_api.base_url)
    problems = " ".join(" ".join(map(str, frame.value.to_numpy().ravel())) for frame in status.dataframe)
    assert f"looks like {REAL}" in problems
