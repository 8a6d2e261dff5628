"""The one validated boundary: every item from outside passes here, where it enters the app.

It enters in three places, and each calls this module: after the client parses an
API answer (`service.datasets.fetch_dataset`), when the disk cache is read
(`service.store`), and when the bundled snapshot is loaded (`service.data`).
Whatever passes is safe for every page: no later arithmetic, formatting or
ranking on an outside number may raise or mislead.

Rules, in the order they are applied to an item:

- Types. An item of a source the catalogue knows, parsed generically by the
  client, is read again as the catalogue's item type (kept generic if it does
  not fit).
- Text. `model_permaslug`, `display_name`, `category`, `arena`,
  `benchmark_type` and the other text fields of `TEXT_FIELDS`, and the meta's
  `citation`, `source_url` and `as_of`: control, format and bidi characters
  (Unicode category C*, e.g. U+202A–U+202E, U+2066–U+2069, zero-width spaces,
  NUL) are removed, whitespace is folded to single spaces, and text is cut at
  MAX_TEXT_CHARS. Removing a character or cutting is counted; folding spaces
  is not (the published names carry trailing spaces). A model id that is empty
  or over MAX_TEXT_CHARS drops the item; an empty name becomes the model id.
  A `source_url` that is not http(s) is removed.
- Numbers. Every number of an item must be finite (integers within ±MAX_INT),
  and every numeric column the catalogue declares for its source
  (`Column.read` over the item) must read finite and within `Column.bounds`
  (e.g. AA indices 0–100, DA ELO 0–5000, win rate 0–100, OR score 0–100). A
  figure that is not becomes missing (None) when it is optional; the item is
  dropped when the figure is required: the source's default measure column
  (DA ELO, OR score, AA intelligence index, ...) or a field its item model
  cannot leave empty (DA win rate, OR task count, ...).
- Prices. Both per-token prices must be exact non-negative Decimals below
  PRICE_CAP_PER_TOKEN ($1 per token = $1,000,000 per 1M tokens) with at most
  MAX_PRICE_DECIMALS decimal places. Otherwise (OpenRouter's "-1" sentinel,
  non-finite, huge, unparseable or empty) the price is unknown: `pricing` None,
  the item kept. Within these, the picker's exact cost arithmetic cannot raise.
- Duplicates. The same identity (`client.query.identity`) twice in one answer:
  the first is kept, the other dropped as a duplicate. The same item in two
  answers of one sliced fetch is the expected overlap and is not counted.
- Look-alike ids. A model id with a letter, digit or sign drawn like an ASCII
  one from another script or form (Cyrillic "о", Greek "ο", fullwidth "ｇ",
  Latin "ɡ" "ı" "ɑ", the dashes and slashes "‐" "−" "⁄" "∕"), a mark drawn as
  nothing (U+034F, variation selectors, the Hangul filler) or set on an ASCII
  letter, a word mixing scripts, or a word wholly of look-alikes
  (`lookalike_id`); and any id drawn like another id of the answer, plain
  ASCII ones too ("0penai", "openal" next to "openai": ids grouped by
  `skeleton`, one pass), may impersonate another model: it is kept as its own
  model (never merged), its name is marked with LOOKALIKE_MARK wherever it is
  shown, and its problem names the id of the answer it looks like, if any. In
  a group the one ASCII id is taken as the real one; two ASCII ids drawn alike
  are both marked (which is real cannot be told).
- Ids the cleaning changed. An id from which the text cleaning removed an
  invisible character or a no-break space (anything but ASCII spaces around
  and between words) is set aside until every item of the answers is in: when
  it then reads as the id of another item, that item is kept and this one is
  dropped (`INVISIBLE_ID`), whichever came first; otherwise it is kept and
  marked as a look-alike.
- Unknown sources are kept (GenericItem), never dropped: their text is
  cleaned, their non-finite numbers made missing.

Everything dropped or changed is counted as an `ItemProblem` (reason, count,
up to MAX_EXAMPLES model ids, dropped or changed), carried on the dataset and
saved with it in the disk cache.
"""

from __future__ import annotations

import math
import re
import types
import typing
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from client.models import BenchmarkItem, BenchmarksMeta, DroppedItem, GenericItem, parse_item_keeping_it
from client.query import identity
from core.catalogue import Column, Source, source_of_item

MAX_TEXT_CHARS = 300
PRICE_CAP_PER_TOKEN = Decimal(1)  # USD per token, exclusive: $1,000,000 per 1M tokens
MAX_PRICE_DECIMALS = 30  # a price with more decimal places is not an exact price of this API
MAX_INT = 2**53  # integers beyond this cannot be read as floats exactly (or at all)
MAX_EXAMPLES = 3
UNLIMITED = 2**62
MAX_PROBLEMS = 100  # distinct reasons kept per dataset
TEXT_FIELDS = ("source", "model_permaslug", "display_name", "arena", "category", "benchmark_type",
               "primary_metric", "search_engine", "search_surface", "last_run_timestamp")
META_TEXT_FIELDS = ("as_of", "version", "source", "source_url", "citation", "task_type")
DUPLICATE = "duplicate of an earlier item"
CONTROL_CHARACTERS = "text had control or bidi characters"
TOO_LONG = f"text longer than {MAX_TEXT_CHARS} characters"
NO_MODEL_ID = f"model id is empty or longer than {MAX_TEXT_CHARS} characters"
NOT_A_PRICE = "price is not a number"


@dataclass(frozen=True)
class ItemProblem:
    """What happened to some items at the boundary: `count` items dropped (or changed) for `reason`."""

    reason: str
    count: int
    examples: tuple[str, ...] = ()  # up to MAX_EXAMPLES model ids
    dropped: bool = True  # the items were removed; False: changed and kept

    def to_json(self) -> dict[str, Any]:
        return {"reason": self.reason, "count": self.count, "examples": list(self.examples), "dropped": self.dropped}

    @classmethod
    def from_json(cls, raw: Any) -> ItemProblem:
        """Read one back from the disk cache; ValueError when it is not what we wrote."""
        if not isinstance(raw, dict):
            raise ValueError("a problem is not an object")
        reason, count, examples, dropped = raw.get("reason"), raw.get("count"), raw.get("examples"), raw.get("dropped")
        if not isinstance(reason, str) or not isinstance(dropped, bool):
            raise ValueError("a problem has no reason")
        if not _is_count(count):
            raise ValueError("a problem's count is not a count")
        if not isinstance(examples, list) or len(examples) > MAX_EXAMPLES or not all(
                isinstance(e, str) for e in examples):
            raise ValueError("a problem's examples are not model ids")
        return cls(clean_text(reason)[0], count, tuple(clean_text(e)[0] for e in examples), dropped)


MAX_COUNT = 10_000_000


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def dropped_count(problems: Iterable[ItemProblem]) -> int:
    """Items removed, of these problems (changed items are not counted)."""
    return sum(problem.count for problem in problems if problem.dropped)


class ProblemLog:
    """Problems as they are found, grouped by (reason, dropped), in the order first seen."""

    def __init__(self, problems: Iterable[ItemProblem] = ()) -> None:
        self._entries: dict[tuple[str, bool], tuple[int, list[str]]] = {}
        self.extend(problems)

    def add(self, reason: str, model_id: Any = None, *, dropped: bool, count: int = 1) -> None:
        key = (reason[:200], dropped)
        if key not in self._entries and len(self._entries) >= MAX_PROBLEMS:
            key = ("other problems", dropped)
        total, examples = self._entries.get(key, (0, []))
        example = clean_text(model_id, 100)[0] if isinstance(model_id, str) else ""
        if example and example not in examples and len(examples) < MAX_EXAMPLES:
            examples.append(example)
        self._entries[key] = (min(total + count, MAX_COUNT), examples)

    def extend(self, problems: Iterable[ItemProblem]) -> None:
        for problem in problems:
            self.add(problem.reason, None, dropped=problem.dropped, count=problem.count)
            for example in problem.examples:
                self.add(problem.reason, example, dropped=problem.dropped, count=0)

    def result(self) -> tuple[ItemProblem, ...]:
        return tuple(ItemProblem(reason, count, tuple(examples), dropped)
                     for (reason, dropped), (count, examples) in self._entries.items() if count)


def merge_problems(*groups: Iterable[ItemProblem]) -> tuple[ItemProblem, ...]:
    log = ProblemLog()
    for group in groups:
        log.extend(group)
    return log.result()


# --- text --------------------------------------------------------------------------------------------------
def clean_text(value: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, set[str]]:
    """Text without control/bidi characters, whitespace folded, cut at `limit`; and what was wrong with it."""
    found: set[str] = set()
    if value.isprintable():  # no character of category C* or Z* but the ASCII space: the common case
        folded = " ".join(value.split())
    else:
        kept = []
        for ch in value:
            if unicodedata.category(ch)[0] == "C":
                found.add(CONTROL_CHARACTERS)
                kept.append(" " if ch.isspace() else "")
            else:
                kept.append(ch)  # other separators (no-break space, U+2028) fold below
        folded = " ".join("".join(kept).split())
    if len(folded) > limit:
        found.add(TOO_LONG)
        folded = folded[: limit - 1].rstrip() + "…"
    return folded, found


def _clean_fields(item: BaseModel, names: Sequence[str]) -> tuple[dict[str, Any], set[str]]:
    update: dict[str, Any] = {}
    found: set[str] = set()
    for name in names:
        value = getattr(item, name, None)
        if isinstance(value, str):
            cleaned, wrong = clean_text(value)
            found |= wrong
            if cleaned != value:
                update[name] = cleaned
    return update, found


# --- numbers -----------------------------------------------------------------------------------------------
def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bad_number(value: Any) -> bool:
    if isinstance(value, float):
        return not math.isfinite(value)
    return _is_number(value) and abs(value) > MAX_INT


def _nullable(annotation: Any) -> bool:
    if annotation is None or annotation is Any:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        return type(None) in typing.get_args(annotation)
    return False


Path = tuple[str, ...]


def _numbers(model: BaseModel, prefix: Path = ()) -> list[tuple[Path, Any, bool]]:
    """Every number of a model (nested models too, pricing aside): (path, value, may it be None)."""
    found: list[tuple[Path, Any, bool]] = []
    for name, info in type(model).model_fields.items():
        if name == "pricing":
            continue
        value = getattr(model, name, None)
        if isinstance(value, BaseModel):
            found += _numbers(value, (*prefix, name))
        elif _is_number(value):
            found.append(((*prefix, name), value, _nullable(info.annotation)))
    for name, value in (model.model_extra or {}).items():
        if _is_number(value):
            found.append(((*prefix, name), value, True))
    return found


def _set(model: BaseModel, path: Path, value: Any) -> BaseModel:
    if len(path) == 1:
        return model.model_copy(update={path[0]: value})
    inner = getattr(model, path[0])
    return model.model_copy(update={path[0]: _set(inner, path[1:], value)})


def _column_ok(column: Column, item: Any) -> bool:
    try:
        value = column.read(item)  # type: ignore[misc]
    except (ArithmeticError, ValueError, TypeError, AttributeError):
        return False
    if value is None or not _is_number(value):
        return True
    try:
        number = float(value)
    except OverflowError:
        return False
    if not math.isfinite(number):
        return False
    return column.bounds is None or column.bounds[0] <= number <= column.bounds[1]


def _column_reason(column: Column) -> str:
    if column.bounds is None:
        return f"{column.label} is not a finite number"
    low, high = column.bounds
    return f"{column.label} is not a number within {low:g}–{high:g}"


def _culprit(column: Column, item: BaseModel) -> tuple[Path, bool] | None:
    """The field that makes a column read wrong: the one whose absence makes it read right."""
    for path, value, nullable in _numbers(item):
        if value is None:
            continue
        if _column_ok(column, _set(item, path, None)):
            return path, nullable
    return None


# --- prices ------------------------------------------------------------------------------------------------
def price_problem(price: Any) -> str | None:
    """Why a per-token price is not a known price; None when it is one."""
    if not isinstance(price, Decimal):
        return NOT_A_PRICE
    if not price.is_finite():
        return "price is not a finite number"
    if price < 0:
        return "price is negative (unknown)"
    if price >= PRICE_CAP_PER_TOKEN:
        return f"price is ${PRICE_CAP_PER_TOKEN} or more per token"
    exponent = price.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_PRICE_DECIMALS:
        return f"price has more than {MAX_PRICE_DECIMALS} decimal places"
    return None


# --- items -------------------------------------------------------------------------------------------------
def _typed(item: BenchmarkItem) -> BenchmarkItem:
    """A generic item of a source the catalogue knows, as the catalogue's item type when it fits."""
    if not isinstance(item, GenericItem):
        return item
    known = source_of_item(item)
    for item_type in known.item_types if known else ():
        try:
            return item_type.model_validate(item.model_dump())
        except (ValidationError, ValueError, TypeError):
            continue
    return item


class _Drop(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _check_item(item: BenchmarkItem, log: ProblemLog) -> BenchmarkItem:
    """The item made safe, its changes logged once it is kept; raises _Drop when it cannot be kept."""
    item = _typed(item)
    slug, found = clean_text(str(item.model_permaslug), limit=UNLIMITED)
    if not slug or len(slug) > MAX_TEXT_CHARS:
        raise _Drop(NO_MODEL_ID)
    names = [name for name in TEXT_FIELDS if name in type(item).model_fields and name != "model_permaslug"]
    update, more = _clean_fields(item, names)
    found |= more
    if slug != item.model_permaslug:
        update["model_permaslug"] = slug
    if update:
        item = item.model_copy(update=update)
    changes: list[str] = []
    if not item.display_name:
        item = item.model_copy(update={"display_name": slug})
        changes.append("display name is empty (model id shown)")
    extras, extra_found = _clean_extras(item)
    if extras:
        item = item.model_copy(update=extras)
    changes += sorted(found | extra_found)

    source = source_of_item(item)
    known = source is not None and isinstance(item, source.item_types)
    required = source.default_measure.column if known and source else None
    columns = {c.id: c for c in source.columns} if known and source else {}
    for path, value, nullable in _numbers(item):
        if not _bad_number(value):
            continue
        column = _column_of(path, columns)
        label = column.label if column else ".".join(path)
        if not nullable or (column is not None and column.id == required):
            raise _Drop(f"{label} is not a finite number")
        item = _set(item, path, None)
        changes.append(f"{label} is not a finite number")
    if known and source is not None:
        item = _check_columns(item, source, changes)
    item = _check_price(item, changes)
    for reason in changes:
        log.add(reason, slug, dropped=False)
    return item


# --- look-alike ids ----------------------------------------------------------------------------------------
LOOKALIKE_MARK = "⚠"
LOOKALIKE = "model id mixes scripts or has look-alike letters"
# Letters of other scripts drawn like Latin ones: the common Cyrillic, Greek and Armenian confusables of
# Unicode's UTS #39 (fullwidth and styled letters are folded by NFKC first). Case matters: "Ν" is N, "ν" is v.
_LIKE_LATIN = str.maketrans({
    **dict(zip("аеорсухѕіјԁԛԝүһӏьвкмнт", "aeopcyxsijdqwyhlbbkmht", strict=True)),
    **dict(zip("АВЕЅІЈКМНОРСТХУ", "ABESIJKMHOPCTXY", strict=True)),
    **dict(zip("αεικνορτυχγη", "aeikvoptuxyn", strict=True)),
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),
    **dict(zip("օսցհոզ", "oughnq", strict=True)),
})
# Latin letters and punctuation drawn like ASCII ones that NFKC leaves as they are (UTS #39 confusables).
_DRAWN_LIKE_ASCII = str.maketrans({
    **dict(zip("ɡıɑȷɩɪʟɴʀʏᴏᴄᴠᴡᴢᴜꜱǀ", "giajiilnryocvwzusl", strict=True)),
    **dict.fromkeys("\u02d7\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63", "-"),
    **dict.fromkeys("\u2044\u2215\u2571\u27cb\u29f8\u3033", "/"),
})
# Marks drawn as nothing that are not control characters (the text cleaning keeps them): combining grapheme
# joiner, variation selectors, Hangul fillers, Khmer and Mongolian invisible vowels and selectors, blank braille.
_INVISIBLE = str.maketrans(dict.fromkeys(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10))) + "".join(map(chr, range(0xE0100, 0xE01F0)))))
_SKELETON = {**_LIKE_LATIN, **_DRAWN_LIKE_ASCII, **_INVISIBLE}
# Scripts written together within one word (Japanese, Korean, Chinese with Latin): never "mixed".
_WRITTEN_TOGETHER = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"}
_ASCII_FOLDS = str.maketrans("01i", "oll")  # after case folding: 0 and O, 1 and l and I look the same
_WORD = re.compile(r"[^\W_]+")
INVISIBLE_ID = "model id reads as another's once its invisible characters are removed"


def skeleton(slug: str) -> str:
    """What a model id looks like: fullwidth and styled letters folded (NFKC), look-alike letters of other
    scripts and Latin or punctuation look-alikes as the ASCII ones they are drawn like, invisible marks and
    marks on an ASCII letter dropped, case folded, 0 as o, 1 and i as l, rn as m. Two ids with one skeleton
    look the same."""
    text = unicodedata.normalize("NFKC", slug)
    if not text.isascii():
        text = _without_marks_on_ascii(text.translate(_SKELETON))
    return text.casefold().translate(_ASCII_FOLDS).replace("rn", "m")


def _without_marks_on_ascii(text: str) -> str:
    """`text` without the combining marks set on an ASCII letter ("g̣" as "g", "é" as "e")."""
    kept, on_ascii = [], False
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch)[0] == "M":
            if not on_ascii:
                kept.append(ch)
            continue
        kept.append(ch)
        on_ascii = ch.isascii()
    return unicodedata.normalize("NFC", "".join(kept))


def _script(letter: str) -> str:
    return unicodedata.name(letter, "UNKNOWN").split()[0]


def lookalike_id(slug: str) -> bool:
    """An id that may impersonate another: a character drawn like an ASCII one from another form (fullwidth,
    styled) or from Latin or punctuation ("ɡ", "ı", "‐", "∕"), a mark drawn as nothing ("\u034f", "\ufe0f",
    "\u3164"), a combining mark on an ASCII letter that makes no letter of its own, a word mixing scripts
    ("оpenаi"), or a word wholly of Latin look-alikes ("орс")."""
    if slug.isascii():  # every real id
        return False
    for ch in slug:
        if not ch.isascii() and (ord(ch) in _DRAWN_LIKE_ASCII or ord(ch) in _INVISIBLE
                                 or unicodedata.normalize("NFKC", ch).isascii()):
            return True
    composed = unicodedata.normalize("NFC", slug)
    if any(unicodedata.category(ch)[0] == "M" and composed[at - 1].isascii()
           for at, ch in enumerate(composed) if at):
        return True
    for word in _WORD.findall(slug):
        scripts = {_script(ch) for ch in word if ch.isalpha()} - _WRITTEN_TOGETHER
        if len(scripts) > 1 or (scripts and scripts != {"LATIN"} and skeleton(word).isascii()):
            return True
    return False


def _cleaning_changed(raw: BenchmarkItem, item: BenchmarkItem) -> bool:
    """Whether the text cleaning changed the id beyond the ASCII spaces around and between its words (it
    removed an invisible character, a no-break space, ...)."""
    return re.sub(" +", " ", str(raw.model_permaslug)).strip(" ") != item.model_permaslug


def _mark_lookalikes(kept: dict[tuple, BenchmarkItem], log: ProblemLog, cleaned: Iterable[tuple] = ()) -> None:
    """Items whose id may impersonate another, each marked, its problem naming the id it looks like: a
    `lookalike_id`, one the cleaning changed (`cleaned`: their keys), and any id whose skeleton another id
    of the answer has (grouped by skeleton: one pass). In such a group a plain ASCII id is taken as the real
    one when it is the only one; two ASCII ids drawn alike ("0penai", "openai") are both marked."""
    shapes: dict[str, list[str]] = {}  # skeleton -> the distinct ids drawn so
    for slug in dict.fromkeys(item.model_permaslug for item in kept.values()):
        shapes.setdefault(skeleton(slug), []).append(slug)
    suspects: dict[str, str | None] = {}  # id -> the id it looks like, if any
    for group in shapes.values():
        plain = [slug for slug in group if slug.isascii()]
        for slug in group:
            alike = next((other for other in plain if other != slug), None) or next(
                (other for other in group if other != slug), None)
            if (alike and (not slug.isascii() or len(plain) > 1)) or (not slug.isascii() and lookalike_id(slug)):
                suspects[slug] = alike
    for key in cleaned:
        suspects.setdefault(kept[key].model_permaslug, None)
    for key, item in kept.items():
        if item.model_permaslug not in suspects:
            continue
        other = suspects[item.model_permaslug]
        log.add(f"{LOOKALIKE} (looks like {other})" if other else LOOKALIKE, item.model_permaslug, dropped=False)
        if not item.display_name.startswith(LOOKALIKE_MARK):  # read through here again: marked once
            kept[key] = item.model_copy(update={"display_name": f"{LOOKALIKE_MARK} {item.display_name} "
                                                                "(look-alike id)"})


def _column_of(path: Path, columns: dict[str, Column]) -> Column | None:
    """The catalogue column shown from a field, when its id is the field's name (most are)."""
    return columns.get(path[-1]) if len(path) == 1 else None


def _clean_extras(item: BaseModel) -> tuple[dict[str, Any], set[str]]:
    """Unknown fields (all of a GenericItem's): text cleaned, non-finite numbers made missing."""
    update: dict[str, Any] = {}
    found: set[str] = set()
    for name, value in (item.model_extra or {}).items():
        if isinstance(value, str):
            cleaned, wrong = clean_text(value)
            if cleaned != value:
                update[name] = cleaned
                found |= wrong
        elif _bad_number(value):
            update[name] = None
            found.add(f"{name} is not a finite number")
    return update, found


def _check_columns(item: BaseModel, source: Source, changes: list[str]) -> Any:
    required = source.default_measure.column
    for column in source.columns:
        if column.read is None or column.kind in ("text", "link") or _column_ok(column, item):
            continue
        reason = _column_reason(column)
        if column.id == required:
            raise _Drop(reason)
        culprit = _culprit(column, item)
        if culprit is None or not culprit[1]:
            raise _Drop(reason)
        item = _set(item, culprit[0], None)
        changes.append(reason)
    return item


def _check_price(item: Any, changes: list[str]) -> Any:
    if "pricing" not in type(item).model_fields:
        return item
    pricing = getattr(item, "pricing", None)
    if pricing is None:
        return item
    reason = price_problem(getattr(pricing, "prompt", None)) or price_problem(getattr(pricing, "completion", None))
    if reason is None:
        return item
    changes.append(reason)
    return item.model_copy(update={"pricing": None})


def validate_answers(answers: Iterable[Iterable[BenchmarkItem]]) -> tuple[tuple[BenchmarkItem, ...],
                                                                          tuple[ItemProblem, ...]]:
    """Items of one or more answers of one dataset (a sliced fetch), each made safe, merged without duplicates.

    An identity twice in one answer is a duplicate (the first kept, the other counted); the same identity in
    two answers is the expected overlap of slices (the first kept, nothing counted).
    """
    log = ProblemLog()
    kept: dict[tuple, BenchmarkItem] = {}
    answer_of: dict[tuple, int] = {}  # identity -> the answer it was first seen in, kept or dropped
    cleaned: dict[tuple, BenchmarkItem] = {}  # identity -> the first item whose id the cleaning changed
    for number, answer in enumerate(answers):
        for raw in answer:
            try:
                item = _check_item(raw, log)
            except _Drop as drop:
                key = identity(raw)
                if answer_of.setdefault(key, number) == number:
                    log.add(drop.reason, getattr(raw, "model_permaslug", None), dropped=True)
                continue
            key = identity(item)
            if _cleaning_changed(raw, item):  # kept apart until every item is in: never before a real one
                cleaned.setdefault(key, item)
                continue
            first = answer_of.setdefault(key, number)
            if key in kept or first != number:
                if first == number:
                    log.add(DUPLICATE, item.model_permaslug, dropped=True)
                continue
            kept[key] = item
    for key, item in cleaned.items():
        if key in kept:  # it reads as a real one: the real one stays, whichever came first
            log.add(f"{INVISIBLE_ID} (looks like {kept[key].model_permaslug})", item.model_permaslug, dropped=True)
        else:
            kept[key] = item
    _mark_lookalikes(kept, log, [key for key in cleaned if kept[key] is cleaned[key]])
    return tuple(kept.values()), log.result()


def validate_items(items: Iterable[BenchmarkItem]) -> tuple[tuple[BenchmarkItem, ...], tuple[ItemProblem, ...]]:
    """One answer's items made safe (see the module's rules), and what was dropped or changed."""
    return validate_answers([items])


def client_problems(dropped: Iterable[DroppedItem], unpriced: Iterable[DroppedItem] = ()
                    ) -> tuple[ItemProblem, ...]:
    """Items the client could not parse at all, and items it kept without the price it could not read."""
    log = ProblemLog()
    for item in dropped:
        reason = NOT_A_PRICE if item.reason.startswith("pricing") else f"did not fit its shape ({item.reason})"
        log.add(clean_text(reason, 200)[0], item.model_permaslug, dropped=True)
    for item in unpriced:
        log.add(NOT_A_PRICE, item.model_permaslug, dropped=False)
    return log.result()


def parse_raw_items(raws: Any) -> tuple[tuple[BenchmarkItem, ...], tuple[ItemProblem, ...]]:
    """Raw JSON items (disk cache, snapshot) parsed and made safe; an unparseable price makes the price unknown."""
    if not isinstance(raws, list):
        raise ValueError("items are not a list")
    log = ProblemLog()
    parsed: list[BenchmarkItem] = []
    for raw in raws:
        slug = raw.get("model_permaslug") if isinstance(raw, dict) else None
        try:
            item, price_unread = parse_item_keeping_it(raw)
            parsed.append(item)
            if price_unread:
                log.add(NOT_A_PRICE, slug, dropped=False)
        except (ValidationError, ValueError, TypeError) as error:
            reason = error.errors()[0]["loc"] if isinstance(error, ValidationError) and error.errors() else ()
            where = ".".join(str(part) for part in reason) or "item"
            log.add(clean_text(f"did not fit its shape ({where})", 200)[0], slug, dropped=True)
    items, problems = validate_items(parsed)
    return items, merge_problems(log.result(), problems)


# --- meta --------------------------------------------------------------------------------------------------
def validate_meta(meta: BenchmarksMeta) -> tuple[BenchmarksMeta, tuple[ItemProblem, ...]]:
    """The answer's meta with its text cleaned (citation, source URL, dates) and its extras made harmless."""
    log = ProblemLog()
    update, found = _clean_fields(meta, META_TEXT_FIELDS)
    extras, extra_found = _clean_extras(meta)
    update.update(extras)
    url = update.get("source_url", meta.source_url)
    if url is not None and not url.lower().startswith(("https://", "http://")):
        update["source_url"] = None
        log.add("source URL is not an http(s) link", None, dropped=False)
    for reason in sorted(found | extra_found):
        log.add(f"meta: {reason}", None, dropped=False)
    return (meta.model_copy(update=update) if update else meta), log.result()
