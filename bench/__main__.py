"""`make bench`: runs the benchmarks against the local services and writes their tables to bench/results/: one
file per section (requests, load, realtime, cache, miss, parts, sweep, ops, footprint) and ``latest.md``, all
sections' latest results."""
from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import urllib.request

from bench import (cache_backends, cache_miss, engine_parts, footprint, load, load_report, realtime, request_ops,
                   request_parts, requests_cpu, requests_report)
from bench.app_server import ROOT

RESULTS = pathlib.Path(__file__).parent / "results"


def realtime_table(result: dict) -> list[str]:
    lines = ["## Real-time action (completed problem), per action", "",
             f"Modes interleaved in a shuffled order per round after {result['warm_up']} warm-up actions each, "
             f"{result['samples_per_mode']} samples per mode and history size, each mode in a namespace of its own "
             "(bench/realtime.py). CPU is this process's; wall time moves with the machine's other work.", "",
             "| history (logs) | mode | median ms | p90 ms | CPU median ms | CPU p90 ms | vs engine off (wall) | "
             "vs engine off (CPU) | memcached round trips | cache entry bytes |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    off = {r["history"]: r for r in result["actions"] if r["mode"] == "engine off"}
    for r in result["actions"]:
        base = off[r["history"]]
        lines.append(f"| {r['history']} | {r['mode']} | {r['median_ms']:.2f} | {r['p90_ms']:.2f} | "
                     f"{r['cpu_median_ms']:.2f} | {r['cpu_p90_ms']:.2f} | {r['median_ms'] / base['median_ms']:.2f}× | "
                     f"{r['cpu_median_ms'] / base['cpu_median_ms']:.2f}× | {r['round_trips']:.1f} | "
                     f"{r['entry_bytes']:,} |")
    lines += ["", "## Cache codec, 500 problem logs", "",
              "| codec | bytes per log | encode µs | decode µs | entry bytes (500 logs) |", "|---|---:|---:|---:|---:|"]
    for c in result["codec"]:
        lines.append(f"| {c['codec']} | {c['bytes_per_log']:.0f} | {c['encode_us']:.1f} | {c['decode_us']:.1f} | "
                     f"{c['entry_bytes_500']:,} |")
    return lines


def profile_section(text: str) -> list[str]:
    top = [line for line in text.splitlines() if line.strip()][:45]
    return ["", "### Where an engine-on action's time goes (pyinstrument, 500 logs, 30 actions)", "", "```",
            *top, "```"]


SWEEP_COLUMNS = (("page_size", "page size"), ("users_per_second", "processed users/s"),
                 ("users_per_second_workers", "processed users/s, 2 page workers"),
                 ("ms_per_processed_user", "ms per processed user"), ("ms_per_skipped_user", "ms per skipped user"),
                 ("skip_cost_ratio", "skipped / processed"), ("full_scan_skip_ms", "ms per skipped user, full run"),
                 ("full_scan_skip_ratio", "full-run skipped / processed"))


def sweep_table(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    lines = ["", f"## Sweep, {rows[0]['users']:,} users, pages in-process (bench/sweep.py)", "",
             "| " + " | ".join(title for _, title in SWEEP_COLUMNS) + " | CPU ms per processed user (app + emulator)"
             " | Datastore RPCs / reads / keys / writes per processed user | badges awarded |",
             "|" + "---:|" * (len(SWEEP_COLUMNS) + 3)]
    for r in rows:
        p = r["processed"]
        lines.append("| " + " | ".join(str(r[key]) for key, _ in SWEEP_COLUMNS) +
                     f" | {p['cpu_ms']:.2f} + {p['emulator_cpu_ms']:.2f} | {p['rpcs']:.2f} / {p['reads']:.2f} / "
                     f"{p['keys_read']:.2f} / {p['writes']:.2f} | {r['badges_awarded']:,} |")
    return lines


def sweep_profile_section(shown: dict) -> list[str]:
    top = [line for line in shown["flat"].splitlines() if line.strip()][:30]
    return ["", "### Where a processing sweep's time goes (pyinstrument, 1,500 users, page 100, one worker; "
            "functions by their own wall time)", "", "```", *top, "```"]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="more actions and users (slower)")
    parser.add_argument("--only", choices=tuple(SECTIONS))
    parser.add_argument("--load", action="store_true", help="only the load benchmark (same as --only load)")
    parser.add_argument("--users", default="16", help="load: simulated students, e.g. 64 or 16,64")
    parser.add_argument("--seconds", type=int, help="load: seconds per run (default 40, 60 with --full)")
    parser.add_argument("--compare", action="append", default=[], metavar="LABEL=DIR",
                        help="also measure the checkout in DIR the same way (e.g. before=/tmp/main)")
    args = parser.parse_args()
    args.only = "load" if args.load else args.only
    return args


def _compared(args: argparse.Namespace) -> dict[str, pathlib.Path]:
    return {c.split("=", 1)[0]: pathlib.Path(c.split("=", 1)[1]) for c in args.compare}


def _requests(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = requests_cpu.run(quick, _compared(args))
    result["parts"] = request_parts.run(quick)
    return result, requests_report.markdown(result) + request_parts.markdown(result["parts"])


def _load(args: argparse.Namespace, quick: bool) -> tuple[list, list[str]]:
    """Each number of students twice: with realistic think times, and without pauses (the server's capacity);
    each compared checkout right after this one, in the same conditions."""
    seconds = args.seconds or (40 if quick else 60)
    checkouts = {"this": ROOT, **_compared(args)}
    runs = [load.run(int(users), seconds, think, path, label) for users in args.users.split(",")
            for think in (1.0, 0.0) for label, path in checkouts.items()]
    load_report.plot([r for r in runs if r["label"] == "this"], RESULTS / "latency.svg")
    return runs, load_report.markdown(runs, "latency.svg")


def _sweep(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    from bench import sweep

    result = {"rows": sweep.run(quick), "profile": sweep.profile()}
    return result, sweep_table(result["rows"]) + sweep_profile_section(result["profile"])


def _realtime(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = realtime.run(quick)
    result["profile"] = realtime.profile()
    return result, realtime_table(result) + profile_section(result["profile"])


def _cache(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = cache_backends.run(quick)
    return result, [""] + cache_backends.table(result)


def _miss(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = cache_miss.run(quick)
    return result, [""] + cache_miss.table(result)


def _parts(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = engine_parts.run(quick)
    return result, [""] + engine_parts.table(result)


def _ops(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = request_ops.run()
    return result, [""] + request_ops.table(result)


def _footprint(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = footprint.run()
    return result, [""] + footprint.table(result)


SECTIONS = {"requests": _requests, "load": _load, "realtime": _realtime, "cache": _cache, "miss": _miss,
            "parts": _parts, "sweep": _sweep, "ops": _ops, "footprint": _footprint}


def write_results(ran: dict[str, list[str]], title: str) -> str:
    """Each section run now to ``results/<section>.md``; ``latest.md`` is every section's latest file in order,
    so a run of one section (``--only``) leaves the others' results as they were."""
    for name, lines in ran.items():
        (RESULTS / f"{name}.md").write_text(f"<!-- {title} -->\n" + "\n".join(lines) + "\n")
    parts = [f"# {title}", ""]
    for name in SECTIONS:
        path = RESULTS / f"{name}.md"
        if path.exists():
            parts.append(path.read_text())
    text = "\n".join(parts)
    (RESULTS / "latest.md").write_text(text)
    return text


def empty_emulator() -> None:
    """With BENCH_EMPTY_EMULATOR=1 (`make bench`: one bench owns the profile's emulator), wipe the Datastore
    emulator before a section: it keeps every entity a section writes (a 5,000-log history per mode and size) in
    its heap, and a full heap's long collections expire the next section's transactions."""
    host = os.environ.get("DATASTORE_EMULATOR_HOST")
    if host and os.environ.get("BENCH_EMPTY_EMULATOR") == "1":
        with urllib.request.urlopen(urllib.request.Request(f"http://{host}/reset", method="POST"), timeout=120):
            pass


def main() -> None:
    args = _arguments()
    quick = not args.full
    title = f"Meteorite benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M} ({'quick' if quick else 'full'})"
    data, ran = {}, {}
    RESULTS.mkdir(exist_ok=True)
    for name, section in SECTIONS.items():
        if args.only in (None, name):
            empty_emulator()
            data[name], ran[name] = section(args, quick)
    text = write_results(ran, title)
    print(text)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.md").write_text(text)
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(data, indent=2, default=str))
    for name, result in data.items():  # every section's raw samples, kept beside its table
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2, default=str))


if __name__ == "__main__":
    main()
