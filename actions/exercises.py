"""A student's work on one exercise: serving its problems, hints and attempts (SPEC §3 "Problems",
"Proficiency", "Energy points").

Invariants: problem n is served only when n == total_done + 1; the server generates and checks it; serving writes
nothing to the Datastore: it answers a serve token (`content.serve_tokens`) that an attempt or hint must send back,
valid only for that student, exercise and number while n is the next problem; ``time_taken`` counts from the
problem's first serve (the time a re-serve's token carries too, `actions.problem_clock`, or the earliest one a hint
or wrong attempt of that problem has recorded). An attempt's stats, log, points, activity, proficiency,
monthly counter and badge awards commit in one transaction (or none); two tabs racing on one problem complete it
once (the loser gets 409).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from google.cloud import ndb

from actions import problem_clock, users
from actions.errors import conflict, not_found
from actions.results import ActionResults
from actions.services import Services
from badges import engine
from clients.datastore import transact
from content import answers, serve_tokens, serving
from content.exercises import EXERCISES_BY_NAME
from identity.session import Identity
from learning import activity, points, problem_runs, proficiency
from learning.problem_state import ProblemState, after_attempt, after_hint
from models.content import Exercise
from models.logs import ProblemLog
from models.user import UserExercise, UserMonthlyPoints


@dataclass
class AttemptOutcome:
    correct: bool
    completed: bool
    user_exercise: UserExercise
    results: ActionResults


def load_exercise(services: Services, name: str) -> Exercise:
    """The stored exercise (through the app's catalogue cache); 404 when there is none."""
    if name not in EXERCISES_BY_NAME:
        raise not_found(f"unknown exercise: {name}")
    exercise = services.catalogue.exercise(name)
    if exercise is None:
        raise not_found(f"exercise not seeded: {name}")
    return exercise


def user_exercise_key(user_id: str, exercise: str) -> ndb.Key:
    return ndb.Key(UserExercise, exercise, parent=users.user_key(user_id))


def new_user_exercise(user_id: str, exercise: str) -> UserExercise:
    return UserExercise(key=user_exercise_key(user_id, exercise), exercise=exercise)


def read_user_exercise(services: Services, user_id: str, exercise: str) -> UserExercise:
    load_exercise(services, exercise)
    return user_exercise_key(user_id, exercise).get() or new_user_exercise(user_id, exercise)


def generate(services: Services, user_id: str, exercise: str, number: int):
    return serving.generate(services.problem_secret, user_id, exercise, number)


def serve(services: Services, ident: Identity, exercise_name: str, number: int,
          now: datetime.datetime) -> tuple[serving.Problem, str]:
    """Problem ``number`` if it is the next one, and its serve token, carrying the problem's first serve time
    (`actions.problem_clock`; ``now`` on a first serve). Writes nothing to the Datastore."""
    _require_next(read_user_exercise(services, ident.user_id, exercise_name), number)
    served = problem_clock.first_served(services.lac.cache, ident.user_id, exercise_name, number, now)
    token = serve_tokens.sign(services.problem_secret, ident.user_id, exercise_name, number, served)
    return generate(services, ident.user_id, exercise_name, number), token


def served_at(services: Services, ident: Identity, exercise_name: str, number: int,
              token: str | None) -> datetime.datetime:
    """When problem ``number`` was served to this student, from the token its serve answered (409 without one)."""
    if token is None:
        raise conflict(f"problem {number} has not been served yet (send the problem_token its serve answered)")
    try:
        return serve_tokens.verify(services.problem_secret, token, ident.user_id, exercise_name, number)
    except serve_tokens.InvalidToken as exc:
        raise conflict(f"problem {number} was not served to you: {exc}") from exc


def _require_next(ue: UserExercise, number: int) -> None:
    if number != ue.total_done + 1:
        raise conflict(f"problem {number} is not the next problem (expected {ue.total_done + 1})")


def _start_clock(ue: UserExercise, number: int, served: datetime.datetime) -> datetime.datetime:
    """The problem's clock: the earliest serve any write for it has seen. A hint or a wrong attempt pins it on
    the stats, so a fresh serve of the same problem cannot restart it."""
    if ue.served_number == number and ue.served_time is not None:
        served = min(served, ue.served_time)
    ue.served_number, ue.served_time = number, served
    return served


def _state(ue: UserExercise) -> ProblemState:
    return ProblemState(ue.streak, ue.longest_streak, ue.total_done, ue.total_correct,
                        ue.current_attempts, ue.current_hints, ue.current_missed)


def _apply(ue: UserExercise, state: ProblemState) -> None:
    ue.streak, ue.longest_streak = state.streak, state.longest_streak
    ue.total_done, ue.total_correct = state.total_done, state.total_correct
    ue.current_attempts, ue.current_hints, ue.current_missed = state.attempts, state.hints, state.missed


def hint(services: Services, ident: Identity, exercise_name: str, number: int, now: datetime.datetime, *,
         token: str | None):
    """Take a hint on the served problem: the streak resets at once; the problem will not count as correct."""
    load_exercise(services, exercise_name)
    served = served_at(services, ident, exercise_name, number, token)
    problem = generate(services, ident.user_id, exercise_name, number)

    def txn():
        user_key = users.user_key(ident.user_id)
        ud, ue = ndb.get_multi([user_key, user_exercise_key(ident.user_id, exercise_name)])
        ue = ue or new_user_exercise(ident.user_id, exercise_name)
        _require_next(ue, number)
        _start_clock(ue, number, served)
        shown = ue.current_hints
        _apply(ue, after_hint(_state(ue)))
        ud = users.load_or_new(ident, now, ud)
        ndb.put_multi([ue, ud])
        return problem.hints[min(shown, len(problem.hints) - 1)], ue, ud

    text, ue, ud = transact(txn)
    return text, ue, ActionResults(ud)


def attempt(services: Services, ident: Identity, exercise_name: str, number: int, answer: str,
            now: datetime.datetime, *, token: str | None) -> AttemptOutcome:
    """Check an answer to the served problem and apply it; a completion is logged, credited and shown to the
    badge engine in the same transaction."""
    exercise = load_exercise(services, exercise_name)
    served = served_at(services, ident, exercise_name, number, token)
    correct = answers.check(generate(services, ident.user_id, exercise_name, number), answer)
    # Only a right answer completes a problem, so a wrong one never touches the last action cache.
    badges = engine.begin(services.lac, ident.user_id, enabled=services.badge_engine and correct)
    month_key = _month_key(ident.user_id, EXERCISES_BY_NAME[exercise_name].subject, now)

    def txn():
        ud, ue, monthly = ndb.get_multi(
            [users.user_key(ident.user_id), user_exercise_key(ident.user_id, exercise_name), month_key])
        ud = users.load_or_new(ident, now, ud)
        ue = ue or new_user_exercise(ident.user_id, exercise_name)
        replayed = _committed(ud, ue, number) if correct else None
        if replayed is not None:
            return ue, replayed, True
        _require_next(ue, number)
        before = _state(ue)
        after, completion = after_attempt(before, correct)
        _apply(ue, after)
        started = _start_clock(ue, number, served)
        ud.activity_run_start, ud.last_activity = activity.record_activity(ud.activity_run_start, ud.last_activity, now)
        results, entities = ActionResults(ud), [ud, ue]
        if completion:
            first_try = completion.correct_first_try
            results.points = _credit(exercise, ue, ud, before, first_try, now)
            log = _problem_log(ud.key, ue, before, first_try, number, results.points, started, now)
            _record_run(ud, ue, before, log)
            results.awards, awarded = badges.problem(ud, ue, exercise, log, now)
            entities += [log, *_add_monthly(monthly, month_key, results.points), *awarded]
        ndb.put_multi(entities)
        return ue, results, completion is not None

    ue, results, completed = transact(txn, xg=True)
    badges.after_commit()
    return AttemptOutcome(correct, completed, ue, results)


def _committed(ud, ue: UserExercise, number: int) -> ActionResults | None:
    """A right answer sent again for the problem just completed (a client retrying after a commit whose answer it
    never got): the committed completion, changing nothing, instead of a 409. Its badges, if any, are still
    pending and slide down on the next page. The problem number is the idempotency key."""
    if number != ue.total_done or number < 1 or ud.key is None:
        return None
    log = ndb.Key(ProblemLog, f"{ue.exercise}:{number}", parent=ud.key).get()
    return None if log is None else ActionResults(ud, points=log.points_earned or 0)


def _month_key(user_id: str, subject: str, now: datetime.datetime) -> ndb.Key:
    return ndb.Key(UserMonthlyPoints, f"{now:%Y-%m}:{subject}", parent=users.user_key(user_id))


def _add_monthly(monthly: UserMonthlyPoints | None, key: ndb.Key, earned: int) -> list[UserMonthlyPoints]:
    """The month's counter for the exercise's subject with ``earned`` added; nothing to put when nothing is earned."""
    if not earned:
        return []
    month, subject = key.id().split(":", 1)
    monthly = monthly or UserMonthlyPoints(key=key, month=month, subject=subject, points=0)
    monthly.points += earned
    return [monthly]


def _problem_log(user_key: ndb.Key, ue: UserExercise, before: ProblemState, first_try: bool, number: int,
                 earned: int, started: datetime.datetime, now: datetime.datetime) -> ProblemLog:
    """The log of a completed problem; its id makes a completion logged once; time is counted from serving
    (``started``, the problem's clock)."""
    name = ue.key.id()
    return ProblemLog(
        parent=user_key, id=f"{name}:{number}", exercise=name, problem_number=number,
        correct=first_try, time_done=now, time_taken=max(0.0, (now - started).total_seconds()),
        count_attempts=before.attempts + 1, count_hints=before.hints, points_earned=earned)


def _record_run(ud, ue: UserExercise, before: ProblemState, log: ProblemLog) -> None:
    """The runs at the head of the problem logs (`learning.problem_runs`) and the newest log's time, ``log`` being
    the newest, set before the badge step reads them; ``ud.problem_log_count`` does not count ``log`` yet."""
    ud.problem_run_exercise, ud.problem_run = problem_runs.next_run(
        ud.problem_run_exercise, ud.problem_run, ud.problem_log_count, log.exercise)
    ue.correct_times = problem_runs.next_times(ue.correct_times, before.total_done, log.correct, log.time_taken)
    ud.last_problem_done = log.time_done


def _credit(exercise: Exercise, ue: UserExercise, ud, before: ProblemState, first_try: bool,
            now: datetime.datetime) -> int:
    """Points and proficiency of a completed problem; returns the energy points earned."""
    required = exercise.required_streak
    earned = 0
    if first_try:
        earned = points.problem_points(
            longest_streak=before.longest_streak, required_streak=required, total_done=before.total_done,
            summative=exercise.summative, proficient=ue.proficient_date is not None)
        ud.points = (ud.points or 0) + earned
    if proficiency.becomes_proficient(ue.streak, required, ue.proficient_date is not None):
        ue.proficient_date = now
        if ue.exercise not in ud.proficient_exercises:
            ud.proficient_exercises.append(ue.exercise)
        for name in [ue.exercise, *sorted(_covered(ud, ue.exercise))]:
            if name not in ud.all_proficient_exercises:
                ud.all_proficient_exercises.append(name)
    return earned


COVERS = {name: definition.covers for name, definition in EXERCISES_BY_NAME.items()}


def _reachable(exercise: str) -> list[str]:
    found, pending = [], [exercise]
    while pending:
        for covered in COVERS.get(pending.pop(), ()):
            if covered != exercise and covered not in found:
                found.append(covered)
                pending.append(covered)
    return found


def _covered(ud, exercise: str) -> set[str]:
    """Exercises made proficient by covering (SPEC §3 `all_proficient_exercises`): those the new proficiency
    covers where the student never missed. Read only on the rare action that makes an exercise proficient."""
    reachable = [name for name in _reachable(exercise) if name not in ud.all_proficient_exercises]
    if not reachable:
        return set()
    stats = dict(zip(reachable, ndb.get_multi([user_exercise_key(ud.key.id(), n) for n in reachable])))

    def never_missed(name: str) -> bool:
        ue = stats.get(name)
        return name not in stats or ue is None or ue.total_done == ue.total_correct

    return proficiency.covered_exercises(exercise, COVERS, never_missed)
