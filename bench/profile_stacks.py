"""Where a request's CPU goes: py-spy samples the gunicorn workers (only threads holding the GIL, so waiting on
the network is not counted) while the benchmark's students run, and each request type's samples are summarised
as the functions with the largest share of them.

Invariants: the profiled rounds are separate from the measured ones (sampling costs the workers a little CPU);
py-spy is started and stopped by PID; a request type's samples are those whose stack passes through its Flask
view, and shares are of those samples.
"""
from __future__ import annotations

import collections
import pathlib
import re
import signal
import subprocess
import sys
import tempfile
from typing import Callable

PY_SPY = pathlib.Path(sys.executable).with_name("py-spy")
RATE = 1000
TOP_LINES = 14  # inclusive rows per request type (half as many self rows)
VIEWS = {"serve": "get_problem (handlers/api.py", "attempt": "post_attempt (handlers/api.py",
         "hint": "post_hint (handlers/api.py", "video log": "post_video_log (handlers/api.py",
         "page /profile": "profile (handlers/pages.py", "page /badges": "badges (handlers/pages.py"}
# Frames that only pass control on (ndb's tasklet and event-loop plumbing, decorators): they would top every list.
PLUMBING = re.compile(r"^(_TaskletFuture|Future\.|EventLoop|run[01] |tasklet\.|positional|Options\.options|"
                      r"keyword_only|_query_options|retry_async|Thread\.|_worker |_WorkItem|ThreadWorker|"
                      r"make_call\.<locals>|Sequence\.__iter__|.*<listcomp>|.*<genexpr>)")


def record(master_pid: int, drive: Callable[[], None]) -> list[tuple[list[str], int]]:
    """Run ``drive()`` with py-spy sampling the workers of ``master_pid``; the collapsed stacks it saw."""
    with tempfile.NamedTemporaryFile(suffix=".txt") as out:
        spy = subprocess.Popen([str(PY_SPY), "record", "--pid", str(master_pid), "--subprocesses", "--gil",
                                "--nonblocking", "--rate", str(RATE), "--format", "raw", "-o", out.name],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            drive()
        finally:
            spy.send_signal(signal.SIGINT)
            _, err = spy.communicate(timeout=60)
        stacks = parse(pathlib.Path(out.name).read_text())
    if not stacks:
        raise RuntimeError(f"py-spy recorded nothing: {err.decode()[-500:]}")
    return stacks


def parse(text: str) -> list[tuple[list[str], int]]:
    """Collapsed stacks (``frame;frame;... count``) as frame lists without line numbers or process names."""
    stacks = []
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():  # a line cut short when py-spy stopped has no count: left out
            frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";") if not f.startswith("process ")]
            stacks.append((frames, int(count)))
    return stacks


def top(stacks: list[tuple[list[str], int]], view: str) -> dict:
    """The functions below ``view`` with the largest shares of its samples: inclusive (in the stack) and self
    (on top of the stack); plumbing frames are left out of the inclusive list."""
    inclusive: collections.Counter = collections.Counter()
    self_time: collections.Counter = collections.Counter()
    total = 0
    for frames, count in stacks:
        at = next((i for i, f in enumerate(frames) if f.startswith(view)), None)
        if at is None:
            continue
        total += count
        for frame in set(frames[at + 1:]):
            inclusive[frame] += count
        self_time[frames[-1]] += count
    shown = [(f, c) for f, c in inclusive.most_common() if not PLUMBING.match(f)][:TOP_LINES]
    return {"samples": total,
            "inclusive": [(f, c / total) for f, c in shown] if total else [],
            "self": [(f, c / total) for f, c in self_time.most_common(TOP_LINES // 2)] if total else []}


def report(profiles: dict[str, dict], rounds: int) -> list[str]:
    """Markdown: per request type, the top lines of its profile (or why the profile is missing)."""
    if "error" in profiles:
        return [f"No profile this run: {profiles['error']}", ""]
    lines = [f"Sampled with py-spy (`--gil`: only threads holding the GIL, so not the waits on the network; "
             f"{RATE} Hz asked, fewer got on a busy machine) over {rounds} extra rounds; shares of the request "
             "type's samples (learners' and viewers' together). *Inclusive*: time in the function and what it "
             "calls (ndb's tasklet plumbing left out); *self*: on top of the stack.", ""]
    for op, profile in profiles.items():
        lines += [f"**{op}** ({profile['samples']} samples)", "",
                  "| inclusive | function |", "|---:|---|"]
        lines += [f"| {share:.0%} | `{frame}` |" for frame, share in profile["inclusive"]]
        lines += ["", "| self | function |", "|---:|---|"]
        lines += [f"| {share:.0%} | `{frame}` |" for frame, share in profile["self"]]
        lines.append("")
    return lines
