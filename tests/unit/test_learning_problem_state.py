"""The attempt/hint state machine of SPEC §3, driven by sequences of events."""
import pytest

from learning.problem_state import Completion, ProblemState, after_attempt, after_hint


def play(state: ProblemState, events: str) -> tuple[ProblemState, list[Completion]]:
    """Apply events: R = right answer, W = wrong answer, H = hint."""
    completions = []
    for event in events:
        if event == "H":
            state = after_hint(state)
            continue
        state, completion = after_attempt(state, event == "R")
        if completion is not None:
            completions.append(completion)
    return state, completions


@pytest.mark.parametrize(
    "events, streak, longest, done, correct, firsts",
    [
        ("", 0, 0, 0, 0, []),
        ("R", 1, 1, 1, 1, [True]),
        ("RRR", 3, 3, 3, 3, [True, True, True]),
        ("W", 0, 0, 0, 0, []),  # a wrong attempt completes nothing
        ("WR", 0, 0, 1, 0, [False]),  # wrong then right: completed, not correct
        ("WWWR", 0, 0, 1, 0, [False]),
        ("HR", 0, 0, 1, 0, [False]),  # hint then right: completed, not correct
        ("RRHR", 0, 2, 3, 2, [True, True, False]),
        ("RRRWRR", 1, 3, 5, 4, [True, True, True, False, True]),  # longest streak kept
        ("RRWRRRR", 3, 3, 6, 5, [True, True, False, True, True, True]),
        ("RWRHWR", 0, 1, 3, 1, [True, False, False]),
    ],
)
def test_sequences(events, streak, longest, done, correct, firsts):
    state, completions = play(ProblemState(), events)
    assert (state.streak, state.longest_streak, state.total_done, state.total_correct) == (
        streak,
        longest,
        done,
        correct,
    )
    assert [c.correct_first_try for c in completions] == firsts


@pytest.mark.parametrize("event", ["W", "H"])
def test_wrong_or_hint_resets_streak_at_once(event):
    before = ProblemState(streak=7, longest_streak=7, total_done=7, total_correct=7)
    after, _ = play(before, event)
    assert after.streak == 0
    assert after.missed
    assert after.longest_streak == 7
    assert after.total_done == 7  # not completed


@pytest.mark.parametrize(
    "events, attempts, hints, missed",
    [
        ("W", 1, 0, True),
        ("WW", 2, 0, True),
        ("H", 0, 1, True),
        ("HHW", 1, 2, True),
        ("WHR", 0, 0, False),  # completion resets the per-problem counters
        ("R", 0, 0, False),
    ],
)
def test_per_problem_counters(events, attempts, hints, missed):
    state, _ = play(ProblemState(), events)
    assert (state.attempts, state.hints, state.missed) == (attempts, hints, missed)


def test_state_is_immutable():
    state = ProblemState()
    after_attempt(state, True)
    after_hint(state)
    assert state == ProblemState()
