"""The Datastore emulator's memory over one 1,000-user sweep, with Java's default heap and with the options
scripts/services.sh gives it (tests.own_services.DATASTORE_JVM); and what deleting the sweep's namespace gives back.

Method: a fresh emulator of the benchmark's own per configuration; its resident memory (VmRSS) when idle, after
1,000 users are written and swept twice (pages in-process, as bench.sweep runs them: a full run that processes
everyone, then a run that skips everyone), and after every entity of the namespace is deleted (a keys-only
kindless query) and the JVM is asked for a full collection (``jcmd GC.run``, when the JDK has jcmd).
"""
from __future__ import annotations

import shutil
import subprocess
import time

from bench import emulator, sweep
from bench.app_server import empty_namespace

USERS = 1_000
CONFIGURATIONS = (("Java defaults (G1, max heap 1/4 of RAM)", ""), ("scripts/services.sh's", None))


def _collect(pid: int) -> None:
    if shutil.which("jcmd"):
        subprocess.run(["jcmd", str(pid), "GC.run"], capture_output=True, timeout=60)
        time.sleep(1)


def _measure(jvm: str | None) -> dict:
    from badges.last_action_cache import LastActionCache
    from clients.cache import make_cache
    from clients.datastore import make_client
    from config import Config

    config = Config.from_env()
    with emulator.own_datastore(jvm) as pid:
        idle = emulator.rss_mb(pid)
        client = make_client(config)
        lac = LastActionCache(make_cache(config.with_(cache_prefix=f"footprint-{time.time_ns()}:")))
        with client.context(namespace="footprint", cache_policy=False):
            sweep._populate(USERS)
            for _ in range(2):
                sweep._sweep(lac, 100, "footprint", pid)
            swept = emulator.rss_mb(pid)
            deleted = empty_namespace()
        _collect(pid)
        return {"idle_mb": round(idle), "after_sweeps_mb": round(swept), "growth_mb": round(swept - idle),
                "entities_deleted": deleted, "after_delete_and_gc_mb": round(emulator.rss_mb(pid))}


def run(quick: bool = True) -> list[dict]:
    return [{"jvm": label, **_measure(jvm)} for label, jvm in CONFIGURATIONS]


def table(rows: list[dict]) -> list[str]:
    lines = ["## Datastore emulator memory, one 1,000-user sweep", "",
             "| emulator JVM | idle MB | after 2 sweeps MB | growth MB | entities deleted | after delete + GC MB |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['jvm']} | {r['idle_mb']} | {r['after_sweeps_mb']} | {r['growth_mb']} | "
              f"{r['entities_deleted']:,} | {r['after_delete_and_gc_mb']} |" for r in rows]
    return lines


if __name__ == "__main__":
    print("\n".join(table(run())))
