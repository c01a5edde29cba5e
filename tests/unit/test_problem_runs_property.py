"""For any actions of one student, the runs kept on the stats (`learning.problem_runs`) say what the logs say: the
timed problems and recovery rules decide the same with them as by walking the logs, and what the logs alone tell
an older user agrees with them. The student is played through the real pure functions (`learning.problem_state`
for the streak, `learning.problem_runs` for the runs, `badges.engine._learn_runs` for an older user); stand-in
stats and logs (tests/unit/badge_fakes.py). Pure: no services."""
from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from badges import engine
from badges.catalog import CATALOG, Family
from badges.context import ExerciseInfo
from badges.dryrun_candidate import parse
from learning import problem_runs
from learning.problem_runs import KEPT_TIMES, correct_times
from learning.problem_state import ProblemState, after_attempt, after_hint
from tests.log_runs import told_run, told_times
from tests.unit.badge_fakes import PLog, User, UserExercise, context

# The catalogue's rows, and dry-run candidates at and past the runs the stats keep.
ROWS = [badge for badge in CATALOG if badge.family in (Family.TIMED_PROBLEMS, Family.RECOVERY)] + [
    parse({"family": family, "params": params}).badge() for family, params in (
        ("timed_problems", {"problems": KEPT_TIMES}), ("timed_problems", {"problems": KEPT_TIMES + 1}),
        ("recovery", {"wrong": 2, "recent": KEPT_TIMES}), ("recovery", {"wrong": 2, "recent": KEPT_TIMES + 1}))]
NAMES = ("a", "b", "c")


@dataclasses.dataclass
class Student:
    """One student's stats as the actions keep them, and their problem logs, newest first. ``keeping`` False:
    the logs made before the runs were kept (they stay None, as for an older user). ``learn_from``: held logs
    the engine learns unknown runs from after each log (`badges.engine._learn_runs`; None: never)."""

    keeping: bool = True
    learn_from: int | None = None
    user: User = dataclasses.field(default_factory=User)
    stats: dict = dataclasses.field(default_factory=dict)  # name -> UserExercise
    states: dict = dataclasses.field(default_factory=dict)  # name -> ProblemState
    logs: list = dataclasses.field(default_factory=list)

    def exercise(self, name: str) -> UserExercise:
        return self.stats.setdefault(name, UserExercise(exercise=name))

    def open(self, name: str, event: str) -> None:
        """A hint ("H") or a wrong attempt ("W") on the open problem of ``name``: no log."""
        state = self.states.get(name, ProblemState())
        state = after_hint(state) if event == "H" else after_attempt(state, False)[0]
        self.states[name] = state
        self.exercise(name).streak = state.streak

    def solve(self, name: str, misses: str, time_taken: float) -> None:
        """The open problem of ``name``: ``misses`` (hints and wrong attempts), then the right answer, logged."""
        for event in misses:
            self.open(name, event)
        before = self.states.get(name, ProblemState())
        state, completion = after_attempt(before, True)
        log = PLog(name, completion.correct_first_try, time_taken=time_taken)
        user, ue = self.user, self.exercise(name)
        if self.keeping:  # as actions.exercises._record_run
            user.problem_run_exercise, user.problem_run = problem_runs.next_run(
                user.problem_run_exercise, user.problem_run, user.problem_log_count, name)
            ue.correct_times = problem_runs.next_times(ue.correct_times, before.total_done, log.correct, time_taken)
        self.states[name] = state
        ue.streak, ue.total_done, ue.total_correct = state.streak, state.total_done, state.total_correct
        user.problem_log_count += 1
        self.logs.insert(0, log)
        if self.keeping and self.learn_from is not None:
            engine._learn_runs(user, ue, self.logs[:self.learn_from])

    def run(self) -> tuple[str | None, int | None]:
        return self.user.problem_run_exercise, self.user.problem_run

    def times(self, name: str) -> list[float] | None:
        return correct_times(self.exercise(name).correct_times)


def agrees(kept: bytes | None, truth: list[float]) -> bool:
    """Kept times say the truth: unknown, the whole of it, or (partial) exactly its newest times."""
    if kept is None:
        return True
    times = correct_times(kept)
    if problem_runs.complete(kept):
        return times == truth
    return 0 < len(times) <= len(truth) and truth[-len(times):] == times


def decisions(student: Student, fast: float, known: bool) -> list[bool]:
    """Every timed problems and recovery row on every exercise; ``known`` False: with every run unknown."""
    user = student.user if known else dataclasses.replace(student.user, problem_run_exercise=None, problem_run=None)
    out = []
    for name in NAMES:
        ue = student.exercise(name)
        ue = ue if known else dataclasses.replace(ue, correct_times=None)
        ctx = context(user=user, user_exercise=ue, exercise=ExerciseInfo(name, name, fast), problem_logs=student.logs)
        out += [badge.check(ctx) for badge in ROWS]
    return out


fasts = st.sampled_from([2.0, 2.1, 7.3])
misses = st.sampled_from(["W", "WW", "H", "HW", "WH"])


@st.composite
def actions(draw):
    """(exercises, fast, problems as (exercise, misses, time_taken), trailing open action or None). Problems come
    in blocks of one exercise, each block with its share of missed problems and its pace (exactly the fast time,
    at most it, or anything), so long fast clean runs (timed problems, up to the longest row) and runs of wrong
    logs ending in a right one (recovery) both occur."""
    names, fast = NAMES[:draw(st.integers(2, 3))], draw(fasts)
    paces = (st.just(fast), st.sampled_from([0.0, fast / 2, fast]) | st.floats(0, fast, allow_nan=False),
             st.sampled_from([0.0, fast, 1.5 * fast, 4 * fast]) | st.floats(0, 3 * fast, allow_nan=False))
    problems = []
    for _ in range(draw(st.integers(1, 4))):
        name, share = draw(st.sampled_from(names)), draw(st.sampled_from([0.0, 0.1, 0.5, 0.8]))
        times = draw(st.sampled_from(paces))
        for _ in range(draw(st.integers(1, 130))):
            missed = draw(st.integers(0, 9)) < 10 * share
            problems.append((name, draw(misses) if missed else "", draw(times)))
    trailing = draw(st.none() | st.tuples(st.sampled_from(names), st.sampled_from("HW")))
    return names, fast, problems, trailing


@settings(max_examples=300, deadline=None)
@given(actions())
def test_the_rules_decide_the_same_with_the_runs_known_as_from_the_logs(played):
    names, fast, problems, trailing = played
    student = Student()
    for name, missed, time_taken in problems:
        student.solve(name, missed, time_taken)
        assert student.run() == told_run(student.logs)
        assert student.times(name) == told_times(student.logs, name)
        assert decisions(student, fast, known=True) == decisions(student, fast, known=False)
    if trailing is not None:
        run, times = student.run(), {name: student.times(name) for name in names}
        student.open(*trailing)
        assert student.exercise(trailing[0]).streak == 0
        assert (student.run(), {name: student.times(name) for name in names}) == (run, times)
        assert decisions(student, fast, known=True) == decisions(student, fast, known=False)
    else:
        for name in names:  # with no open problem touched, the streak is the run of correct times
            assert min(student.exercise(name).streak, KEPT_TIMES) == len(student.times(name) or [])


@settings(max_examples=300, deadline=None)
@given(actions(), st.data())
def test_an_older_users_unknown_runs_are_exact_once_known(played, data):
    """Logs made before the runs were kept, then logs with them kept from unknown (and, for an engine that
    learns, the held logs read after each log): every run known is the one the whole history says, and the
    rules decide as from the logs."""
    names, fast, problems, _ = played
    split = data.draw(st.integers(0, len(problems)), label="logs before the runs were kept")
    held = data.draw(st.none() | st.integers(1, len(problems)), label="logs held when learning")
    truth, older = Student(), Student(keeping=False, learn_from=held)
    for index, (name, missed, time_taken) in enumerate(problems):
        older.keeping = index >= split
        truth.solve(name, missed, time_taken)
        older.solve(name, missed, time_taken)
        assert older.run()[1] in (None, truth.run()[1])
        assert older.run()[0] in (None, truth.run()[0])
        for other in names:
            assert agrees(older.exercise(other).correct_times, truth.times(other) or [])
        if older.keeping and held is not None and held >= len(older.logs):  # every log held: all learned
            assert (older.run(), older.times(name)) == (truth.run(), truth.times(name))
        assert decisions(older, fast, known=True) == decisions(truth, fast, known=True)


@settings(max_examples=300, deadline=None)
@given(actions(), st.data())
def test_the_logs_held_tell_the_running_runs_whenever_they_tell(played, data):
    names, _, problems, _ = played
    student = Student()
    for name, missed, time_taken in problems:
        student.solve(name, missed, time_taken)
    count = student.user.problem_log_count
    held = student.logs[:data.draw(st.integers(0, count), label="logs held")]
    run = problem_runs.run_from_logs(held, count)
    assert run in (None, student.run())
    assert run is not None or len(held) < min(count, KEPT_TIMES)
    for name in names:
        times = problem_runs.times_from_logs(held, name, student.exercise(name).total_done)
        assert agrees(times, student.times(name) or [])
        assert times is not None or len(held) < count
