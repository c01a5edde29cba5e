"""The student's write path against the real Datastore emulator and the cache; the racing tabs run on each cache
backend."""
from __future__ import annotations

import datetime
import threading

from google.cloud import ndb

from models.logs import ProblemLog
from models.user import UserData, UserPlaylist
from tests.support import BOTH_BACKENDS, in_namespace

T0 = datetime.datetime(2026, 3, 2, 9, 0, 0)


def test_first_correct_answer_earns_75_and_logs_the_problem(app, student):
    student.now = T0
    body = student.solve("addition_1", advance=datetime.timedelta(seconds=7))
    assert body["correct"] and body["completed"]
    assert body["user_exercise"]["streak"] == 1 and body["user_exercise"]["total_correct"] == 1
    assert body["action_results"]["points_earned"]["points"] == 75
    assert body["action_results"]["user_info"]["points"] == 75
    with in_namespace(app):
        log = ProblemLog.get_by_id("addition_1:1", parent=ndb.Key(UserData, student.user_id))
    assert log.correct and log.time_taken == 7.0 and log.points_earned == 75


def test_wrong_then_right_completes_without_counting(student):
    body = student.solve("addition_1", correct=False)
    assert body["correct"] and body["completed"]
    ue = body["user_exercise"]
    assert (ue["total_done"], ue["total_correct"], ue["streak"]) == (1, 0, 0)
    assert body["action_results"]["points_earned"]["points"] == 0


def test_wrong_attempt_resets_streak_at_once_and_is_not_a_completion(student):
    student.solve("addition_1")
    student.solve("addition_1")
    number, _ = student.serve("addition_1")
    wrong = student.attempt("addition_1", number, "-424242").get_json()
    assert wrong["correct"] is False and wrong["completed"] is False
    assert wrong["user_exercise"]["streak"] == 0 and wrong["user_exercise"]["longest_streak"] == 2
    assert wrong["user_exercise"]["total_done"] == 2


def test_hint_resets_streak_and_the_problem_does_not_count(student):
    student.solve("addition_1")
    number, _ = student.serve("addition_1")
    hint = student.hint("addition_1", number).get_json()
    assert hint["hint"] and hint["user_exercise"]["streak"] == 0
    body = student.attempt("addition_1", number, student.answer_for("addition_1", number)).get_json()
    assert body["completed"] and body["user_exercise"]["total_correct"] == 1


def test_only_the_next_problem_is_served_and_answered(student):
    assert student.get("/api/v1/user/exercises/addition_1/problems/2").status_code == 409
    assert student.attempt("addition_1", 1, "3").status_code == 409  # not served yet
    student.solve("addition_1")
    assert student.attempt("addition_1", 1, "-999999").status_code == 409  # completed: no more attempts
    replayed = student.attempt("addition_1", 1, student.answer_for("addition_1", 1))  # a retry: the committed result
    assert replayed.status_code == 200 and replayed.get_json()["user_exercise"]["total_done"] == 1


def test_proficiency_at_ten_and_points_after(student):
    def problem_points(results):
        return results["points_earned"]["points"] - sum(b["points"] for b in results["badges_earned"])

    earned = [problem_points(student.solve("addition_1")["action_results"]) for _ in range(11)]
    assert earned[:10] == [75] * 10 and earned[10] == 15
    ue = student.get("/api/v1/user/exercises/addition_1").get_json()
    assert ue["proficient"] and ue["proficient_date"]
    assert "addition_1" in student.get("/api/v1/user").get_json()["proficient_exercises"]


@BOTH_BACKENDS
def test_two_tabs_answering_the_same_problem_count_it_once(app, student):
    number, _ = student.serve("addition_1")
    answer = student.answer_for("addition_1", number)
    tab2 = student.second_tab()
    results = []
    barrier = threading.Barrier(2)

    def go(who):
        barrier.wait()
        response = who.attempt("addition_1", number, answer)
        results.append((response.status_code, response.get_json()["action_results"]["points_earned"]["points"]))

    threads = [threading.Thread(target=go, args=(s,)) for s in (student, tab2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    # The second to commit finds the problem completed by the first: it answers with that committed completion
    # (the problem number is the idempotency key), so both tabs show 75 and the student has it once.
    assert results == [(200, 75), (200, 75)]
    me = student.get("/api/v1/user").get_json()
    assert me["points"] == 75
    assert student.get("/api/v1/user/exercises/addition_1").get_json()["total_done"] == 1


def _video_in_two_playlists(app):
    from content.videos import PLAYLIST_VIDEOS

    seen = {}
    for playlist, videos in PLAYLIST_VIDEOS.items():
        for v in videos:
            seen.setdefault(v, []).append(playlist)
    return next((v, p) for v, p in seen.items() if len(p) >= 2)


def test_video_seconds_reach_every_live_playlist_and_points(app, student):
    youtube_id, playlists = _video_in_two_playlists(app)
    student.now = T0
    first = student.watch(youtube_id, 0, 0)
    assert first.status_code == 200, first.get_json()
    student.now = T0 + datetime.timedelta(seconds=60)
    body = student.watch(youtube_id, 60, 60).get_json()
    assert body["user_video"]["seconds_watched"] == 60
    assert body["action_results"]["points_earned"]["points"] == body["user_video"]["points"] > 0
    with in_namespace(app):
        ups = UserPlaylist.query(ancestor=ndb.Key(UserData, student.user_id)).fetch()
    assert sorted(up.playlist_id for up in ups) == sorted(playlists)
    assert all(up.seconds_watched == 60 for up in ups)
    assert student.get("/api/v1/user").get_json()["total_seconds_watched"] == 60


def test_video_log_clamped_to_wall_clock_since_previous_log(app, student):
    youtube_id, _ = _video_in_two_playlists(app)
    student.now = T0
    student.watch(youtube_id, 0, 0)
    student.now = T0 + datetime.timedelta(seconds=30)
    body = student.watch(youtube_id, 500, 30).get_json()
    assert body["user_video"]["seconds_watched"] == 60  # 30 s since the watch began + the 30 s slack


def test_user_history_reads_back_newest_first_by_ancestor_query(app, student):
    student.now = T0
    for i in range(3):
        student.now += datetime.timedelta(minutes=1)
        student.solve("addition_1")
    with in_namespace(app):
        logs = ProblemLog.query(ancestor=ndb.Key(UserData, student.user_id)).order(-ProblemLog.time_done).fetch()
    assert [log.problem_number for log in logs] == [3, 2, 1]


def test_proficiency_covers_earlier_levels_never_missed(student):
    for _ in range(10):
        student.solve("addition_2")
    me = student.get("/api/v1/user").get_json()
    assert me["proficient_exercises"] == ["addition_2"]


def test_covered_exercises_count_toward_exercise_badges(app, student):
    def all_proficient():
        with in_namespace(app):
            return UserData.get_by_id(student.user_id).all_proficient_exercises

    for _ in range(10):
        student.solve("addition_2")
    assert sorted(all_proficient()) == ["addition_1", "addition_2"]  # never tried addition_1: never missed
    student.solve("subtraction_1", correct=False)  # a miss blocks coverage of subtraction_1
    for _ in range(10):
        student.solve("subtraction_2")
    assert sorted(all_proficient()) == ["addition_1", "addition_2", "subtraction_2"]


def test_a_retried_right_answer_gets_the_committed_result_and_changes_nothing(app, student):
    """The client never saw the answer to a committed attempt and sends it again: 200 with that completion."""
    first = student.solve("addition_1")
    number = first["user_exercise"]["total_done"]
    again = student.attempt("addition_1", number, student.answer_for("addition_1", number))
    assert again.status_code == 200, again.get_json()
    body = again.get_json()
    assert body["correct"] and body["completed"]
    assert body["user_exercise"] == first["user_exercise"]
    assert body["action_results"]["points_earned"]["points"] == first["action_results"]["points_earned"]["points"]
    assert body["action_results"]["user_info"]["points"] == first["action_results"]["user_info"]["points"]
    assert body["action_results"]["badges_earned"] == []
    wrong = student.attempt("addition_1", number, "-999999")
    assert wrong.status_code == 409  # only the committed answer is replayed
