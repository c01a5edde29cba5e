"""`make bench`: runs the benchmarks against the local services and writes a table to bench/results/."""
from __future__ import annotations

import argparse
import datetime
import json
import pathlib

from bench import cache_backends, cache_miss, realtime

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", action="store_true", help="more actions and users (slower)")
    parser.add_argument("--only", choices=("realtime", "cache", "miss", "sweep"))
    args = parser.parse_args()
    quick = not args.full
    lines = [f"# Meteorite benchmark, {datetime.datetime.now():%Y-%m-%d %H:%M} ({'quick' if quick else 'full'})", ""]
    data = {}
    if args.only in (None, "realtime"):
        data["realtime"] = realtime.run(quick)
        lines += realtime_table(data["realtime"])
    if args.only in (None, "cache"):
        data["cache"] = cache_backends.run(quick)
        lines += [""] + cache_backends.table(data["cache"])
    if args.only in (None, "miss"):
        data["miss"] = cache_miss.run(quick)
        lines += [""] + cache_miss.table(data["miss"])
    if args.only in (None, "sweep"):
        try:
            from bench import sweep
        except ImportError:
            sweep = None
        if sweep is not None:
            data["sweep"] = sweep.run(quick)
            lines += sweep_table(data["sweep"])
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"bench-{stamp}.md").write_text(text)
    (RESULTS / "latest.md").write_text(text)
    (RESULTS / f"bench-{stamp}.json").write_text(json.dumps(data, indent=2, default=str))


if __name__ == "__main__":
    main()
