"""`make bench`: runs the benchmarks against the local services and writes their tables to bench/results/: one
file per section (requests, load, realtime, cache, sweep) and ``latest.md``, all sections' latest results."""
from __future__ import annotations

import argparse
import datetime
import json
import pathlib

from bench import cache_backends, load, load_report, realtime, request_parts, requests_cpu, requests_report
from bench.app_server import ROOT

RESULTS = pathlib.Path(__file__).parent / "results"


def realtime_table(result: dict) -> list[str]:
    lines = ["## Real-time action (completed problem), per action", "",
             "| history (logs) | mode | median ms | p90 ms | vs engine off | memcached round trips | cache entry bytes |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    off = {r["history"]: r["median_ms"] for r in result["actions"] if r["mode"] == "engine off"}
    for r in result["actions"]:
        lines.append(f"| {r['history']} | {r['mode']} | {r['median_ms']:.2f} | {r['p90_ms']:.2f} | "
                     f"{r['median_ms'] / off[r['history']]:.2f}× | {r['round_trips']:.1f} | {r['entry_bytes']:,} |")
    lines += ["", "## Cache codec, 500 problem logs", "",
              "| codec | bytes per log | encode µs | decode µs | entry bytes (500 logs) |", "|---|---:|---:|---:|---:|"]
    for c in result["codec"]:
        lines.append(f"| {c['codec']} | {c['bytes_per_log']:.0f} | {c['encode_us']:.1f} | {c['decode_us']:.1f} | "
                     f"{c['entry_bytes_500']:,} |")
    return lines


def sweep_table(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    keys = list(rows[0])
    lines = ["", "## Sweep", "", "| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for r in rows:
        lines.append("| " + " | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in r.values()) + " |")
    return lines


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


def _sweep(args: argparse.Namespace, quick: bool) -> tuple[list, list[str]]:
    from bench import sweep

    rows = sweep.run(quick)
    return rows, sweep_table(rows)


def _realtime(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = realtime.run(quick)
    return result, realtime_table(result)


def _cache(args: argparse.Namespace, quick: bool) -> tuple[dict, list[str]]:
    result = cache_backends.run(quick)
    return result, [""] + cache_backends.table(result)


SECTIONS = {"requests": _requests, "load": _load, "realtime": _realtime, "cache": _cache, "sweep": _sweep}


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


def main() -> None:
    args = _arguments()
    quick = not args.full
    title = f"Meteorite benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M} ({'quick' if quick else 'full'})"
    data, ran = {}, {}
    RESULTS.mkdir(exist_ok=True)
    for name, section in SECTIONS.items():
        if args.only in (None, name):
            data[name], ran[name] = section(args, quick)
    text = write_results(ran, title)
    print(text)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.md").write_text(text)
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(data, indent=2, default=str))


if __name__ == "__main__":
    main()
