"""The pure rules of the badge families that are more than a threshold: ``rule(ctx, **badge.params) -> bool``.

Invariants:
- Rules never do I/O themselves: they read only the attributes of ``BadgeContext`` (precalculated stats and the
  lazily decoded last action cache). A couple of slow rules would slow every action of the site. In real time
  the logs behind the action's own are fetched on a rule's first index (`badges.action_history`): one cache
  read per action, and an ancestor query only when that read does not match the committed counts; so a rule
  looks past the newest log only when the stats (`learning.problem_runs`, the newest times) cannot decide.
- Logs are newest first and lazy: a rule touches as few as it needs, by index, and stops at the first log that
  decides the answer (never materialises all 500).
- A threshold family has no function here: its rule is ``threshold(measure)``, earned when the measure
  ``badges.progress`` reports reaches its target, so progress and award never disagree.
- A contextual rule without its context (no exercise / playlist stats on ``ctx``) is False.
- Each family's record in ``badges.families`` names its rule; a badge binds it to its row's params once
  (`bind`, `threshold_check`), and ``evaluate`` calls the bound rule: ``badge.check(ctx) == rule(ctx, **params)``.
"""
from __future__ import annotations

import functools
import math
import operator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from badges.context import BadgeContext, ProblemLogView
from learning import problem_runs
from badges.progress import Measure, Progress, newest
from badges.progress import progress as progress  # re-exported: rules.evaluate and rules.progress side by side

if TYPE_CHECKING:
    from badges.catalog import Badge

Rule = Callable[..., bool]
"""``rule(ctx, **badge.params) -> bool``."""
Check = Callable[[BadgeContext], bool]
"""A rule with a row's params bound: ``check(ctx) -> bool``."""

UNFINISHED_MIN_LOGS = 10
UNFINISHED_WINDOW = 50
UNFINISHED_MIN_CORRECT = 0.75


def threshold(measure: Measure) -> Rule:
    """The rule of a threshold family: earned when ``measure`` reaches its target, never when it cannot measure
    this context. The rule carries the measure's name, docstring and signature (so its params bind alike)."""

    @functools.wraps(measure)
    def rule(ctx: BadgeContext, **params: Any) -> bool:
        return reached(measure(ctx, **params))

    return rule


def reached(p: Progress | None) -> bool:
    """Whether a measured progress reached its target (a context the measure cannot measure never does)."""
    return p is not None and p.current >= p.target


def threshold_check(measure: Measure, params: Mapping[str, Any]) -> Check:
    """``threshold(measure)`` bound to ``params``: the same `reached` of the same measure, with the params bound
    once instead of passed through two keyword calls per evaluation."""
    bound = functools.partial(measure, **params)
    return lambda ctx: reached(bound(ctx))


def bind(rule: Rule, params: Mapping[str, Any]) -> Check:
    """``rule`` bound to ``params``: ``bind(rule, params)(ctx) == rule(ctx, **params)``."""
    return functools.partial(rule, **params)


def timed_problems(ctx: BadgeContext, *, problems: int) -> bool:
    """The newest ``problems`` logs are all this exercise and correct, and their ``time_taken`` sum is at most
    ``problems × seconds_per_fast_problem`` (equality earns it; sums use ``math.fsum`` so that N equal times of
    exactly the fast time compare equal). Decided from the runs kept on the stats whenever they tell (`_head`);
    else the logs are walked, and the walk stops as soon as the newest times alone exceed the limit: a log's
    ``time_taken`` is never negative (the action records ``max(0, ...)``), so the whole sum could only be
    larger."""
    return _timed(ctx, problems, _head(ctx), len(ctx.problem_logs))


def timed_problems_judge(ctx: BadgeContext) -> Callable[[Mapping[str, Any]], bool]:
    """`timed_problems` for every row of one context (`badges.judges`): the runs kept on the stats read once."""
    head, held = _head(ctx), len(ctx.problem_logs)
    return lambda params: _timed(ctx, params["problems"], head, held)


def _timed(ctx: BadgeContext, problems: int, head: Head | None, held: int) -> bool:
    """``held``: how many problem logs the context holds."""
    ex, logs = ctx.exercise, ctx.problem_logs
    if ex is None or held < problems:
        return False
    limit, name = problems * ex.seconds_per_fast_problem, ex.name
    if head is not None and problems <= problem_runs.KEPT_TIMES:  # decided from the stats when they tell
        run, known, whole = head
        if run < problems or (whole and len(known) < problems) or math.fsum(known[-problems:]) > limit:
            return False
        if len(known) >= problems:
            return True
    times: list[float] = []
    total = 0.0
    for i in range(problems):  # the newest ``problems``, one index at a time
        log = logs[i]
        if log.exercise != name or not log.correct:
            return False
        times.append(log.time_taken)
        total += log.time_taken  # a cheap filter; fsum decides
        if total > limit and math.fsum(times) > limit:
            return False
    return math.fsum(times) <= limit


def recovery(ctx: BadgeContext, *, wrong: int, recent: int) -> bool:
    """The newest ``recent`` logs are all this exercise, the newest is correct, the one before it is wrong, and
    at least ``wrong`` of the ``recent`` are wrong."""
    return _recovery(ctx, wrong, recent, _head(ctx), len(ctx.problem_logs))


def recovery_judge(ctx: BadgeContext) -> Callable[[Mapping[str, Any]], bool]:
    """`recovery` for every row of one context (`badges.judges`): the runs kept on the stats read once."""
    head, held = _head(ctx), len(ctx.problem_logs)
    return lambda params: _recovery(ctx, params["wrong"], params["recent"], head, held)


def _recovery(ctx: BadgeContext, wrong: int, recent: int, head: Head | None, held: int) -> bool:
    """``held``: how many problem logs the context holds."""
    ex, logs = ctx.exercise, ctx.problem_logs
    if ex is None or recent < 2 or held < recent:
        return False
    # Not this exercise's newest logs, or its newest correct logs in a row are not exactly one: no recovery.
    if head is not None and recent <= problem_runs.KEPT_TIMES and (
            head[0] < recent or len(head[1]) > 1 or (head[2] and len(head[1]) != 1)):
        return False
    missed, name = 0, ex.name
    for i in range(recent):  # the newest ``recent``, one index at a time
        log = logs[i]
        if log.exercise != name or (i == 0 and not log.correct) or (i == 1 and log.correct):
            return False
        missed += not log.correct
        if missed + (recent - 1 - i) < wrong:  # even if all the rest were wrong, too few
            return False
    return missed >= wrong


Head = tuple[int, Sequence[float], bool]


def _head(ctx: BadgeContext) -> Head | None:
    """What the stats know of the newest problem logs (`learning.problem_runs`): how many in a row are the
    context's exercise, the times of that exercise's newest correct logs in a row (oldest first), and whether
    those are the whole row (else only its newest). So the newest ``n`` logs are all this exercise and correct
    when both reach ``n`` (and ``times[-n:]`` are theirs), and not when the run or whole times fall short. None
    when either is unknown. A rule asking about more than the ``KEPT_TIMES`` newest logs the stats count (a
    dry-run candidate may) reads the logs instead."""
    user, ue, ex = ctx.user, ctx.user_exercise, ctx.exercise
    if ue is None or ex is None:
        return None
    run = problem_runs.run_of(user.problem_run_exercise, user.problem_run, user.problem_log_count, ex.name)
    kept = ue.correct_times
    times = problem_runs.correct_times(kept)
    return None if run is None or times is None else (run, times, problem_runs.complete(kept))


def unfinished_streak(ctx: BadgeContext, *, problems: int) -> bool:
    """Perseverance without proficiency: ``total_done >= problems``, not proficient, the cache holds at least 10
    problem logs, the newest is this exercise and correct, and among the newest min(50, count) logs at least 10
    are this exercise, at least 75% of those correct."""
    return _unfinished(ctx, problems, functools.partial(_mostly_correct, ctx))


def unfinished_streak_judge(ctx: BadgeContext) -> Callable[[Mapping[str, Any]], bool]:
    """`unfinished_streak` for every row of one context (`badges.judges`): the newest logs, which every row
    reads alike, read at most once."""
    walked: list[bool] = []

    def window() -> bool:
        if not walked:
            walked.append(_mostly_correct(ctx))
        return walked[0]

    return lambda params: _unfinished(ctx, params["problems"], window)


def _unfinished(ctx: BadgeContext, problems: int, mostly_correct: Callable[[], bool]) -> bool:
    ue = ctx.user_exercise
    if ue is None or ctx.exercise is None or ue.total_done < problems or ue.proficient_date is not None:
        return False
    return mostly_correct()


def _mostly_correct(ctx: BadgeContext) -> bool:
    """The logs half of `unfinished_streak`, the same for every row: at least 10 logs, the newest this exercise
    and correct, and among the newest min(50, count) at least 10 of this exercise, 75% of those correct."""
    ex, logs = ctx.exercise, ctx.problem_logs
    if len(logs) < UNFINISHED_MIN_LOGS or logs[0].exercise != ex.name or not logs[0].correct:
        return False
    mine = correct = 0
    for log in newest(logs, UNFINISHED_WINDOW):
        if log.exercise == ex.name:
            mine += 1
            correct += bool(log.correct)
    return mine >= UNFINISHED_MIN_LOGS and correct >= UNFINISHED_MIN_CORRECT * mine


def power_time(ctx: BadgeContext, *, problems: int, video_seconds: float, window_seconds: float) -> bool:
    """Needs at least one video log and one problem log. ``end`` = the newer of the newest problem's
    ``time_done`` and the newest video's ``time_watched``; ``start = end - window``. Logs at exactly ``start``
    count. Video seconds since start >= ``video_seconds`` and correct problems since start >= ``problems``.
    The newest times come from the stats when they hold them (``last_problem_done``, ``last_video_log_time``:
    set with each log), so a window holding no log of one kind is decided without reading any log.
    Each list is walked newest first and left at the first log older than start (or once its target is met);
    problems first, so a student watching videos with no problem in the window costs one problem log, not the
    hundreds of video logs a long watch leaves."""
    plogs, vlogs, user = ctx.problem_logs, ctx.video_logs, ctx.user
    if not len(plogs) or not len(vlogs):
        return False
    # The newest of each, as the stats know it (the action that makes a log sets it) or else from the logs.
    newest_problem = user.last_problem_done or plogs[0].time_done
    newest_video = user.last_video_log_time or vlogs[0].time_watched
    start = max(newest_problem, newest_video) - timedelta(seconds=window_seconds)
    if (newest_problem < start and problems > 0) or (newest_video < start and video_seconds > 0):
        return False  # nothing of that kind since start: decided without reading a log
    if _sum_since(plogs, _TIME_DONE, _correct_one, start, problems) < problems:
        return False
    return _sum_since(vlogs, _TIME_WATCHED, _SECONDS_WATCHED, start, video_seconds) >= video_seconds


_TIME_DONE, _TIME_WATCHED = operator.attrgetter("time_done"), operator.attrgetter("time_watched")
_SECONDS_WATCHED = operator.attrgetter("seconds_watched")


def _correct_one(log: ProblemLogView) -> int:
    return 1 if log.correct else 0


def _sum_since(logs: Sequence, when: Callable[[Any], datetime], amount: Callable[[Any], float],
               start: datetime, target: float) -> float:
    """Sum of ``amount(log)`` over the newest-first logs with ``when(log) >= start``, walked one index at a time
    (only as far as needed) and left at the first older log or as soon as ``target`` is reached."""
    total = 0
    for i in range(len(logs)):
        log = logs[i]
        if when(log) < start:
            break
        total += amount(log)
        if total >= target:
            break
    return total


def monthly_top(ctx: BadgeContext, *, subject: str) -> bool:
    """Background only: the sweep ranks a finished month itself; never earned in real time."""
    return False


def custom(ctx: BadgeContext, *, description: str = "", emails: Iterable[str] = ()) -> bool:
    """Admin-made: awarded by hand (no ``emails``: never by rule), or to the students of a manual list (lower-case
    ``emails``, made from a dry run), whom the sweep awards it."""
    return bool(emails) and (ctx.user.email or "").lower() in emails


def evaluate(badge: Badge, ctx: BadgeContext) -> bool:
    """Whether ``ctx`` satisfies ``badge``'s rule now. Says nothing about ownership (the engine checks that)."""
    return badge.check(ctx)

