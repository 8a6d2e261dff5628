"""What every column of the tables means: label, help, direction, kind."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    label: str
    help: str
    kind: str = "number"  # number | int | percent | price | cost | seconds | text | link | date
    higher_is_better: bool | None = True  # None: not a measure of quality


COLUMNS: dict[str, Column] = {
    "rank": Column("Rank", "Position by the view's main metric (1 = best); ties share a rank.", "int", False),
    "model": Column("Model", "Model name as published by the source.", "text", None),
    "url": Column("OpenRouter", "The model's page on openrouter.ai.", "link", None),
    "source": Column("Source", "Where the figure comes from.", "text", None),
    "intelligence_index": Column(
        "Intelligence", "Artificial Analysis Intelligence Index: a composite of reasoning and knowledge "
        "evaluations. Higher is better; blank when not measured."),
    "coding_index": Column(
        "Coding", "Artificial Analysis Coding Index: a composite of coding evaluations. Higher is better."),
    "agentic_index": Column(
        "Agentic", "Artificial Analysis Agentic Index: a composite of agentic (tool use, multi-step) "
        "evaluations. Higher is better; blank when not measured."),
    "arena": Column("Arena", "Design Arena arena: models, builders or agents.", "text", None),
    "category": Column("Category", "Design Arena category (the kind of thing the model built).", "text", None),
    "elo": Column("ELO", "Design Arena ELO rating from head-to-head votes within the category. "
                  "Higher is better; about 100 points ≈ 64 % expected win rate.", "int"),
    "win_rate": Column("Win rate", "Share of Design Arena matches won, in percent.", "percent"),
    "avg_generation_s": Column("Gen. time", "Average time to generate an entry, in seconds. Lower is better.",
                               "seconds", False),
    "first_place": Column("1st", "Tournament first places.", "int"),
    "second_place": Column("2nd", "Tournament second places.", "int"),
    "third_place": Column("3rd", "Tournament third places.", "int"),
    "fourth_place": Column("4th", "Tournament fourth places.", "int"),
    "tournaments": Column("Tournaments", "Tournaments played.", "int", None),
    "benchmark": Column("Benchmark", "OpenRouter's own evaluation.", "text", None),
    "score": Column("Score", "Accuracy (or F1 by item for WideSearch), 0–100 %. Higher is better.", "percent"),
    "score_stddev": Column("± stddev", "Standard deviation of accuracy across runs (blank for a single run).",
                           "percent", None),
    "metric": Column("Metric", "What the score measures.", "text", None),
    "tasks": Column("Tasks", "Number of tasks in the evaluation.", "int", None),
    "cost_per_task": Column("Cost/task", "Average cost per task in USD. Lower is better.", "cost", False),
    "latency_s": Column("Latency", "Average latency per task, in seconds. Lower is better.", "seconds", False),
    "search_engine": Column("Engine", "Search engine used.", "text", None),
    "search_surface": Column("Surface", "How search was offered: server tool or plugin.", "text", None),
    "last_run": Column("Last run", "When the evaluation last ran.", "text", None),
    "input_per_1m": Column("$ in /1M", "Price per million input (prompt) tokens, USD. Lower is better.",
                           "price", False),
    "output_per_1m": Column("$ out /1M", "Price per million output (completion) tokens, USD. Lower is better.",
                            "price", False),
    "coverage": Column("Coverage", "Sources that publish figures for this model: AA = Artificial Analysis, "
                       "DA = Design Arena, OR = OpenRouter evals.", "text", None),
    "mean_percentile": Column("Overall pct", "Mean of the model's percentiles across the sources that cover it "
                              "(each score ranked within its own source; raw scales never mixed).", "percent"),
    "aa_percentile": Column("AA pct", "Percentile of the Artificial Analysis index within that source.",
                            "percent"),
    "da_elo": Column("DA ELO", "Design Arena ELO for the chosen category (mean over categories when all).",
                     "int"),
    "da_percentile": Column("DA pct", "Percentile of the Design Arena ELO within that source.", "percent"),
    "or_score": Column("OR score", "OpenRouter eval score (mean over the benchmarks it ran).", "percent"),
    "or_percentile": Column("OR pct", "Percentile of the OpenRouter eval score within that source.", "percent"),
    "disagreement": Column("Sources disagree", "Percentiles across sources differ by 40 points or more.",
                           "text", None),
}


def column(name: str) -> Column:
    return COLUMNS.get(name, Column(name.replace("_", " ").capitalize(), "", "text", None))
