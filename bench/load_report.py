"""The load benchmark's section of bench/results/latest.md and its latency plot (bench/results/latency.svg): one
panel per run, the latency distribution of each endpoint."""
from __future__ import annotations

import pathlib

from bench.load import WARM_UP_S

GOAL_ATTEMPT_P99_MS = 250.0


def _run_lines(run: dict) -> list[str]:
    think = "no pauses (as fast as the server answers)" if run["think_scale"] == 0 else \
        f"think times × {run['think_scale']:g}"
    mismatches = run["points_mismatches"]
    lines = [f"### {run['label']}: {run['users']} students, {run['seconds']} s, {think}", "",
             f"{run['requests']:,} requests in {run['span_s']:.1f} s: **{run['requests_per_s']:.1f} requests/s**; "
             f"app CPU {run['cpu_ms_per_request']:.2f} ms per request (workers' clock; /proc "
             f"{run['proc_stat_ms_per_request']:.2f}); points exact for {run['points_exact']} of {run['students']} "
             f"students" + ("" if not mismatches else f" — MISMATCHES: {mismatches}"), "",
             "| endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | 5xx | 409 | other errors |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for e in run["endpoints"]:
        lines.append(f"| {e['endpoint']} | {e['requests']} | {e['p50_ms']:.1f} | {e['p95_ms']:.1f} | "
                     f"{e['p99_ms']:.1f} | {e['max_ms']:.1f} | {e['status_5xx']} | {e['status_409']} | "
                     f"{e['other_errors']} |")
    return lines + [""]


def _summary(runs: list[dict]) -> list[str]:
    lines = ["| checkout | students | pauses | requests/s | attempt p50 ms | attempt p99 ms | 5xx | 409 | "
             "CPU ms/request | points exact |", "|---|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for run in runs:
        attempt = next((e for e in run["endpoints"] if e["endpoint"].endswith("/attempt")), None)
        p50, p99 = (f"{attempt['p50_ms']:.0f}", f"{attempt['p99_ms']:.0f}") if attempt else ("—", "—")
        errors = [sum(e[key] for e in run["endpoints"]) for key in ("status_5xx", "status_409")]
        pauses = "none" if run["think_scale"] == 0 else f"× {run['think_scale']:g}"
        lines.append(f"| {run['label']} | {run['users']} | {pauses} | {run['requests_per_s']:.1f} | {p50} | {p99} | "
                     f"{errors[0]} | {errors[1]} | {run['cpu_ms_per_request']:.2f} | "
                     f"{run['points_exact']}/{run['students']} |")
    return lines + [""]


def markdown(runs: list[dict], plot_name: str) -> list[str]:
    lines = ["", "## Load (locust)", "",
             "Simulated phantom students (`bench/locustfile.py`, headless locust, `FastHttpUser`) against the app "
             "under gunicorn (2 workers × 8 threads) on the loopback, in a fresh namespace, after an unmeasured "
             f"{WARM_UP_S} s warm-up at full speed by other students: they answer level-1 "
             "arithmetic problems (about 12% wrong first, 8% after a hint), and after one problem in ten watch a "
             "video for 4–10 logs, honestly (0 s first, then the seconds that really passed, every 10 s of think "
             "time). Think times: 2–6 s to answer, 1–3 s after a miss or hint, 0.5–1.5 s between problems. At "
             "the end every student's points are read back and compared with the sum of the `points_earned` it "
             f"was told (exact). Attempt p99 goal: ≤ {GOAL_ATTEMPT_P99_MS:g} ms.", "",
             f"![latency per endpoint (this checkout)]({plot_name})", ""]
    lines += _summary(runs)
    for run in runs:
        lines += _run_lines(run)
    return lines


def plot(runs: list[dict], path: pathlib.Path) -> None:
    """The latency distribution (share of requests answered within x ms) of every endpoint, a panel per run."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "meteorite"  # stable element ids: the committed SVG diffs cleanly
    matplotlib.rcParams["svg.fonttype"] = "none"  # text as text, not glyph paths
    from matplotlib import pyplot

    endpoints = sorted({s[0] for run in runs for s in run["samples"]})
    colours = dict(zip(endpoints, pyplot.get_cmap("tab10").colors))
    columns = min(2, len(runs))
    rows = -(-len(runs) // columns)
    figure, axes = pyplot.subplots(rows, columns, figsize=(6 * columns, 4.2 * rows), squeeze=False, sharey=True)
    for ax, run in zip(axes.flat, runs):
        for endpoint in endpoints:
            ms = sorted(s[2] for s in run["samples"] if s[0] == endpoint)
            if ms:
                shares = [(i + 1) / len(ms) for i in range(len(ms))]
                keep = sorted({round(i * (len(ms) - 1) / 200) for i in range(201)})  # 201 quantiles at most
                ax.step([ms[i] for i in keep], [shares[i] for i in keep], where="post", label=endpoint,
                        color=colours[endpoint])
        ax.set_xscale("log")
        ax.set_xlabel("latency, ms (log)")
        ax.axvline(GOAL_ATTEMPT_P99_MS, color="grey", linestyle=":", linewidth=1, label="attempt p99 goal")
        think = "no pauses" if run["think_scale"] == 0 else f"think × {run['think_scale']:g}"
        ax.set_title(f"{run['users']} students, {think}: {run['requests_per_s']:.0f} req/s")
        ax.grid(True, which="both", alpha=0.3)
    for row in axes:
        row[0].set_ylabel("share of requests answered within")
    axes[0][-1].legend(fontsize="small", loc="lower right")
    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None})
    pyplot.close(figure)
