"""Tables, ratios against the baselines, agreement checks and the targets.

Speed ratios compare inquiries per CPU second of each case's own process: on a shared
machine CPU time moves far less than wall time, and on an idle one the two agree.
"""

from __future__ import annotations

import math

YEAR_LIMIT_S = 60.0  # a year of a 20,000-person organisation, build and run
BUILD_LIMIT_S = 3.0  # building a 100,000-person organisation
REL_TOLERANCE = 0.03  # agreement: within 3 %, or 4 standard errors if the sample is smaller
SIGMAS = 4.0
ENGINE, A, B, C = "orgsim", "baseline A (Mesa, stepped)", "baseline B (heapq)", "baseline C (Ciw)"
D = "baseline D (heapq, engine's records)"

COLUMNS = (
    ("implementation", "implementation", "{}"),
    ("problem", "problem", "{}"),
    ("employees", "N", "{:,}"),
    ("load", "load", "{}"),
    ("days", "days", "{:g}"),
    ("inquiries", "inquiries", "{:,}"),
    ("wall_s", "wall s", "{:.2f}"),
    ("cpu_s", "CPU s", "{:.2f}"),
    ("cpu_s_runs", "CPU s, every round", "{}"),
    ("inquiries_per_s", "inquiries/s", "{:,.0f}"),
    ("inquiries_per_cpu_s", "inquiries/CPU s", "{:,.0f}"),
    ("events_per_s", "events/s", "{:,.0f}"),
    ("peak_rss_mb", "peak RSS MB", "{:,.0f}"),
    ("response_mean_min", "mean resp. min", "{:.2f}"),
)


def median_rows(rounds: list[list[dict]]) -> list[dict]:
    """Per case, the round with the median CPU time, every round's CPU seconds beside it.

    Rounds run every case once, one after another, so a drift of the machine's speed (up
    to 30 % within half an hour here) reaches all cases alike. The lower median of an even
    count keeps a measured row rather than an average of two.
    """
    out = []
    for runs in zip(*rounds, strict=True):
        ordered = sorted(runs, key=lambda row: row["cpu_s"])
        row = dict(ordered[(len(ordered) - 1) // 2])
        row["cpu_s_runs"] = [run["cpu_s"] for run in runs]
        out.append(row)
    return out


def problem_name(row: dict) -> str:
    """``M/M/N``, ``org: MODEL`` or ``build: MODEL``."""
    if row["problem"] == "M/M/N":
        return row["problem"]
    return f"{'build' if row['problem'] == 'build' else 'org'}: {row['model']}"


WALL_CLOCK = ("wall_s", "inquiries_per_s", "events_per_s", "sim_days_per_s")


def _cell(row: dict, key: str, fmt: str) -> str:
    if key in WALL_CLOCK and row.get("in_turns"):
        return "in turns"  # the wall clock ran through the other implementations' turns too
    if key == "problem":
        return problem_name(row)
    if key == "cpu_s_runs":
        return " / ".join(f"{seconds:.2f}" for seconds in row[key])
    return fmt.format(row[key])


def table(rows: list[dict]) -> str:
    """A Markdown table of the measured cases (the rounds' column only when there were several)."""
    columns = [c for c in COLUMNS if c[0] != "cpu_s_runs" or all(len(r.get(c[0], ())) > 1 for r in rows)]
    cells = [[_cell(r, key, fmt) for key, _, fmt in columns] for r in rows]
    heads = [head for _, head, _ in columns]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(heads, widths, strict=True)) + " |"]
    lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in cells]
    return "\n".join(lines)


def _find(rows: list[dict], implementation: str, employees: int, load: str, problem: str = "M/M/N"):
    for row in rows:
        if (row["implementation"], row["employees"], row["load"], row["problem"]) == (
            implementation,
            employees,
            load,
            problem,
        ):
            return row
    return None


def comparisons(rows: list[dict]) -> list[dict]:
    """Per (N, load) of the M/M/N problem: speed ratios and agreement on mean response time."""
    out = []
    for employees in sorted({r["employees"] for r in rows}):
        for load in ("realistic", "saturated"):
            b = _find(rows, B, employees, load)
            if b is None:
                continue
            for other in (ENGINE, D, A, C):
                row = _find(rows, other, employees, load)
                if row is None:
                    continue
                difference = row["response_mean_min"] - b["response_mean_min"]
                error = math.hypot(row["response_se_min"], b["response_se_min"])
                tolerance = max(REL_TOLERANCE * b["response_mean_min"], SIGMAS * error)
                out.append(
                    {
                        "employees": employees,
                        "load": load,
                        "implementation": other,
                        "speed_vs_B": row["inquiries_per_cpu_s"] / b["inquiries_per_cpu_s"],
                        "mean_response_min": row["response_mean_min"],
                        "baseline_B_mean_response_min": b["response_mean_min"],
                        "erlang_c_min": b["erlang_c_min"],
                        "relative_difference": difference / b["response_mean_min"],
                        "relative_tolerance": tolerance / b["response_mean_min"],
                        "agrees": abs(difference) <= tolerance,
                    }
                )
    return out


def comparison_table(items: list[dict]) -> str:
    """Ratios against B and agreement, as Markdown."""
    lines = [
        "| N | load | implementation | speed vs B | mean resp. min | B's | Erlang C | diff | tolerance | agrees |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for c in items:
        lines.append(
            f"| {c['employees']:,} | {c['load']} | {c['implementation']} | {c['speed_vs_B']:.3g}x "
            f"| {c['mean_response_min']:.3f} | {c['baseline_B_mean_response_min']:.3f} | {c['erlang_c_min']:.3f} "
            f"| {c['relative_difference']:+.2%} | ±{c['relative_tolerance']:.1%} | {'yes' if c['agrees'] else 'NO'} |"
        )
    return "\n".join(lines)


def targets(rows: list[dict], employees: int = 2000) -> list[dict]:
    """The targets: realistic >= 100x baseline A; saturated within 2x of baseline B; a year < 60 s."""
    out = []
    for row in rows:
        if row["problem"] == "organisation" and row["employees"] == 20_000 and row["days"] >= 365:
            out.append(_time_limit(row, f"20,000 employees x 365 days, {row['model']}", YEAR_LIMIT_S))
        elif row["problem"] == "build":
            out.append(
                _time_limit(row, f"build {row['employees']:,} employees, {row['model']}", BUILD_LIMIT_S)
            )
    a = _find(rows, A, employees, "realistic")
    if a is not None:
        for row in rows:
            if (
                row["implementation"] == ENGINE
                and row["employees"] == employees
                and row["load"] == "realistic"
            ):
                ratio = row["inquiries_per_cpu_s"] / a["inquiries_per_cpu_s"]
                out.append(
                    {
                        "target": f"realistic, {employees:,} employees, {problem_name(row)}: >= 100x baseline A",
                        "ratio": ratio,
                        "met": ratio >= 100,
                        "factor_missing": 1.0 if ratio >= 100 else 100 / ratio,
                    }
                )
    for c in (row for row in rows if row["implementation"] == C):
        engine = _find(rows, ENGINE, c["employees"], c["load"])
        if engine is not None:
            ratio = engine["inquiries_per_cpu_s"] / c["inquiries_per_cpu_s"]
            out.append(
                {
                    "target": f"{c['load']}, M/M/{c['employees']:,}, {c['inquiries']:,} customers: "
                    "faster than baseline C (Ciw)",
                    "ratio": ratio,
                    "met": ratio > 1,
                    "factor_missing": 1.0 if ratio > 1 else 1 / ratio,
                }
            )
    b = _find(rows, B, employees, "saturated")
    engine = _find(rows, ENGINE, employees, "saturated")
    if b is not None and engine is not None:
        slowdown = b["inquiries_per_cpu_s"] / engine["inquiries_per_cpu_s"]
        target = {
            "target": f"saturated, {employees:,} employees, M/M/N: within 2x of baseline B",
            "ratio": slowdown,
            "met": slowdown <= 2,
            "factor_missing": 1.0 if slowdown <= 2 else slowdown / 2,
        }
        d = _find(rows, D, employees, "saturated")
        if d is not None:  # what keeping the engine's records alone costs, for reading the ratio
            target["records_alone"] = b["inquiries_per_cpu_s"] / d["inquiries_per_cpu_s"]
        out.append(target)
    return out


def _time_limit(row: dict, what: str, limit_s: float) -> dict:
    """A target of at most ``limit_s`` CPU seconds (on an idle machine wall time is the same)."""
    return {
        "target": f"{what}: under {limit_s:.0f} s",
        "ratio": row["wall_s"],
        "cpu_s": row["cpu_s"],
        "met": row["cpu_s"] < limit_s,
        "factor_missing": max(1.0, row["cpu_s"] / limit_s),
    }


def targets_text(items: list[dict]) -> str:
    """One line per target."""
    lines = []
    for t in items:
        if "baseline A" in t["target"]:
            measured = f"measured {t['ratio']:,.0f}x"
        elif "Ciw" in t["target"]:
            measured = f"orgsim is {t['ratio']:.2f}x as fast, build included"
        elif "365 days" in t["target"] or t["target"].startswith("build"):
            measured = f"{t['ratio']:.1f} s wall, {t['cpu_s']:.1f} s CPU"
        else:
            measured = f"orgsim is {t['ratio']:.1f}x slower than B"
            if "records_alone" in t:
                measured += f" (baseline D, B keeping orgsim's records, {t['records_alone']:.1f}x)"
        verdict = "MET" if t["met"] else f"MISSED by a factor of {t['factor_missing']:.1f}"
        lines.append(f"- {t['target']}: {measured} -> {verdict}")
    return "\n".join(lines)
