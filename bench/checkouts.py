"""Two or more checkouts compared side by side: one worker process per checkout (a script run with ``--worker``
and that checkout first on its path, answering one JSON line per request line), sampled in turns in a shuffled
order per round, so that a busy moment of the machine falls on every checkout alike (`bench.engine_eval`)."""
from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys


class Worker:
    """A worker process: ``script --worker`` run with the checkout at ``root`` on its path."""

    def __init__(self, script: str, root: str):
        env = dict(os.environ, PYTHONPATH=root)
        self.root = root
        self.proc = subprocess.Popen([sys.executable, script, "--worker"], cwd=root, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, line: str):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def compare(script: str, kinds: tuple[str, ...], roots: list[str], calls: int, rounds: int, warm: int) -> dict:
    """Per checkout and kind: ``rounds`` samples of ``calls`` each, taken in a shuffled order per round across
    checkouts and kinds (after ``warm`` calls of each), and the keys each checkout's worker answers."""
    workers = [Worker(script, root) for root in roots]
    try:
        keys = [w.ask("keys") for w in workers]
        for w in workers:
            for kind in kinds:
                w.ask(f"{warm} {kind}")
        samples: dict[tuple[str, str], list[float]] = {(w.root, k): [] for w in workers for k in kinds}
        rng = random.Random(20261130)
        for _ in range(rounds):
            for w, kind in rng.sample([(w, k) for w in workers for k in kinds], len(kinds) * len(workers)):
                samples[w.root, kind].append(w.ask(f"{calls} {kind}"))
    finally:
        for w in workers:
            w.close()
    return {"keys": dict(zip(roots, keys)), "samples": samples}


def report(result: dict, roots: list[str]) -> None:
    keys = result["keys"]
    same = all(keys[root] == keys[roots[0]] for root in roots)
    print(f"earned keys {'identical' if same else 'DIFFER'}: {json.dumps(keys[roots[0]])}")
    if not same:
        print(json.dumps(keys, indent=1))
    print("| checkout | action | median µs/eval | min | max | samples |\n|---|---|---:|---:|---:|---:|")
    for (root, kind), values in result["samples"].items():
        print(f"| {root} | {kind} | {statistics.median(values):.1f} | {min(values):.1f} | {max(values):.1f} | "
              f"{len(values)} |")
