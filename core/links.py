"""Reading values that arrive in a link, before any widget sees them. Pure: no Streamlit.

Links hold stable ids; labels are only what people see. So that no link a
team has shared ever breaks, a value is matched in this order: the id
itself; the id in another case or spacing; a label (as older links held
them), in any case; and otherwise it is ignored with a note that names the
nearest valid value or lists them. Tracking parameters are dropped silently.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from core.identity import release_of
from core.memo import memoize_on_data

MAX_SHOWN = 60  # characters of a bad value quoted back to the user
MAX_LISTED = 8  # valid values listed in a note
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


def _folded(text: str) -> str:
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
    if raw in choices:
        return Resolved(raw)
    exact = raw.strip().casefold()
    for key in choices:
        if key.casefold() == exact:
            return Resolved(key, rewritten=True)
    for alias, key in (aliases or {}).items():
        if alias.casefold() == exact:
            return Resolved(key, f"Read {name}={shown(raw)!r} as {choices[key]} ({key}).", True)
    spaced = " ".join(exact.split())
    for key, label in choices.items():
        if " ".join(label.casefold().split()) == spaced:
            return Resolved(key, rewritten=True)
    folded = _folded(raw)
    table: dict[str, str] = {}
    for key, label in choices.items():
        table.setdefault(_folded(label), key)
    for key in choices:  # ids win over labels when both fold to the same text
        table[_folded(key)] = key
    if folded and folded in table:
        return Resolved(table[folded], rewritten=True)
    by_alias = {_folded(alias): key for alias, key in (aliases or {}).items()}
    if folded and folded in by_alias:
        key = by_alias[folded]
        return Resolved(key, f"Read {name}={shown(raw)!r} as {choices[key]} ({key}).", True)
    if len(folded) >= 3:  # part of exactly one label: "Kimi K3" for "MoonshotAI: Kimi K3"
        within = [key for key, label in choices.items() if folded in _folded(label)]
        if len(within) == 1:
            key = within[0]
            return Resolved(key, f"Read {name}={shown(raw)!r} as {choices[key]} ({key}).", True)
    return Resolved(None, f"Ignored {name}={shown(raw)!r}: not a known value.{_hint(raw, choices)}", True)


def _hint(raw: str, choices: Mapping[str, str]) -> str:
    """The nearest id or label, else the valid ids."""
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
    """Every value of a multi-choice parameter, each resolved; unknown ones noted, duplicates dropped."""
    kept: list[str] = []
    unknown: list[str] = []
    rewritten = False
    for raw in values:
        found = resolve_choice(name, [raw], choices, aliases)
        rewritten |= found.rewritten
        if found.value is None:
            unknown.append(raw)
        elif found.value not in kept:
            kept.append(found.value)
        else:
            rewritten = True
    note = None
    if unknown:
        listed = ", ".join(repr(shown(v)) for v in unknown[:3]) + (" …" if len(unknown) > 3 else "")
        note = f"Ignored {len(unknown)} unknown value(s) of '{name}': {listed}."
    return kept, note, rewritten


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


def unknown_params(names: Collection[str], known: Collection[str]) -> tuple[list[str], str | None]:
    """Parameters no widget of this page reads: the ones to drop, and a note (tracking ones silently)."""
    unknown = sorted(n for n in names if n not in known)
    noted = [n for n in unknown if not is_tracking(n)]
    if not noted:
        return unknown, None
    listed = ", ".join(repr(shown(n)) for n in noted[:5]) + (" …" if len(noted) > 5 else "")
    return unknown, f"Ignored unknown link parameter(s): {listed}."


def unknown_page(asked: str, paths: Collection[str]) -> str | None:
    """The asked page path, quoted back as `shown`, when no page has it (None for "" and known paths)."""
    asked = asked.strip("/")
    return None if not asked or asked in paths else shown(asked)
