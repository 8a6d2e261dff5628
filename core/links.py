"""Reading values that arrive in a link, before any widget sees them. Pure: no Streamlit.

Links hold stable ids; labels are only what people see. So that no link a
team has shared ever breaks, a value is matched in this order: the id
itself; the id in another case or spacing; a label (as older links held
them), in any case; and otherwise it is ignored with a note that names the
nearest valid value or lists them. Tracking parameters are dropped silently.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from core.catalogue import ALL
from core.identity import release_of
from core.memo import memoize_on_data

MAX_SHOWN = 60  # characters of a bad value quoted back to the user
MAX_LISTED = 8  # valid values listed in a note
MAX_VALUES = 20  # values of one link parameter that are read; the rest are ignored, with a note
MAX_FUZZY_CHARS = 100  # a longer value gets no fuzzy suggestion (difflib's work grows with its length)
MIN_PART_CHARS = 3  # a shorter value is no part of a name worth suggesting ("a" is in every name)
ALL_ID = "all"  # how a link names core.catalogue.ALL ("every source", "any task"); its former id `*` is read too
TRACKING_PREFIXES = ("utm_",)
TRACKING_KEYS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "ref"})


@dataclass(frozen=True)
class Resolved:
    """What a link value means: the id to use (None: the default), and a note for the user if any."""

    value: str | None
    note: str | None = None
    rewritten: bool = False  # the link held an alias: the URL should be rewritten to the id


def shown(value: str) -> str:
    """A value quoted back to the user: one line, control characters out, cut to MAX_SHOWN."""
    value = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in value)
    return value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"


def fold_text(text: str) -> str:
    """Case, accents, spacing and punctuation folded away: "Game dev", "game-dev", "GAMEDEV" all meet."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return re.sub(r"[\W_]+", "", text)


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(TRACKING_PREFIXES) or lowered in TRACKING_KEYS


def _listing(choices: Mapping[str, str]) -> str:
    ids = list(choices)
    listed = ", ".join(ids[:MAX_LISTED])
    return listed + (f" and {len(ids) - MAX_LISTED} more" if len(ids) > MAX_LISTED else "")


@memoize_on_data
def link_choices(choices: Mapping[str, str]) -> Mapping[str, str]:
    """`choices` as links name them: the "all" entry (core.catalogue.ALL) under the readable id `all`, unless a
    real id is `all` (then it keeps `*`). The same mapping when there is nothing to rename."""
    if ALL not in choices or ALL_ID in choices:
        return choices
    return {ALL_ID if key == ALL else key: label for key, label in choices.items()}


def link_id(value: str) -> str:
    """The id a link holds for a choice's id (ALL is `all`)."""
    return ALL_ID if value == ALL else value


@memoize_on_data
def _tables(choices: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str], dict[str, str], list]:
    """Lookups of one set of choices, made once per set: by id in any case, by label in any case and spacing,
    by folded id or label (ids win), and (id, folded id, folded label) for finding a part of a name."""
    by_case: dict[str, str] = {}
    by_label: dict[str, str] = {}
    by_folded: dict[str, str] = {}
    parts = []
    for key, label in choices.items():
        by_case.setdefault(key.casefold(), key)
        by_label.setdefault(" ".join(label.casefold().split()), key)
        by_folded.setdefault(fold_text(label), key)
        parts.append((key, fold_text(key), fold_text(label)))
    for key in choices:  # ids win over labels when both fold to the same text
        by_folded[fold_text(key)] = key
    return by_case, by_label, by_folded, parts


@memoize_on_data
def _alias_tables(aliases: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    by_case: dict[str, str] = {}
    for alias, key in aliases.items():
        by_case.setdefault(alias.casefold(), key)
    return by_case, {fold_text(alias): key for alias, key in aliases.items()}


def _match(name: str, raw: str, choices: Mapping[str, str], aliases: Mapping[str, str] | None) -> Resolved | None:
    """What one link value means, by id, then case-folded id, alias, label, folded text and part of one label;
    None when nothing matches. Each step is a lookup in tables made once per set of choices."""
    if raw in choices:
        return Resolved(raw)
    if raw.strip() == ALL and ALL_ID in choices and ALL not in choices:  # `*`, the former id of "all"
        return Resolved(ALL_ID, rewritten=True)
    by_case, by_label, by_folded, parts = _tables(choices)
    alias_case, alias_folded = _alias_tables(aliases) if aliases else ({}, {})
    exact = raw.strip().casefold()
    if exact in by_case:
        return Resolved(by_case[exact], rewritten=True)
    if exact in alias_case:
        key = alias_case[exact]
        return Resolved(key, f"Read {name}={shown(raw)!r} as {choices[key]} ({key}).", True)
    spaced = " ".join(exact.split())
    if spaced in by_label:
        return Resolved(by_label[spaced], rewritten=True)
    folded = fold_text(raw)
    if folded and folded in by_folded:
        return Resolved(by_folded[folded], rewritten=True)
    if folded and folded in alias_folded:
        key = alias_folded[folded]
        return Resolved(key, f"Read {name}={shown(raw)!r} as {choices[key]} ({key}).", True)
    if len(folded) >= MIN_PART_CHARS:  # part of exactly one label: "Kimi K3" for "MoonshotAI: Kimi K3"
        within = [key for key, _, label in parts if folded in label]
        if len(within) == 1:
            key = within[0]
            return Resolved(key, f"Read {name}={shown(raw)!r} as {choices[key]} ({key}).", True)
    return None


def resolve_choice(name: str, values: Sequence[str], choices: Mapping[str, str],
                   aliases: Mapping[str, str] | None = None) -> Resolved:
    """One value of a single-choice parameter, by id, then case-folded id, then label, then alias."""
    if not values:
        return Resolved(None)
    if len(values) > 1:
        first = resolve_choice(name, values[:1], choices, aliases)
        note = f"Link parameter '{name}' was given {len(values)} times; only the first counts."
        return Resolved(first.value, note if first.note is None else f"{note} {first.note}", True)
    raw = values[0]
    found = _match(name, raw, choices, aliases)
    if found is not None:
        return found
    return Resolved(None, f"Ignored {name}={shown(raw)!r}: not a known value.{suggestion(choices, raw)}", True)


@memoize_on_data
def suggestion(choices: Mapping[str, str], raw: str) -> str:
    """What a note suggests for a value that matches nothing: computed once per value and set of choices
    (a data version's choices are one mapping), so a link repeating a value costs one suggestion."""
    return _nearest(raw, choices)


def _named(key: str, choices: Mapping[str, str]) -> str:
    """A choice in a note: its label and id ("Design Arena (design-arena)"), or the label alone if it holds
    the id ("2026-07-12 (AA, DA)")."""
    return choices[key] if key in choices[key] else f"{choices[key]} ({key})"


def _as_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if len(text.strip()) == 10 else None
    except ValueError:
        return None


def _nearest(raw: str, choices: Mapping[str, str]) -> str:
    """The nearest choices to a value: by date for a date among dates; else the names holding it (as a whole
    or word by word); else the closest id or label by spelling; else the valid ids."""
    asked = _as_date(raw)
    dated = {key: day for key in choices if (day := _as_date(key))} if asked else {}
    if dated:
        nearest = min(dated, key=lambda key: (abs((dated[key] - asked).days), key))
        return f" Did you mean {_named(nearest, choices)}?"
    folded = fold_text(raw)
    words = [w for w in (fold_text(part) for part in re.split(r"[\s/:,._-]+", raw)) if w]
    if len(folded) >= MIN_PART_CHARS:
        holding = [key for key, fid, label in _tables(choices)[3]
                   if folded in fid or folded in label or (len(words) > 1 and all(w in fid or w in label
                                                                                    for w in words))]
        if holding:
            listed = ", ".join(_named(key, choices) for key in holding[:MAX_LISTED])
            more = f" and {len(holding) - MAX_LISTED} more" if len(holding) > MAX_LISTED else ""
            return f" Did you mean {listed}{more}?" if len(holding) == 1 else f" Did you mean one of: {listed}{more}?"
    if len(raw) <= MAX_FUZZY_CHARS:
        by_id = difflib.get_close_matches(raw.lower(), [k.lower() for k in choices], n=1, cutoff=0.6)
        if by_id:
            return f" Did you mean {next(k for k in choices if k.lower() == by_id[0])}?"
        labels = {label.lower(): key for key, label in choices.items()}
        by_label = difflib.get_close_matches(raw.lower(), list(labels), n=1, cutoff=0.6)
        if by_label:
            key = labels[by_label[0]]
            return f" Did you mean {choices[key]} ({key})?"
    return f" Valid values: {_listing(choices)}."


def resolve_choices(name: str, values: Sequence[str], choices: Mapping[str, str],
                    aliases: Mapping[str, str] | None = None) -> tuple[list[str], str | None, bool]:
    """Every value of a multi-choice parameter, each resolved; unknown ones noted, duplicates dropped.

    Only the first MAX_VALUES are read (a link repeating a parameter a thousand times costs twenty lookups),
    and a suggestion is made only when one value is unknown."""
    said: list[str] = []
    rewritten = False
    if len(values) > MAX_VALUES:
        said.append(f"Link parameter '{name}' has {len(values)} values; only the first {MAX_VALUES} are read.")
        values, rewritten = values[:MAX_VALUES], True
    kept: list[str] = []
    unknown: list[str] = []
    for raw in values:
        found = _match(name, raw, choices, aliases)
        if found is None:
            rewritten = True
            if raw not in unknown:
                unknown.append(raw)
            continue
        rewritten |= found.rewritten
        if found.value not in kept:
            kept.append(found.value)
        else:
            rewritten = True
    if unknown:
        listed = ", ".join(repr(shown(v)) for v in unknown[:3]) + (" …" if len(unknown) > 3 else "")
        hint = suggestion(choices, unknown[0]) if len(unknown) == 1 else ""
        said.append(f"Ignored {len(unknown)} unknown value(s) of '{name}': {listed}.{hint}")
    return kept, " ".join(said) or None, rewritten


@memoize_on_data
def model_aliases(models: Mapping[str, str]) -> dict[str, str]:
    """Other ways a link may name a model: its undated id (the newest dated one wins) and its name (a name
    several ids share goes to the newest dated release: "Claude Opus 5" is `…-20260723`, not the undated id
    OpenRouter's search evals use)."""
    aliases: dict[str, str] = {}
    newest: dict[str, tuple[str, str]] = {}
    for slug in models:
        release = release_of(slug)
        if release:
            base, date = release
            if base not in newest or date > newest[base][0]:
                newest[base] = (date, slug)
    aliases.update({base: slug for base, (_, slug) in newest.items() if base not in models})
    dated_first = sorted(models, key=lambda slug: (release_of(slug) or ("", ""))[1], reverse=True)
    for slug in dated_first:  # a stable sort: ids without a date keep their order, after the dated ones
        aliases.setdefault(models[slug], slug)
    return aliases


def check_number(name: str, values: Sequence[str], low: float, high: float, default: object,
                 *, whole: bool = True) -> str | None:
    """A note when a numeric parameter is repeated, not a number (whole if asked), or out of range."""
    if not values:
        return None
    if len(values) > 1:
        return f"Link parameter '{name}' was given {len(values)} times; only one value is allowed."
    kind = "a whole number" if whole else "a number"
    try:
        number = int(values[0].strip().replace(",", "")) if whole else float(values[0].strip().replace(",", ""))
    except ValueError:
        return f"Ignored {name}={shown(values[0])!r}: not {kind}. Showing {default}."
    if not low <= number <= high:  # also rejects nan
        return f"Ignored {name}={shown(values[0])}: must be between {low:,g} and {high:,g}. Showing {default}."
    return None


def check_text(name: str, values: Sequence[str], max_chars: int) -> str | None:
    if len(values) > 1:
        return f"Link parameter '{name}' was given {len(values)} times; only one value is allowed."
    if values and len(values[0]) > max_chars:
        return f"Ignored '{name}': longer than {max_chars} characters."
    return None


def unknown_params(names: Collection[str], known: Collection[str], quiet: Collection[str] = ()
                   ) -> tuple[list[str], str | None]:
    """Parameters no widget of this page reads: the ones to drop, and a note (tracking ones and `quiet` ones,
    such as those the previous page left in the link, silently)."""
    unknown = sorted(n for n in names if n not in known)
    noted = [n for n in unknown if not is_tracking(n) and n not in quiet]
    if not noted:
        return unknown, None
    listed = ", ".join(repr(shown(n)) for n in noted[:5]) + (" …" if len(noted) > 5 else "")
    return unknown, f"Ignored unknown link parameter(s): {listed}."


def unknown_page(asked: str, paths: Collection[str]) -> str | None:
    """The asked page path, quoted back as `shown`, when no page has it (None for "" and known paths)."""
    asked = asked.strip("/")
    return None if not asked or asked in paths else shown(asked)
