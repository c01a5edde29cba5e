"""The request benchmark's section of bench/results/latest.md: CPU per request type (this checkout, and beside it
any checkout it was compared with), the method, and the profile's top lines."""
from __future__ import annotations

from bench import profile_stacks

GOALS_MS = {"serve": 5.0, "attempt": 8.0}
METHOD = (
    "App CPU of the gunicorn workers (2 workers × 8 threads, as `make run` serves the app) per request, one request "
    "in flight at a time: the workers' CPU clock (the time `/proc/<pid>/stat` counts as utime + stime) read before "
    "and after each request and summed over both workers. *proc* is the same from `/proc/<pid>/stat` itself "
    "(10 ms ticks: unbiased over many requests, noisy per request). {rounds} rounds after {warmup} warm-up "
    "rounds; each round sends every request type once in a random order (a serve before its attempt), "
    "alternating the servers compared. Students think on a simulated clock (`X-Test-Now`): {think}. A *learner* "
    "does problems only; a student *also watching videos* logs 10 s of video before each log."
)


def _server_table(server: dict) -> list[str]:
    lines = [f"**{server['label']}** (`{server['app_dir']}`): workers idle {server['idle_cpu_ms_per_s']:.1f} ms CPU/s; "
             f"measured phase {server['clock_cpu_s']:.2f} s CPU by the clock, {server['proc_stat_cpu_s']:.2f} s by "
             f"/proc; workers unchanged: {server['workers_unchanged']}", "",
             "| request | n | CPU mean ms | proc mean ms | CPU median | CPU p90 | wall median ms | wall p90 ms | goal |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in server["rows"]:
        goal = GOALS_MS.get(r["op"])
        verdict = "" if goal is None else f"≤ {goal:g} ms: {'met' if r['cpu_ms_mean'] <= goal else 'NOT met'}"
        lines.append(f"| {r['op']} | {r['n']} | {r['cpu_ms_mean']:.2f} | {r['proc_stat_ms_mean']:.1f} | "
                     f"{r['cpu_ms_median']:.2f} | {r['cpu_ms_p90']:.2f} | {r['wall_ms_median']:.1f} | "
                     f"{r['wall_ms_p90']:.1f} | {verdict} |")
    return lines + [""]


def _before_after(servers: list[dict]) -> list[str]:
    """CPU mean per request type of every server side by side (the first is this checkout)."""
    labels = [s["label"] for s in servers]
    by_label = {s["label"]: {r["op"]: r for r in s["rows"]} for s in servers}
    ops = [r["op"] for r in servers[0]["rows"]] + [op for s in servers[1:] for op in by_label[s["label"]]
                                                   if op not in by_label[labels[0]]]
    lines = ["| request | " + " | ".join(f"{label} CPU ms" for label in labels) + " | change |",
             "|---|" + "---:|" * (len(labels) + 1)]
    for op in dict.fromkeys(ops):
        means = [by_label[label].get(op, {}).get("cpu_ms_mean") for label in labels]
        cells = " | ".join("—" if m is None else f"{m:.2f}" for m in means)
        change = "" if None in means[:2] else f"{means[0] / means[1] - 1:+.0%}"
        lines.append(f"| {op} | {cells} | {change} |")
    return lines + [""]


def markdown(result: dict) -> list[str]:
    from bench.requests_cpu import THINK

    think = ", ".join(f"{seconds:g} s before {op}" for op, seconds in THINK.items())
    lines = ["", "## App CPU per request", "",
             METHOD.format(rounds=result["rounds"], warmup=result["warmup_rounds"], think=think), ""]
    if len(result["servers"]) > 1:
        lines += ["Before and after, measured interleaved in the same run (CPU mean per request):", ""]
        lines += _before_after(result["servers"])
    for server in result["servers"]:
        lines += _server_table(server)
    lines += ["### Where the CPU goes", ""]
    lines += profile_stacks.report(result["profile"], result["profile_rounds"])
    return lines
