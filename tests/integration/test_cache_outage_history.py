"""A cache miss and a cache outage award exactly what a current cache does, on each backend; while the cache is
unreachable the history is read from the Datastore page by page, only as far as the rules index it, and is the
same history a rebuild reads."""
from __future__ import annotations

import datetime

from google.cloud import ndb

from actions import exercises, videos
from badges.last_action_cache import MAX_LOGS, LastActionCache, LazyLogs
from badges.log_codec import fetch_encoded
from badges.queried_logs import FIRST_PAGE, QueriedLogs
from clients.cache import make_cache
from identity.session import Identity
from models.logs import ProblemLog
from models.user import UserData
from tests.cache_servers import free_port
from tests.support import BOTH_BACKENDS, seeded_app

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)
WRONG_FIRST = {48, 50, 52, 54, 56, 57}  # a recovery (5 wrong of the last 10) lands at answer 58


def _history(user: str, size: int) -> ndb.Query:
    key = ndb.Key(UserData, user)
    ndb.put_multi([ProblemLog(parent=key, id=f"h:{n}", exercise="h", problem_number=n, correct=n % 3 == 0,
                              time_done=T0 + datetime.timedelta(seconds=n), time_taken=2.0)
                   for n in range(1, size + 1)])
    return ProblemLog.query(ancestor=key).order(-ProblemLog.time_done)


def test_queried_logs_fetch_only_what_is_indexed_and_equal_a_rebuild(ndb_context):
    query = _history("q1", MAX_LOGS + 40)
    logs = QueriedLogs(query, MAX_LOGS + 40, MAX_LOGS)
    assert len(logs) == MAX_LOGS and logs.fetched == 0  # the length costs no query
    assert LazyLogs(logs)[0].problem_number == MAX_LOGS + 40 and logs.fetched == FIRST_PAGE
    assert LazyLogs(logs)[FIRST_PAGE].problem_number == MAX_LOGS + 40 - FIRST_PAGE
    assert logs.fetched == 4 * FIRST_PAGE
    assert ndb.transaction(lambda: list(logs)) == fetch_encoded(query, MAX_LOGS)  # iteration ends at 500
    short = _history("q2", 7)
    few = QueriedLogs(short, 7, MAX_LOGS)
    assert list(few) == fetch_encoded(short, MAX_LOGS) and len(few) == 7 and few[-1] == few[6]
    assert len(QueriedLogs(short, 0, MAX_LOGS)) == 0


def test_an_unreachable_cache_reads_the_history_lazily_inside_the_transaction(ndb_context, config):
    _history("q3", 60)
    lac = LastActionCache(make_cache(config.with_(cache_url=f"memcached://127.0.0.1:{free_port()}")))
    snapshot = lac.read("q3")
    entry = ndb.transaction(lambda: lac.current(snapshot, ndb.Key(UserData, "q3"), 60, 0))
    assert not snapshot.reachable and len(entry.problems) == 60 and entry.problems.fetched == 0
    assert [LazyLogs(entry.problems)[i].problem_number for i in (0, 59)] == [60, 1]
    assert len(entry.videos) == 0 and entry.videos.fetched == 0


class Learner:
    """One user answering through one app; ``forget`` drops the cache entry before every action."""

    def __init__(self, app, user: str, forget: bool = False):
        self.app, self.forget, self.now = app, forget, T0
        self.ident = Identity(user, None, False, False)
        self.services = app.extensions["meteorite.services"]

    def watch(self, youtube_id: str, seconds: float) -> list[str]:
        self.now += datetime.timedelta(seconds=seconds + 5)
        outcome = videos.log_progress(self.services, self.ident, youtube_id, seconds, seconds, self.now)
        return [a.to_json()["key"] for a in outcome.results.awards]

    def solve(self, wrong_first: bool) -> list[str]:
        number = exercises.read_user_exercise(self.services, self.ident.user_id, "addition_1").total_done + 1
        _, token = exercises.serve(self.services, self.ident, "addition_1", number, self.now)
        self.now += datetime.timedelta(seconds=1)
        answer = exercises.generate(self.services, self.ident.user_id, "addition_1", number).answer
        if wrong_first:
            exercises.attempt(self.services, self.ident, "addition_1", number, answer + "9", self.now, token=token)
        if self.forget:
            self.services.lac.forget(self.ident.user_id)
        outcome = exercises.attempt(self.services, self.ident, "addition_1", number, answer, self.now, token=token)
        return [a.to_json()["key"] for a in outcome.results.awards]

    def session(self) -> list[tuple[int, str]]:
        """Three videos, then 60 answers: 42 fast right ones reach index 41 (past the first page), then a recovery."""
        earned = [(0, key) for youtube_id in ("Qm3vT8xLk2A", "h7Rk2pWqZ0c", "Zt9bN4sYv1E")
                  for key in self.watch(youtube_id, 310)]
        for n in range(1, 61):
            earned += [(n, key) for key in self.solve(n in WRONG_FIRST)]
        return earned


@BOTH_BACKENDS
def test_a_miss_and_an_outage_award_exactly_what_a_current_cache_does(config, cache_backend):
    app = seeded_app(config)
    down = seeded_app(config.with_(cache_url=f"{cache_backend}://127.0.0.1:{free_port()}"))
    with app.extensions["meteorite.ndb"].context(namespace=config.namespace, cache_policy=False):
        warm = Learner(app, "warm").session()
        assert Learner(app, "miss", forget=True).session() == warm
        assert Learner(down, "down").session() == warm
        ud = UserData.get_by_id("down")
        assert (ud.problem_log_count, ud.video_log_count) == (60, 3)
        assert ud.points == UserData.get_by_id("warm").points
    keys = {key for _, key in warm}
    for badge in ("ridiculoustimedproblembadge[Addition 1]", "recoverybadge[Addition 1]",
                  "powerfifteenminutesbadge"):
        assert badge in keys, (badge, warm)
    assert down.extensions["meteorite.cache"].calls["errors"] > 0
