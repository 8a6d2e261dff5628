"""The catalogue: the one place that knows the sources, their columns and metrics, the task types and workloads.

Everything else is derived from it: sidebar options, column configs and help,
percentiles, joins across sources, citations, export headers and link ids.
Ids are what links hold (the API's own values where the API has them); labels
are what people see and may be reworded freely.

A new source is one `Source` here (its item model, datasets, columns and
default measure) plus its item model in `client/models.py` and its value in
`client/query.py`'s `SOURCES`; `register_source` adds one at run time (tests).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from client.models import ArtificialAnalysisItem, DesignArenaItem, OpenRouterEvalItem, OpenRouterSearchItem
from client.query import SEARCH_BENCHMARKS

ALL = "*"  # "no filter" in choice widgets: never a real id


# --- columns -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A table column: what it means, how it is shown, and (for a source's own columns) how it is read."""

    id: str
    label: str
    help: str = ""
    kind: str = "number"  # number | int | percent | price | cost | seconds | text | link | figure (a number
    # already at the precision its row shows, for files: core.exports)
    higher_is_better: bool | None = True  # None: not a measure of quality
    read: Callable[[Any], Any] | None = field(default=None, compare=False, repr=False)
    hidden: bool = False  # an id the tables need but never show
    bounds: tuple[float, float] | None = None  # the sane range of a figure from outside


def _attr(name: str, scale: float = 1.0) -> Callable[[Any], Any]:
    def read(item: Any) -> Any:
        value = getattr(item, name, None)
        return None if value is None else float(value) * scale
    return read


def _text(name: str) -> Callable[[Any], Any]:
    return lambda item: getattr(item, name, None)


def _stat(name: str) -> Callable[[Any], Any]:
    def read(item: Any) -> Any:
        stats = getattr(item, "tournament_stats", None)
        value = getattr(stats, name, None) if stats is not None else None
        return None if value is None else float(value)
    return read


COMMON_COLUMNS: tuple[Column, ...] = (
    Column("rank", "Rank", "The model's place in the whole dataset by the ranking metric (1 = best); ties share "
           "a rank, and search or the row limit never change it.", "int", False),
    Column("model", "Model", "Model name as published by the source.", "text", None),
    Column("url", "OpenRouter", "The model's page on openrouter.ai.", "link", None),
    Column("model_permaslug", "Model id", "OpenRouter's dated model id.", "text", None, hidden=True),
    Column("input_per_1m", "$ in /1M", "Price per million input (prompt) tokens, USD. Lower is better.",
           "price", False),
    Column("output_per_1m", "$ out /1M", "Price per million output (completion) tokens, USD. Lower is better.",
           "price", False),
    Column("blended_per_1m", "$ / 1M tokens (blended)", "Price per million tokens of your mix of input and "
           "output, USD. Lower is better.", "price", False),
)

# The archive's tables (`core.history`): a model over time, a board's moves, what changed between two dates.
HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("move", "Move", "Rank change since the date compared with: ▲ up and ▼ down so many places, same: the same "
           "place, new: not ranked then, —: no earlier figures to compare with.", "text", None),
    Column("date", "Date", "The date the source published these figures (UTC).", "text", None),
    Column("measure", "Measure", "What the rank and figure measure.", "text", None),
    Column("figure_text", "Figure", "The figure as published on that date.", "text", None),
    Column("figure_shown", "Figure", "The figure as published on that date, at the precision shown (files: the "
           "screen shows figure_text).", "figure", None),
    Column("of", "Models rated", "How many models the source rated by this measure on that date.", "int", None),
    Column("figure_change", "Figure change", "Change since the model's previous figure. Blank across a date "
           "where the source revised the metric: compare ranks there, not figures.", "text", None),
    Column("dataset", "Data", "Whose figures: the source (and Design Arena arena).", "text", None),
    Column("note", "Note", "Another release of the same model (same id without its date), shown under its own "
           "id: never merged.", "text", None),
    Column("rank_then", "Rank then", "Rank on the earlier date.", "int", False),
    Column("rank_now", "Rank now", "Rank on the later date.", "int", False),
    Column("places", "Places", "Places moved between the two dates: positive is up.", "int", None),
    Column("before", "Top before", "The top-ranked model(s) on the earlier date.", "text", None),
    *(Column(f"{side}_{when}", f"$ {short} /1M {when}", f"{side.capitalize()} price per million tokens on the "
             f"{date} date, exact.", "text", None)
      for side, short in (("input", "in"), ("output", "out"))
      for when, date in (("then", "earlier"), ("now", "later"))),
)

# Pick a model's shortlist (`core.picker.to_shortlist_frame`).
PICK_COLUMNS: tuple[Column, ...] = (
    Column("monthly", "$ / month", "Exact, for your token mix, 30-day month.", "cost", False),
    Column("value", "Value score", "Quality and cheapness mixed by your weight (0–100).", "number"),
    Column("quality", "Quality pct", "Weighted mean of the model's percentiles on the workload's benchmarks, each "
           "within its source.", "number"),
    Column("frontier", "On the frontier", "Yes: no model within budget has more quality at no higher monthly cost. "
           "Otherwise the best-valued model that does. A dominated model is never the top pick.", "text", None),
    Column("sources", "Rated by", "The sources that rate the model on the workload's benchmarks.", "text", None),
)


# --- sources -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Measure:
    """How something is measured on one source: a column, over the rows of a slice, averaged per model."""

    id: str  # link id, e.g. "aa.coding_index", "da.models.gamedev", "or.search"
    source: str
    column: str
    label: str
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column, allowed values) the rows must match
    detail: str = ""  # the label without its source, for tables under the source's own heading

    @property
    def short_label(self) -> str:
        return self.detail or self.label


@dataclass(frozen=True)
class DatasetDef:
    """One wide dataset the service fetches whole: its name (also the snapshot's file stem) and request."""

    name: str
    params: tuple[tuple[str, str], ...]
    slice_by: str  # the query parameter that narrows it when the API cuts an answer
    known_slices: tuple[str, ...] = ()
    label: str = ""  # what people call it ("Design Arena agents ratings"); the name when empty

    @property
    def title(self) -> str:
        return self.label or self.name

    @property
    def source(self) -> str:
        """The API `source` it holds."""
        return dict(self.params)["source"]


@dataclass(frozen=True)
class Source:
    id: str  # the API's `source` value
    label: str
    short: str  # badge, e.g. "AA"
    citation: str
    url: str
    item_types: tuple[type, ...]
    columns: tuple[Column, ...]  # its own columns, in table order
    datasets: tuple[DatasetDef, ...]
    default_measure: Measure  # what it is ranked by when no task type is chosen
    group: str | None = None  # rank within groups of this column (a category, a benchmark)
    slices: Callable[[Iterable[Any]], list[Measure]] | None = field(default=None, compare=False, repr=False)
    # Its one colour in every chart and both themes: hex, at least 3:1 contrast on white and on the dark
    # theme's #0E1117, and none of the charts' own colours (chosen models, "not rated" grey).
    colour: str = "#A05FC9"

    @property
    def key(self) -> str:
        """Prefix of this source's cross-source columns, e.g. "aa" -> aa_score, aa_percentile."""
        return self.short.lower()

    def measures(self, items: Iterable[Any]) -> list[Measure]:
        """Every measure the data offers on this source (its default first, then its slices)."""
        found = [self.default_measure]
        if self.slices is not None:
            found += [m for m in self.slices(items) if m.id != self.default_measure.id]
        return found


AA_INDICES = {"intelligence_index": "Intelligence index", "coding_index": "Coding index",
              "agentic_index": "Agentic index"}
AA_HELP = {
    "intelligence_index": "Artificial Analysis Intelligence Index: a composite of reasoning and knowledge "
                          "evaluations. Higher is better; blank when not measured.",
    "coding_index": "Artificial Analysis Coding Index: a composite of coding evaluations. Higher is better.",
    "agentic_index": "Artificial Analysis Agentic Index: a composite of agentic (tool use, multi-step) "
                     "evaluations. Higher is better; blank when not measured.",
}
ARENAS = {"models": "Models", "builders": "Builders", "agents": "Agents"}
CATEGORIES = {
    "codecategories": "Code", "uicomponent": "UI components", "gamedev": "Game dev", "3d": "3D",
    "dataviz": "Data viz", "image": "Image", "video": "Video", "svg": "SVG", "website": "Websites",
    "asciiart": "ASCII art", "graphicdesign": "Graphic design", "logo": "Logos", "imageediting": "Image editing",
    "fullstack": "Full-stack apps", "mobileapps": "Mobile apps", "webapps": "Web apps",
    "androidnative": "Android native", "godotgamedev": "Godot game dev", "agenticgamedev": "Agentic game dev",
    "htmlslides": "HTML slides", "python-pptxslides": "python-pptx slides", "pptxslides": "PPTX slides",
    "agentichtmlslides": "Agentic HTML slides", "agenticslides": "Agentic slides",
    "agenticslides(html)": "Agentic slides (HTML)", "agenticslides(python-pptx)": "Agentic slides (python-pptx)",
}
KNOWN_CATEGORIES = {
    "models": ("codecategories", "uicomponent", "gamedev", "3d", "dataviz", "image", "video", "svg",
               "website", "asciiart", "graphicdesign", "logo", "imageediting"),
    "agents": ("fullstack", "mobileapps", "webapps", "androidnative", "godotgamedev", "agenticgamedev",
               "htmlslides", "python-pptxslides", "agentichtmlslides", "agenticslides",
               "agenticslides(html)", "agenticslides(python-pptx)", "pptxslides"),
    "builders": (),
}
BENCHMARKS = {
    "gpqa_diamond": "GPQA Diamond", "tau_bench_verified_airline": "τ-bench (airline, verified)",
    "search_browsecomp": "BrowseComp (search)", "search_hle": "HLE (search)", "search_dsqa": "DSQA (search)",
    "search_widesearch": "WideSearch (search)",
}


def category_label(slug: str) -> str:
    """A readable label for a Design Arena category, known or not."""
    if slug in CATEGORIES:
        return CATEGORIES[slug]
    base, _, detail = slug.partition("(")
    words = re.sub(r"[-_]+", " ", base).strip() or slug
    label = words[:1].upper() + words[1:]
    return f"{label} ({detail.rstrip(')')})" if detail else label


def category_choices(slugs: Iterable[str]) -> dict[str, str]:
    """id -> label for a category picker, "All categories" first; labels unique and deterministic.

    Two slugs with one label (`gamedev`, `game-dev`) are told apart by their slug, whatever the order
    they arrive in.
    """
    unique = sorted(set(slugs))
    counts: dict[str, int] = {}
    for slug in unique:
        counts[category_label(slug)] = counts.get(category_label(slug), 0) + 1
    labelled = {slug: category_label(slug) if counts[category_label(slug)] == 1 else
                f"{category_label(slug)} [{slug}]" for slug in unique}
    ordered = sorted(unique, key=lambda s: (labelled[s].lower(), s))
    return {ALL: "All categories", **{slug: labelled[slug] for slug in ordered}}


def da_measure(arena: str, category: str = ALL, label: str | None = None) -> Measure:
    """Design Arena ELO in one arena: one category, or the mean over all. `label`: the category's shown label."""
    where: tuple[tuple[str, tuple[str, ...]], ...] = (("arena", (arena,)),)
    if category != ALL:
        where += (("category_slug", (category,)),)
    shown = "all categories" if category == ALL else (label or category_label(category))
    arena_id = f"da.{arena}" if category == ALL else f"da.{arena}.{category}"
    detail = f"{shown[:1].upper()}{shown[1:]} ({ARENAS.get(arena, arena)})"
    return Measure(arena_id, "design-arena", "elo", f"Design Arena ELO · {shown} ({ARENAS.get(arena, arena)})",
                   where, f"ELO · {detail}")


def _da_slices(items: Iterable[Any]) -> list[Measure]:
    pairs = {(i.arena, i.category) for i in items if isinstance(i, DesignArenaItem)}
    arena_order = list(ARENAS)
    ordered = sorted(pairs, key=lambda p: (arena_order.index(p[0]) if p[0] in arena_order else 9,
                                           category_label(p[1]).lower(), p[1]))
    arenas = list(dict.fromkeys(a for a, _ in ordered))
    labels = {arena: category_choices(c for a, c in pairs if a == arena) for arena in arenas}  # distinct labels
    return [da_measure(a) for a in arenas] + [da_measure(a, c, labels[a][c]) for a, c in ordered]


def or_measure(benchmark: str) -> Measure:
    if benchmark == "search":
        return Measure("or.search", "openrouter", "score", "OpenRouter search benchmarks (mean)",
                       (("benchmark_type", SEARCH_BENCHMARKS),), "Search benchmarks (mean)")
    name = BENCHMARKS.get(benchmark, benchmark)
    return Measure(f"or.{benchmark}", "openrouter", "score", f"OpenRouter {name} score",
                   (("benchmark_type", (benchmark,)),), name)


def _or_slices(items: Iterable[Any]) -> list[Measure]:
    kinds = sorted({i.benchmark_type for i in items if isinstance(i, OpenRouterEvalItem | OpenRouterSearchItem)})
    classic = [or_measure(k) for k in kinds if not k.startswith("search_")]
    search = [or_measure(k) for k in kinds if k.startswith("search_")]
    return classic + ([or_measure("search")] if search else []) + search


def aa_measure(index: str) -> Measure:
    return Measure(f"aa.{index}", "artificial-analysis", index, f"Artificial Analysis {AA_INDICES[index].lower()}",
                   detail=AA_INDICES[index])


def _or_metric(item: Any) -> str | None:
    metric = getattr(item, "primary_metric", None)
    if metric is None:
        return "Accuracy"
    return "F1 by item" if metric == "f1_by_item" else str(metric).capitalize()


def _or_score(item: Any) -> float | None:
    value = getattr(item, "primary_score", None)
    if value is None:
        value = getattr(item, "accuracy", None)
    return None if value is None else float(value) * 100


ARTIFICIAL_ANALYSIS = Source(
    id="artificial-analysis", label="Artificial Analysis", short="AA", colour="#3A86D6",
    citation="Source: Artificial Analysis (artificialanalysis.ai) via OpenRouter (openrouter.ai/rankings).",
    url="https://artificialanalysis.ai",
    item_types=(ArtificialAnalysisItem,),
    columns=tuple(Column(name, AA_INDICES[name].removesuffix(" index"), AA_HELP[name], read=_attr(name),
                         bounds=(0.0, 100.0)) for name in AA_INDICES),
    datasets=(DatasetDef("artificial-analysis", (("source", "artificial-analysis"),), "task_type",
                         ("coding", "intelligence", "agentic"), "Artificial Analysis indices"),),
    default_measure=aa_measure("intelligence_index"),
    slices=lambda items: [aa_measure(name) for name in AA_INDICES],
)
DESIGN_ARENA = Source(
    id="design-arena", label="Design Arena", short="DA", colour="#E8710A",
    citation="Source: Design Arena (www.designarena.ai) via OpenRouter (openrouter.ai/rankings).",
    url="https://www.designarena.ai",
    item_types=(DesignArenaItem,),
    columns=(
        Column("arena", "Arena", "Design Arena arena: models, builders or agents.", "text", None, _text("arena"),
               hidden=True),
        Column("category_slug", "Category id", "Design Arena category id.", "text", None, _text("category"),
               hidden=True),
        Column("category", "Category", "Design Arena category (the kind of thing the model built).", "text", None,
               lambda item: category_label(item.category)),
        Column("elo", "ELO", "Design Arena ELO rating from head-to-head votes within the category. Higher is "
               "better; about 100 points ≈ 64% expected win rate.", "int", read=_attr("elo"),
               bounds=(0.0, 5000.0)),
        Column("win_rate", "Win rate", "Share of Design Arena matches won, in percent.", "percent",
               read=_attr("win_rate"), bounds=(0.0, 100.0)),
        Column("avg_generation_s", "Gen. time", "Average time to generate an entry, in seconds. Lower is better.",
               "seconds", False, _attr("avg_generation_time_ms", 1 / 1000)),
        Column("first_place", "1st", "Tournament first places.", "int", read=_stat("first_place")),
        Column("second_place", "2nd", "Tournament second places.", "int", read=_stat("second_place")),
        Column("third_place", "3rd", "Tournament third places.", "int", read=_stat("third_place")),
        Column("fourth_place", "4th", "Tournament fourth places.", "int", read=_stat("fourth_place")),
        Column("tournaments", "Tournaments", "Tournaments played.", "int", None, _stat("total")),
    ),
    datasets=tuple(DatasetDef(f"design-arena-{arena}", (("source", "design-arena"), ("arena", arena)), "category",
                              KNOWN_CATEGORIES[arena], f"Design Arena {arena} ratings")
                   for arena in ("models", "agents", "builders")),
    default_measure=da_measure("models"),
    group="category_slug",
    slices=_da_slices,
)
OPENROUTER = Source(
    id="openrouter", label="OpenRouter evals", short="OR", colour="#2CA02C",
    citation="Source: OpenRouter evals (openrouter.ai) via OpenRouter (openrouter.ai/rankings).",  # as published
    url="https://openrouter.ai/rankings",
    item_types=(OpenRouterEvalItem, OpenRouterSearchItem),
    columns=(
        Column("benchmark_type", "Benchmark id", "OpenRouter benchmark id.", "text", None, _text("benchmark_type"),
               hidden=True),
        Column("benchmark", "Benchmark", "OpenRouter's own evaluation.", "text", None,
               lambda item: BENCHMARKS.get(item.benchmark_type, item.benchmark_type)),
        Column("metric", "Metric", "What the score measures.", "text", None, _or_metric),
        Column("score", "Score", "Accuracy (or F1 by item for WideSearch), 0–100%. Higher is better.", "percent",
               read=_or_score, bounds=(0.0, 100.0)),
        Column("score_stddev", "± stddev", "Standard deviation of accuracy across runs (blank for a single run).",
               "percent", None, _attr("accuracy_stddev", 100)),
        Column("tasks", "Tasks", "Number of tasks in the evaluation.", "int", None, _attr("total_tasks")),
        Column("cost_per_task", "Cost/task", "Average cost per task in USD. Lower is better.", "cost", False,
               _attr("avg_cost_per_task")),
        Column("latency_s", "Latency", "Average latency per task, in seconds. Lower is better.", "seconds", False,
               _attr("avg_latency_per_task_ms", 1 / 1000)),
        Column("search_engine", "Engine", "Search engine used.", "text", None, _text("search_engine")),
        Column("search_surface", "Surface", "How search was offered: server tool or plugin.", "text", None,
               _text("search_surface")),
        Column("last_run", "Last run", "When the evaluation last ran.", "text", None,
               lambda item: (getattr(item, "last_run_timestamp", None) or "")[:10] or None),
    ),
    datasets=(DatasetDef("openrouter", (("source", "openrouter"),), "benchmark_type",
                         ("gpqa_diamond", "tau_bench_verified_airline", *SEARCH_BENCHMARKS), "OpenRouter evals"),),
    default_measure=Measure("or.all", "openrouter", "score", "OpenRouter evals (mean over benchmarks)",
                            detail="All benchmarks (mean)"),
    group="benchmark_type",
    slices=_or_slices,
)

_SOURCES: dict[str, Source] = {s.id: s for s in (ARTIFICIAL_ANALYSIS, DESIGN_ARENA, OPENROUTER)}


def sources() -> tuple[Source, ...]:
    return tuple(_SOURCES.values())


def source(source_id: str) -> Source | None:
    return _SOURCES.get(source_id)


def register_source(new: Source) -> None:
    """Add a source (a fourth one in tests; a real one belongs in the literal above)."""
    _SOURCES[new.id] = new


def unregister_source(source_id: str) -> None:
    _SOURCES.pop(source_id, None)


def source_labels(*, with_all: bool = True) -> dict[str, str]:
    labels = {s.id: s.label for s in sources()}
    return {**labels, ALL: "All sources"} if with_all else labels


def source_of_item(item: Any) -> Source | None:
    return _SOURCES.get(getattr(item, "source", None))


def dataset_defs() -> tuple[DatasetDef, ...]:
    return tuple(d for s in sources() for d in s.datasets)


def dataset_def(name: str) -> DatasetDef | None:
    return next((d for d in dataset_defs() if d.name == name), None)


def dataset_title(name: str) -> str:
    """What people call a dataset, for notices: never its slug when the catalogue has a label."""
    return next((d.title for d in dataset_defs() if d.name == name), name)


# --- task types --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskType:
    id: str  # the API's `task_type` value
    label: str
    measures: dict[str, Measure]  # per source id; a source with none has no figure for this task

    def measure(self, source_id: str) -> Measure | None:
        return self.measures.get(source_id)


TASK_TYPES: dict[str, TaskType] = {t.id: t for t in (
    TaskType("coding", "Coding", {"artificial-analysis": aa_measure("coding_index"),
                                  "design-arena": da_measure("models", "codecategories")}),
    TaskType("intelligence", "Intelligence", {"artificial-analysis": aa_measure("intelligence_index"),
                                              "openrouter": or_measure("gpqa_diamond")}),
    TaskType("agentic", "Agentic", {"artificial-analysis": aa_measure("agentic_index"),
                                    "openrouter": or_measure("tau_bench_verified_airline")}),
    TaskType("search", "Search", {"openrouter": or_measure("search")}),
)}


def task_labels() -> dict[str, str]:
    return {ALL: "Any task", **{t.id: t.label for t in TASK_TYPES.values()}}


def measure_for(source_id: str, task_type: str = ALL, arena: str = "models", category: str = ALL
                ) -> Measure | None:
    """What ranks a source for these filters; the same answer on every page.

    A task type picks its measure per source (None: that source has no figure for the task). With no task
    type, a chosen Design Arena category is measured by its ELO, else each source by its default measure.
    """
    if task_type != ALL:
        task = TASK_TYPES.get(task_type)
        return task.measure(source_id) if task else None
    if source_id == DESIGN_ARENA.id:
        return da_measure(arena, category)
    chosen = source(source_id)
    return chosen.default_measure if chosen else None


def every_measure(items: Iterable[Any]) -> dict[str, Measure]:
    """Every measure the data offers, by id, sources in catalogue order (Value for money's choices)."""
    items = tuple(items)
    return {m.id: m for s in sources() for m in s.measures(items)}


# --- columns, derived --------------------------------------------------------------------------------------
def cross_source_columns() -> tuple[Column, ...]:
    """The columns of a table that joins every source: each source's figure and its percentile."""
    per_source: list[Column] = []
    for s in sources():
        per_source += [
            Column(f"{s.key}_score", f"{s.short} figure", f"The model's {s.label} figure for the chosen task "
                   "(mean over the slices it was rated in).", _kind_of(s.default_measure.column)),
            Column(f"{s.key}_percentile", f"{s.short} pct", f"Percentile of the {s.label} figure within that "
                   "source: 100 = best of the models it rates.", "percent"),
        ]
    badges = ", ".join(f"{s.short} = {s.label}" for s in sources())
    return (
        Column("coverage", "Coverage", f"Sources that rate this model: {badges}.", "text", None),
        Column("sources_rated", "Sources", "How many sources rate this model.", "int", None),
        Column("mean_percentile", "Overall pct", "Mean of the model's percentiles across the sources that rate "
               "it (each figure ranked within its own source; raw scales never mixed).", "percent"),
        *per_source,
        Column("disagreement", "Sources disagree", f"Percentiles across sources differ by {DISAGREEMENT_POINTS:g} "
               "points or more.", "text", None),
    )


DISAGREEMENT_POINTS = 40.0


def _kind_of(column_id: str) -> str:
    """How a source's own column is shown (an ELO whole, a score with one decimal)."""
    for s in sources():
        for candidate in s.columns:
            if candidate.id == column_id:
                return candidate.kind
    return "number"


def column(column_id: str) -> Column:
    """The column of that id, wherever it is defined; a plain text column for anything else."""
    for candidate in (*COMMON_COLUMNS, *HISTORY_COLUMNS, *PICK_COLUMNS):
        if candidate.id == column_id:
            return candidate
    for s in sources():
        for candidate in s.columns:
            if candidate.id == column_id:
                return candidate
    for candidate in cross_source_columns():
        if candidate.id == column_id:
            return candidate
    return Column(column_id, column_id.replace("_", " ").capitalize(), "", "text", None)


def citation_for(source_id: str) -> str:
    chosen = source(source_id)
    return chosen.citation if chosen else f"Source: {source_id} via OpenRouter."


LICENCE = "Data licensed CC BY 4.0."


# --- workloads (Pick a model) ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Workload:
    id: str
    label: str
    task_type: str | None = None  # its measures are the task type's, per source
    design: bool = False  # measured by a Design Arena arena and category the user picks
    uncovered_reason: str = ""


WORKLOADS: dict[str, Workload] = {w.id: w for w in (
    Workload("coding", "Coding", task_type="coding"),
    Workload("agentic", "Agentic work", task_type="agentic"),
    Workload("reasoning", "General reasoning", task_type="intelligence"),
    Workload("search", "Web search", task_type="search"),
    Workload("design", "Design Arena category", design=True),
    Workload("creative-writing", "Creative writing", uncovered_reason=(
        "No benchmark published here measures creative writing: Artificial Analysis indices cover reasoning, "
        "coding and agentic work, Design Arena covers building UIs, games and media, OpenRouter's evals cover "
        "GPQA, τ-bench and search. Ranking on any of them would answer a different question.")),
    Workload("translation", "Translation", uncovered_reason=(
        "No benchmark published here measures translation quality. Ranking on reasoning or coding scores "
        "would answer a different question.")),
)}


def workload_measures(workload_id: str, arena: str = "models", category: str = ALL) -> tuple[Measure, ...]:
    chosen = WORKLOADS[workload_id]
    if chosen.design:
        return (da_measure(arena, category),)
    if chosen.task_type is None:
        return ()
    return tuple(TASK_TYPES[chosen.task_type].measures.values())


# --- the app's own choices ---------------------------------------------------------------------------------
ORDERS = {"best": "Best first", "worst": "Worst first"}
CHARTS = {"scatter": "AA vs Design Arena", "heatmap": "Design Arena categories", "bars": "Chosen models"}
# Labels that links held before ids (tab names): still opened, rewritten to the id.
CHART_ALIASES = {"Chosen models, side by side": "bars",
                 **{f"{label} vs Design Arena ELO": "scatter" for label in AA_INDICES.values()}}


def clean_name(name: str) -> str:
    """Display names as published can carry trailing or doubled spaces."""
    return " ".join(str(name).split())
