"""The load benchmark's students, run by locust in its own process (`python -m bench --load`; see bench.load).

Each simulated student is a phantom with its own session: it mostly answers level-1 arithmetic problems (their
question is ``"<int> <op> <int>"``), now and then wrongly first or after a hint, and sometimes watches a video,
logging honestly: 0 s first, then the seconds that really passed since its previous log, every 10 s (the server
bounds video time by the wall clock). Pauses are realistic think times times ``METEORITE_THINK_SCALE``.

Invariants: every request of a step completes before the student can be stopped (one request per task, pauses
in ``wait_time``, and the runner's stop timeout), so the points a student was told it earned are all it earned;
at the end each student reads its points back and records them beside the sum of the ``points_earned`` it
received. Every request's endpoint, start, latency and status are written with that to
``METEORITE_LOAD_RESULTS`` (JSON) when locust quits.
"""
from __future__ import annotations

import json
import os
import random
import time

from locust import FastHttpUser, events, task

from bench.students import solve

API = "/api/v1"
EXERCISES = ("addition_1", "subtraction_1", "multiplication_1", "division_1")
SCALE = float(os.environ.get("METEORITE_THINK_SCALE", "1"))
SAMPLES: list[tuple] = []
STUDENTS: list[dict] = []


@events.request.add_listener
def _record(name, response_time, response, start_time=None, **kw):
    status = getattr(response, "status_code", 0) or 0
    SAMPLES.append((name, start_time or time.time(), response_time, status))


@events.quitting.add_listener
def _write(environment, **kw):
    with open(os.environ["METEORITE_LOAD_RESULTS"], "w") as out:
        json.dump({"samples": SAMPLES, "students": STUDENTS}, out)


class Student(FastHttpUser):
    """One phantom student; `step` sends exactly one request and sets the pause before the next."""

    def on_start(self):
        me = self.client.get(f"{API}/user", name="GET /user").json()
        self.csrf, self.user_id, self.expected = me["csrf_token"], me["user_id"], 0
        self.exercise = random.choice(EXERCISES)
        self.number = self.client.get(f"{API}/user/exercises/{self.exercise}",
                                      name="GET /user/exercises/[ex]").json()["total_done"] + 1
        videos = [v for p in self.client.get(f"{API}/playlists", name="GET /playlists").json() for v in p["videos"]]
        video = random.choice(videos)
        self.video, self.duration, self.position, self.last_log = video["youtube_id"], video["duration"], 0.0, None
        self.plan, self.problem, self.logs_left, self.pause = [], None, 0, 0.0

    def wait_time(self):
        return self.pause * SCALE

    @task
    def step(self):
        if self.logs_left:
            self.log_video()
        elif self.problem is None:
            self.serve()
        else:
            self.act(self.plan.pop(0))

    def serve(self):
        path = f"{API}/user/exercises/{self.exercise}/problems/{self.number}"
        with self.client.get(path, name="GET /problems/[n]", catch_response=True) as response:
            if response.status_code != 200:
                return self.resync(response)
            self.problem = response.json()
        self.plan = random.choices([["right"], ["wrong", "right"], ["hint", "right"]], weights=[80, 12, 8])[0]
        self.pause = random.uniform(2, 6)

    def act(self, action: str):
        token = self.problem.get("problem_token")  # a checkout from before serve tokens answers none
        body = {"problem_token": token} if token else {}
        if action != "hint":
            answer = int(solve(self.problem["question"]))
            body["answer"] = str(answer if action == "right" else answer + 1)
        kind = "hint" if action == "hint" else "attempt"
        path = f"{API}/user/exercises/{self.exercise}/problems/{self.number}/{kind}"
        result = self.post(path, body, f"POST /problems/[n]/{kind}")
        if result is None:
            return
        self.pause = random.uniform(1, 3)
        if action == "right" and result.get("completed"):
            self.problem, self.number, self.pause = None, self.number + 1, random.uniform(0.5, 1.5)
            if random.random() < 0.1:  # now and then, a video
                self.logs_left, self.last_log = random.randint(4, 10), None

    def log_video(self):
        now = time.monotonic()
        seconds = 0.0 if self.last_log is None else now - self.last_log
        self.position = min(float(self.duration), self.position + seconds)
        body = {"seconds_watched": round(seconds, 3), "last_second_watched": round(self.position, 3)}
        self.last_log = now
        self.post(f"{API}/user/videos/{self.video}/log", body, "POST /videos/[id]/log")
        self.logs_left -= 1
        self.pause = 10.0

    def post(self, path: str, body: dict, name: str) -> dict | None:
        """POST an action; its points_earned are added to what the student expects. None when it failed."""
        headers = {"X-CSRF-Token": self.csrf}
        with self.client.post(path, json=body, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                self.resync(response)
                return None
            result = response.json()
        self.expected += result["action_results"]["points_earned"]["points"]
        return result

    def resync(self, response):
        """After a refused action (409) or an error: mark it, and start over from the stored stats."""
        response.failure(f"{response.status_code}")
        self.problem, self.logs_left, self.pause = None, 0, 1.0
        self.number = self.client.get(f"{API}/user/exercises/{self.exercise}",
                                      name="GET /user/exercises/[ex]").json()["total_done"] + 1

    def on_stop(self):
        points = self.client.get(f"{API}/user", name="GET /user").json()["points"]
        STUDENTS.append({"user_id": self.user_id, "expected": self.expected, "points": points})
