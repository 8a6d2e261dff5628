"""What changed: between two archived dates, models added and removed, rank moves, prices, new top-1s."""

import streamlit as st

from core.catalogue import ALL
from core.citations import edition_citation_lines
from core.exports import to_csv_bytes, to_json_bytes
from core.history import LATEST, PREVIOUS, build_changes, date_choices, fallers, risers, top_moves
from core.text import md
from ui.data import load_archive
from ui.links import bound_choice, note, open_model
from ui.tables import render_downloads, render_table

PAGE = "app_pages/changes.py"
archive = load_archive()
st.title("What changed")
left, right, _ = st.columns([2, 2, 3])
since = bound_choice("From", date_choices(archive, PREVIOUS, "Previous update of each source"), "from", PREVIOUS,
                     where=left, help="The earlier date: each source's figures as of the end of that day (UTC).")
until = bound_choice("To", date_choices(archive, LATEST, "Latest update of each source"), "to", LATEST,
                     where=right, help="The later date; by default each source's newest archived figures.")
if since not in (PREVIOUS, None) and until not in (LATEST, None) and since > until:  # the pickers keep them
    note(f"“From” ({since}) was after “To” ({until}): the two dates are compared the other way round.")
    since, until = until, since
changes = build_changes(archive, since, until)
compared = [p for p in changes.pairings if p.compared]
editions = [e for p in compared for e in (p.then, p.now)]

st.markdown("  \n".join(md(p.describe()) for p in changes.pairings))
if changes.breaks:
    st.info("  \n".join(md(b.describe()) for b in changes.breaks), icon=":material/rule:")
if not compared:
    st.info("No source has two different archived editions between these dates: choose other dates.",
            icon=":material/event_busy:")
    st.stop()

st.markdown(f"**{len(changes.added)}** models added · **{len(changes.removed)}** removed · "
            f"**{len(changes.tops)}** new top-1s · **{len(changes.moves):,}** rank moves · "
            f"**{len(changes.prices)}** price changes")  # one line: five metrics would fill a phone's screen


def section(title: str, caption: str, frame, columns: list[str], name: str) -> None:
    """One table of changes with its downloads; a selected row opens the model."""
    st.subheader(title)
    st.caption(caption)
    if frame.empty:
        st.caption("None between these dates.")
        return
    slug = render_table(frame, columns, key=f"changes_{name}", opener=True)
    if slug:
        open_model(slug, PAGE, "What changed")
    render_downloads(frame, columns, f"changes-{name}", to_csv_bytes, to_json_bytes, editions=editions)


section("New top-1s", "Measures whose first place changed hands.", changes.tops,
        ["measure", "model", "before", "dataset"], "top")
section("Models added", "Rated on the later date, not on the earlier one. A new dated release of a model is a "
        "model of its own; the note names the release it follows.", changes.added,
        ["model", "dataset", "model_permaslug", "note"], "added")
section("Models removed", "Rated on the earlier date, not on the later one.", changes.removed,
        ["model", "dataset", "model_permaslug", "note"], "removed")

measures = {ALL: "Every measure (the biggest of each)",
            **dict(zip(changes.moves["measure_id"], changes.moves["dataset"] + ": " + changes.moves["measure"],
                       strict=True))}
SHOWN_MOVES = ["move", "model", "measure", "rank_then", "rank_now", "dataset"]
st.subheader("Rank moves")
chosen = bound_choice("Measure", measures, "measure", ALL, help="A source's metric, or one Design Arena category.")
moves = changes.moves if chosen == ALL else changes.moves[changes.moves["measure_id"] == chosen]
st.caption("Ranks among the models rated on both dates, so a model added or removed in between moves no other. "
           + ("The three biggest of each measure." if chosen == ALL else ""))
for title, part, name in (("Biggest risers", risers(moves), "risers"), ("Biggest fallers", fallers(moves), "fallers")):
    st.subheader(title)
    shown = top_moves(part, 3 if chosen == ALL else len(part))
    if shown.empty:
        st.caption("None between these dates.")
        continue
    slug = render_table(shown, SHOWN_MOVES, key=f"changes_{name}", opener=True)
    if slug:
        open_model(slug, PAGE, "What changed")
    render_downloads(part, [*SHOWN_MOVES, "model_permaslug", "places"], f"changes-{name}", to_csv_bytes,
                     to_json_bytes, editions=editions)

section("Price changes", "Per million tokens, exact as published, for models priced on both dates.",
        changes.prices, ["model", "input_then", "input_now", "output_then", "output_now"], "prices")
st.caption(" ".join(md(line) for line in edition_citation_lines(editions)))
