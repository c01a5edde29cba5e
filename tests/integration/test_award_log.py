"""One structured log line per committed award (badge, context, source), never who earned it."""
import json
import logging

from structured_log import JsonFormatter


def _award_lines(caplog) -> list[dict]:
    formatter = JsonFormatter("meteorite-dev")
    return [json.loads(formatter.format(r)) for r in caplog.records
            if r.name == "badges.awards" and getattr(r, "fields", {}).get("event") == "award"]


def test_a_real_time_award_logs_one_line_after_commit(student, caplog):
    caplog.set_level(logging.INFO, logger="badges.awards")
    student.sign_in("ada@example.com")
    earned = []
    for _ in range(20):  # fast right answers: a timed-problems badge within a few
        caplog.clear()
        earned = [b["name"] for b in student.solve("addition_1")["action_results"]["badges_earned"]]
        if earned:
            break
    lines = _award_lines(caplog)
    assert earned and sorted(line["badge"] for line in lines) == sorted(earned)
    for line in lines:
        assert line["source"] == "realtime" and line["severity"] == "INFO" and line["points"] >= 0
        assert "ada" not in json.dumps(line)


def test_an_action_without_awards_logs_none(student, caplog):
    student.solve("addition_1")
    caplog.set_level(logging.INFO, logger="badges.awards")
    caplog.clear()
    body = student.solve("addition_1")
    assert body["action_results"]["badges_earned"] == [] and _award_lines(caplog) == []
