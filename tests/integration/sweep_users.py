"""Users for the sweep tests, written straight to the Datastore, each of a profile that says which awards it
deserves independently of the rule code; and the check that a sweep awarded exactly that."""
from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Callable

from google.cloud import ndb

from badges import catalog
from content.exercises import EXERCISES_BY_NAME
from models.badges import PendingNotification, UserBadge
from models.logs import ProblemLog
from models.user import UserData, UserExercise, UserPlaylist

NOW = datetime.datetime(2012, 4, 2, 6, 0)
LEVEL_ONE = ["addition_1", "subtraction_1", "multiplication_1", "division_1"]
Made = tuple[list[ndb.Model], set[str]]  # the user's other entities, and the award keys deserved


def shown(exercise: str) -> str:
    return EXERCISES_BY_NAME[exercise].display_name


def _three(ud: UserData) -> Made:
    ud.all_proficient_exercises = ud.proficient_exercises = LEVEL_ONE[:3]
    ud.points = 500
    return [], {"gettingstartedbadge"}


def _level_one(ud: UserData) -> Made:
    """The two badges' points carry the student over 10,000: re-evaluated at once."""
    ud.all_proficient_exercises = ud.proficient_exercises = LEVEL_ONE
    ud.points = 9_850
    return [], {"gettingstartedbadge", "levelonearithmeticianbadge", "tenthousandairebadge"}


def _streaks(ud: UserData) -> Made:
    more = [UserExercise(parent=ud.key, id="addition_1", exercise="addition_1", longest_streak=45, total_done=60),
            UserExercise(parent=ud.key, id="subtraction_1", exercise="subtraction_1", longest_streak=20,
                         total_done=20)]
    a, s = shown("addition_1"), shown("subtraction_1")
    return more, {f"nicestreakbadge[{a}]", f"greatstreakbadge[{a}]", f"nicestreakbadge[{s}]"}


def _listener(ud: UserData) -> Made:
    ud.total_seconds_watched = 1_900.0
    more = [UserPlaylist(parent=ud.key, id="pl-1", playlist_id="pl-1", title="Old Playlist", seconds_watched=1_900.0)]
    return more, {"niceplaylisttimebadge[Old Playlist]", "greatplaylisttimebadge[Old Playlist]",
                  "actonesceneonebadge"}


def _veteran(ud: UserData) -> Made:
    ud.joined = NOW - datetime.timedelta(days=400)
    return [], {"yearonebadge"}


def _habit(ud: UserData) -> Made:
    ud.activity_run_start = NOW - datetime.timedelta(days=6, hours=1)
    ud.last_activity = NOW - datetime.timedelta(hours=2)
    return [], {"fivedayconsecutiveactivitybadge"}


def _owner(ud: UserData) -> Made:
    """Already holds what it deserves."""
    ud.all_proficient_exercises = ud.proficient_exercises = LEVEL_ONE[:3]
    ud.owned_badges, ud.badge_counts, ud.points = ["gettingstartedbadge"], [1, 0, 0, 0, 0, 0], 600
    return [], set()


def _rich(ud: UserData) -> Made:
    ud.points = 150_000
    return [], {"tenthousandairebadge", "hundredthousandairebadge"}


def _timed(ud: UserData) -> Made:
    """Logs only in the Datastore: the last action cache is rebuilt."""
    more: list[ndb.Model] = [UserExercise(parent=ud.key, id="addition_1", exercise="addition_1", longest_streak=5,
                                          total_done=5)]
    more += [ProblemLog(parent=ud.key, id=f"addition_1:{n}", exercise="addition_1", problem_number=n, correct=True,
                        time_done=NOW - datetime.timedelta(hours=3, minutes=-n), time_taken=1.0) for n in range(1, 6)]
    ud.problem_log_count = 5
    return more, {f"nicetimedproblembadge[{shown('addition_1')}]"}


def _poison(ud: UserData) -> Made:
    """Corrupt stats: the unfinished-streak rule compares None with an int, so the review raises."""
    return [UserExercise(parent=ud.key, id="addition_1", exercise="addition_1", longest_streak=3,
                         total_done=None)], set()


PROFILES: dict[str, Callable[[UserData], Made]] = {
    "blank": lambda ud: ([], set()), "three": _three, "level_one": _level_one, "streaks": _streaks,
    "listener": _listener, "veteran": _veteran, "habit": _habit, "owner": _owner, "rich": _rich, "timed": _timed,
    "poison": _poison,
}
KINDS = tuple(kind for kind in PROFILES if kind != "poison")


def profile(kind: str, uid: str) -> tuple[list[ndb.Model], set[str], int]:
    """Entities of one user of ``kind``, the award keys deserved, and the points expected after the sweep."""
    ud = UserData(key=ndb.Key(UserData, uid), email=f"{uid}@example.com", nickname=uid,
                  joined=NOW - datetime.timedelta(days=10), points=0, badge_counts=[0] * 6,
                  last_activity=NOW - datetime.timedelta(days=1))
    more, deserved = PROFILES[kind](ud)
    bonus = sum(catalog.BY_NAME[k.split("[")[0]].points for k in deserved)
    return [ud, *more], deserved, ud.points + bonus


def populate(count: int, kinds=KINDS, poison: int = 0, prefix: str = "u") -> dict[str, tuple[set[str], int]]:
    """``count`` users cycling through ``kinds``, plus ``poison`` users whose review fails; user id -> expected."""
    made = [(f"{prefix}{i:05d}", kinds[i % len(kinds)]) for i in range(count)]
    made += [(f"poison{i}", "poison") for i in range(poison)]
    entities, expected = [], {}
    for uid, kind in made:
        ents, deserved, points = profile(kind, uid)
        entities += ents
        expected[uid] = (deserved, points)
    for start in range(0, len(entities), 500):
        ndb.put_multi(entities[start:start + 500])
    return expected


def awards_by_user() -> dict[str, set[str]]:
    found = defaultdict(set)
    for badge in UserBadge.query().fetch():
        found[badge.key.parent().id()].add(badge.key.id())
    return found


def assert_exact(expected: dict[str, tuple[set[str], int]]) -> None:
    """Every user holds exactly the awards deserved, with their points, each told by one pending notification."""
    found = awards_by_user()
    wrong = {uid: (found.get(uid, set()), deserved) for uid, (deserved, _) in expected.items()
             if found.get(uid, set()) != deserved}
    assert not wrong, list(wrong.items())[:5]
    users = {ud.key.id(): ud for ud in UserData.query().fetch()}
    assert {uid: users[uid].points for uid in expected} == {uid: pts for uid, (_, pts) in expected.items()}
    pending = defaultdict(int)
    for note in PendingNotification.query().fetch():
        pending[note.key.parent().id()] += 1
    assert all(users[uid].pending_notifications == pending[uid] == len(expected[uid][0]) for uid in expected)
