"""The real-time engine on the real emulator and each cache backend: the right badges, at the right action, once."""
from __future__ import annotations

import datetime
import threading

from google.cloud import ndb

from models.badges import UserBadge
from models.user import UserData
from tests.support import BOTH_BACKENDS, in_namespace

pytestmark = BOTH_BACKENDS

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)
SLOW = datetime.timedelta(seconds=40)  # slower than any fast-problem time: no timed badges


def names(body) -> list[str]:
    return [b["key"] for b in body["action_results"]["badges_earned"]]


def test_nice_streak_on_the_twentieth_answer_and_never_again(student):
    student.now = T0
    earned = {}
    for n in range(1, 26):
        earned[n] = names(student.solve("addition_1", advance=SLOW))
    assert "nicestreakbadge[Addition 1]" in earned[20]
    assert all("nicestreakbadge[Addition 1]" not in earned[n] for n in earned if n != 20)
    badges = student.get("/api/v1/user/badges").get_json()
    nice = next(b for b in badges["badges"] if b["name"] == "nicestreakbadge")
    assert nice["count"] == 1 and nice["target_context_names"] == ["Addition 1"]


def test_exact_badges_per_action_for_a_fresh_student(student):
    student.now = T0
    first = [names(student.solve("addition_1", advance=SLOW)) for _ in range(10)]
    assert first[:9] == [[]] * 9
    # Proficiency in one exercise earns nothing yet; three exercises earn Just Getting Started.
    assert first[9] == []
    for exercise in ("subtraction_1", "multiplication_1"):
        got = [names(student.solve(exercise, advance=SLOW)) for _ in range(10)]
        assert got[:9] == [[]] * 9
    assert got[9] == ["gettingstartedbadge"]


def test_timed_badge_for_five_fast_correct_answers(student):
    student.now = T0
    got = [names(student.solve("addition_1", advance=datetime.timedelta(seconds=1))) for _ in range(5)]
    assert got[:4] == [[]] * 4 and got[4] == ["nicetimedproblembadge[Addition 1]"]
    assert student.get("/api/v1/user").get_json()["points"] == 5 * 75 + 100


def test_video_badge_comes_back_in_the_log_response(app, student):
    playlist = student.get("/api/v1/playlists").get_json()[0]
    video = max(playlist["videos"], key=lambda v: v["duration"])
    student.now = T0
    student.watch(video["youtube_id"], 0, 0)
    watched, last, body = 0, 0, None
    while watched < 15 * 60:
        step = min(60, video["duration"] - last) or 60
        if last + step > video["duration"]:
            last = 0
        student.now += datetime.timedelta(seconds=step)
        last += step
        watched += step
        body = student.watch(video["youtube_id"], step, last).get_json()
        got = names(body)
        if watched < 15 * 60:
            assert f"niceplaylisttimebadge[{playlist['title']}]" not in got
    assert f"niceplaylisttimebadge[{playlist['title']}]" in names(body)


def test_racing_actions_award_a_points_badge_once(app, student):
    student.solve("addition_1", advance=SLOW)

    with in_namespace(app):
        ud = UserData.get_by_id(student.user_id)
        ud.points = 9_990
        ud.put()
    served = {ex: student.serve(ex)[0] for ex in ("subtraction_1", "multiplication_1")}
    tab2 = student.second_tab()
    barrier = threading.Barrier(2)
    bodies = []

    def go(who, exercise):
        answer = who.answer_for(exercise, served[exercise])
        barrier.wait()
        bodies.append(who.attempt(exercise, served[exercise], answer).get_json())

    threads = [threading.Thread(target=go, args=args) for args in ((student, "subtraction_1"),
                                                                   (tab2, "multiplication_1"))]
    [t.start() for t in threads]
    [t.join() for t in threads]
    awarded = [n for body in bodies for n in names(body)]
    assert awarded.count("tenthousandairebadge") == 1
    assert student.get("/api/v1/user").get_json()["points"] == 9_990 + 75 + 75
    with in_namespace(app):
        stored = UserBadge.query(ancestor=ndb.Key(UserData, student.user_id)).fetch()
    assert [ub.key.id() for ub in stored].count("tenthousandairebadge") == 1


def test_badge_points_are_added_once_and_reported_in_points_earned(student):
    student.now = T0
    for _ in range(4):
        student.solve("addition_1", advance=datetime.timedelta(seconds=1))
    body = student.solve("addition_1", advance=datetime.timedelta(seconds=1))
    assert body["action_results"]["points_earned"]["points"] == 75 + 100
    assert body["action_results"]["user_info"]["points"] == 5 * 75 + 100
    holders = {b["name"]: b["holders"] for b in student.get("/api/v1/badges").get_json()}
    assert holders["nicetimedproblembadge"] == 1


def test_progress_lists_nearest_unearned_badges_first(student):
    student.now = T0
    for _ in range(13):
        student.solve("addition_1", advance=SLOW)
    progress = student.get("/api/v1/user/badges/progress").get_json()
    nice = next(p for p in progress if p["name"] == "nicestreakbadge")
    assert (nice["current"], nice["target"], nice["target_context_name"]) == (13, 20, "Addition 1")
    ratios = [p["current"] / p["target"] for p in progress]
    assert ratios == sorted(ratios, reverse=True) and all(0 < r < 1 for r in ratios)
    assert {"name", "description", "target_context_name", "current", "target"} <= set(progress[0])


def test_badge_catalogue_api_teasers_and_categories(student):
    badges = {b["name"]: b for b in student.get("/api/v1/badges").get_json()}
    assert len(badges) == 67
    assert badges["atlasbadge"]["safe_extended_description"] == "???"
    assert badges["nicestreakbadge"]["safe_extended_description"] != "???"
    assert {"name", "description", "safe_extended_description", "badge_category", "points", "holders",
            "is_owned"} <= set(badges["atlasbadge"])
    categories = student.get("/api/v1/badges/categories").get_json()
    assert [c["category"] for c in categories] == [0, 1, 2, 3, 4, 5]
    assert categories[4]["type_label"] == "Black Hole"
    mine = student.get("/api/v1/user/badges").get_json()
    assert mine == {"badge_counts": {str(i): 0 for i in range(6)}, "badges": []}


def test_a_real_time_award_waits_until_the_slide_down_acknowledges_it(student):
    student.now = T0
    for _ in range(4):
        student.solve("addition_1", advance=datetime.timedelta(seconds=1))
    body = student.solve("addition_1", advance=datetime.timedelta(seconds=1))
    (award,) = body["action_results"]["badges_earned"]
    # Not shown yet (say the student left as the response arrived): it waits, and reading it changes nothing.
    pending = student.get("/api/v1/user/notifications").get_json()
    assert [n["key"] for n in pending] == [award["key"]]
    assert student.get("/api/v1/user/notifications").get_json() == pending
    for _ in range(5):
        body = student.solve("addition_1", advance=datetime.timedelta(seconds=1))
    (second,) = body["action_results"]["badges_earned"]
    ack = student.post("/api/v1/user/notifications/ack", {"keys": [second["key"], "nosuchbadge"]})
    assert ack.get_json() == {"acknowledged": 1}
    assert [n["key"] for n in student.get("/api/v1/user/notifications").get_json()] == [award["key"]]
    assert student.post("/api/v1/user/notifications/ack", {"keys": [award["key"]]}).get_json() == {
        "acknowledged": 1}
    assert student.get("/api/v1/user/notifications").get_json() == []
    assert student.post("/api/v1/user/notifications/ack", {"keys": "x"}).status_code == 400
    assert student.client.post("/api/v1/user/notifications/ack", json={"keys": []}).status_code == 403


def test_logs_made_with_the_engine_off_are_counted_so_switching_it_on_rebuilds(app, config, student):
    """Off, the engine does no cache I/O but still counts each log on `UserData` (and keeps the runs of
    `learning.problem_runs`, so the timed badge is decided right away); on again, the cached list no longer
    matches the counts, and the first action that reads it rebuilds it, so the rules see the logs made while it
    was off."""
    from badges.last_action_cache import LastActionCache
    from main import create_app
    from tests.support import Student

    fast = datetime.timedelta(seconds=1)
    student.now = T0
    for _ in range(2):
        assert names(student.solve("addition_1", advance=fast)) == []
    off = Student(create_app(config.with_(badge_engine=False)))
    with student.client.session_transaction() as mine, off.client.session_transaction() as theirs:
        theirs.clear()
        theirs.update(dict(mine))
    off.user_id, off.csrf, off.now = student.user_id, student.csrf, student.now
    cache = off.app.extensions["meteorite.cache"]
    for _ in range(3):
        before = dict(cache.calls)
        assert names(off.solve("addition_1", advance=fast)) == []
        # The session generation's get, once per request (next number, serve, attempt), and the serve's
        # first-serve clock hint (actions.problem_clock): no last action cache.
        assert {op: n - before.get(op, 0) for op, n in cache.calls.items() if n != before.get(op, 0)} == {
            "get": 3, "add": 1}
    with in_namespace(app):
        assert UserData.get_by_id(student.user_id).problem_log_count == 5
    student.now = off.now
    assert names(student.solve("addition_1", advance=fast)) == ["nicetimedproblembadge[Addition 1]"]
    from content.videos import PLAYLIST_VIDEOS

    student.watch(next(iter(PLAYLIST_VIDEOS.values()))[0], 0, 0)  # power time reads the history: rebuilt
    entry = LastActionCache(app.extensions["meteorite.cache"]).read(student.user_id).entry
    assert (entry.problem_count, len(entry.problems), entry.video_count) == (6, 6, 1)
