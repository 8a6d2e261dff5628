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


# --- A13: what the first check missed -----------------------------------------------------------------------
MISSED = {
    "Latin script g U+0261": REAL.replace("gpt", "\u0261pt"),
    "dotless i U+0131": REAL.replace("openai", "opena\u0131"),
    "Latin alpha U+0251": REAL.replace("openai", "open\u0251i"),
    "hyphen U+2010": REAL.replace("-", "\u2010", 1),
    "non-breaking hyphen U+2011": REAL.replace("-", "\u2011", 1),
    "minus sign U+2212": REAL.replace("-", "\u2212", 1),
    "fraction slash U+2044": REAL.replace("/", "\u2044"),
    "division slash U+2215": REAL.replace("/", "\u2215"),
    "big solidus U+29F8": REAL.replace("/", "\u29f8"),
    "combining grapheme joiner U+034F": REAL.replace("gpt", "g\u034fpt"),
    "variation selector U+FE0F": REAL.replace("gpt", "g\ufe0fpt"),
    "combining dot below U+0323": REAL.replace("gpt", "g\u0323pt"),
    "Hangul filler U+3164": REAL + "\u3164",
    "ASCII 0 for o": REAL.replace("openai", "0penai"),
    "ASCII l for i": REAL.replace("openai", "openal"),
}


@pytest.mark.parametrize("kind", sorted(MISSED))
def test_look_alikes_of_every_form_are_kept_apart_marked_and_said_to_look_like_the_real_one(kind):
    slug = MISSED[kind]
    for order in ((REAL, slug), (slug, REAL)):  # the impersonator first or last
        items, problems = validated(*(aa_item(s, index=99.9 if s == slug else 35.3) for s in order))
        by_slug = {item.model_permaslug: item for item in items}
        assert set(by_slug) == {REAL, slug}, kind  # two models, never merged
        assert by_slug[slug].display_name.startswith(MARK) and "OpenAI: GPT-5" in by_slug[slug].display_name
        flagged = [p for p in problems if "look" in p.reason]
        assert any(slug in p.examples and f"looks like {REAL}" in p.reason for p in flagged), (kind, flagged)
        assert not any(p.dropped for p in flagged)


@pytest.mark.parametrize("slug", [MISSED[k] for k in ("Latin script g U+0261", "hyphen U+2010",
                                                      "combining grapheme joiner U+034F", "Hangul filler U+3164")])
def test_a_look_alike_of_a_new_form_is_flagged_alone_too(slug):
    items, problems = validated(aa_item(slug))
    assert items[0].display_name.startswith(MARK) and any("look-alike" in p.reason or "mixes" in p.reason
                                                          for p in problems)


@pytest.mark.parametrize("slug", [REAL.replace("gpt", "g\u200bpt"), REAL + "\u00a0", "\u200e" + REAL])
def test_an_id_that_cleaning_makes_equal_to_a_real_one_never_replaces_it(slug):
    """Zero-width space, trailing no-break space, a bidi mark: removed by the text cleaning, the id then reads
    as the real one. Whichever comes first, the real model is kept with its own figures; the other is dropped
    and said to be a look-alike of it."""
    for order in ((REAL, slug), (slug, REAL)):
        items, problems = validated(*(aa_item(s, index=99.9 if s == slug else 35.3) for s in order))
        assert [(i.model_permaslug, i.display_name, i.intelligence_index) for i in items] == [
            (REAL, "OpenAI: GPT-5", 35.3)]
        dropped = [p for p in problems if p.dropped]
        assert len(dropped) == 1 and f"looks like {REAL}" in dropped[0].reason


def test_an_id_that_cleaning_changed_is_marked_even_without_the_real_one():
    items, problems = validated(aa_item(REAL.replace("gpt", "g\u200bpt"), index=99.9))
    assert items[0].model_permaslug == REAL and items[0].display_name.startswith(MARK)
    assert any("look" in p.reason and not p.dropped for p in problems)


def test_plain_ids_published_with_spaces_around_are_not_flagged():
    items, problems = validated(aa_item(" " + REAL + " "), aa_item("anthropic/claude-4"))
    assert [i.display_name for i in items] == ["OpenAI: GPT-5", "OpenAI: GPT-5"] and not problems


def test_look_alike_groups_are_found_in_one_pass():
    """Thousands of distinct ids: grouped by skeleton (a dict), not compared pair by pair."""
    import service.boundary as boundary

    calls = []
    real_skeleton = boundary.skeleton
    items = [aa_item(f"vendor{n}/model-{n}") for n in range(3000)]
    try:
        boundary.skeleton = lambda slug: calls.append(slug) or real_skeleton(slug)
        kept, problems = validated(*items, aa_item("vend0r7/model-7"))
    finally:
        boundary.skeleton = real_skeleton
    assert len(calls) <= 2 * len(kept)
    # two plain ids drawn alike: which is the real one cannot be told, so both are marked, each naming the other
    assert sorted(e for p in problems if "look" in p.reason for e in p.examples) == ["vend0r7/model-7",
                                                                                     "vendor7/model-7"]
