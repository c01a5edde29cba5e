"""The sweep's page task (badges.sweep.tasks): its payload round-trips, its name is stable, bad payloads refused."""
from __future__ import annotations

import pytest

from badges.sweep.tasks import MAX_RUN_ID, PageTask


def test_a_page_task_round_trips_and_is_named_by_run_and_page():
    task = PageTask("20120402-060000-abcdef", 3, "cursor", "ns1")
    assert PageTask.from_payload(task.payload()) == task
    assert task.page_id == "20120402-060000-abcdef:3"
    assert task.task_name == PageTask("20120402-060000-abcdef", 3).task_name  # cursor and namespace aside
    assert task.task_name != PageTask("20120402-060000-abcdef", 4).task_name
    assert task.task_name.endswith("-sweep-20120402-060000-abcdef-p3")


@pytest.mark.parametrize("body", [
    {}, {"run_id": 1, "page": 0}, {"run_id": "r", "page": -1}, {"run_id": "r", "page": True},
    {"run_id": "r", "page": "0"}, {"run_id": "", "page": 0}, {"run_id": "é" * MAX_RUN_ID, "page": 0},
    {"run_id": "r", "page": 0, "cursor": 5},
])
def test_a_bad_payload_is_refused(body):
    with pytest.raises(ValueError):
        PageTask.from_payload(body)
