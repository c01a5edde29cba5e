"""A scripted student over HTTP (`requests`), as the pages drive the API: the benchmarks' client.

It answers the level-1 arithmetic problems from their stated question (``"<int> <op> <int>"``), sends back the
problem token a serve returns (when the server gives one), and logs video progress honestly: a first log of 0 s,
then each log claims only the seconds that passed since the previous one. A student on a *simulated* clock sends
it as ``X-Test-Now`` (the app honours it outside production) and moves it on by its think times, so a benchmark
can play realistic pauses without waiting them out; otherwise the clock is the real one.
"""
from __future__ import annotations

import datetime
import re

import requests

QUESTION = re.compile(r"^(-?\d+) ([-+*/]) (-?\d+)$")
OPERATIONS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a // b}
API = "/api/v1"


def solve(question: str) -> str:
    """The answer to a level-1 arithmetic question (divisions are exact)."""
    match = QUESTION.match(question)
    if match is None:
        raise ValueError(f"not a level-1 arithmetic question: {question!r}")
    left, op, right = match.groups()
    return str(OPERATIONS[op](int(left), int(right)))


class HttpStudent:
    """One phantom student's session; ``served`` holds, per exercise, the served problem's JSON."""

    def __init__(self, base_url: str, simulated: bool = False):
        self.base = base_url
        self.http = requests.Session()
        self.simulated = _utc_now() if simulated else None
        if self.simulated:
            self.http.headers["X-Test-Now"] = self.simulated.isoformat()
        me = self.http.get(f"{base_url}{API}/user", timeout=30).json()
        self.user_id, self.csrf = me["user_id"], me["csrf_token"]
        self.served: dict[str, dict] = {}
        self.video: tuple[str, int] | None = None
        self.last_log: datetime.datetime | None = None
        self.position = 0.0

    def now(self) -> datetime.datetime:
        return self.simulated or _utc_now()

    def think(self, seconds: float) -> "HttpStudent":
        """A pause of ``seconds`` on a simulated clock (a real student's pauses are the caller's to wait)."""
        if self.simulated:
            self.simulated += datetime.timedelta(seconds=seconds)
            self.http.headers["X-Test-Now"] = self.simulated.isoformat()
        return self

    def get(self, path: str) -> requests.Response:
        return self.http.get(f"{self.base}{path}", timeout=30)

    def post(self, path: str, body: dict) -> requests.Response:
        return self.http.post(f"{self.base}{path}", json=body, headers={"X-CSRF-Token": self.csrf}, timeout=30)

    def next_number(self, exercise: str) -> int:
        return self.get(f"{API}/user/exercises/{exercise}").json()["total_done"] + 1

    def serve(self, exercise: str) -> requests.Response:
        """Serve the student's current problem: the one served before and not completed, else the next."""
        number = self.served[exercise]["problem_number"] if exercise in self.served else None
        number = number or self.next_number(exercise)
        response = self.get(f"{API}/user/exercises/{exercise}/problems/{number}")
        if response.status_code == 200:
            self.served[exercise] = response.json()
        return response

    def _with_token(self, exercise: str, body: dict) -> dict:
        token = self.served[exercise].get("problem_token")
        return {**body, "problem_token": token} if token else body

    def attempt(self, exercise: str) -> requests.Response:
        """Answer the served problem right; a completed one is forgotten, so the next serve asks for the next
        number."""
        problem = self.served[exercise]
        answer = solve(problem["question"])
        response = self.post(f"{API}/user/exercises/{exercise}/problems/{problem['problem_number']}/attempt",
                             self._with_token(exercise, {"answer": answer}))
        if response.status_code == 200 and response.json()["completed"]:
            self.served[exercise] = {"problem_number": problem["problem_number"] + 1}
        return response

    def hint(self, exercise: str) -> requests.Response:
        problem = self.served[exercise]
        return self.post(f"{API}/user/exercises/{exercise}/problems/{problem['problem_number']}/hint",
                         self._with_token(exercise, {}))

    def choose_video(self, index: int = 0) -> None:
        videos = [v for p in self.get(f"{API}/playlists").json() for v in p["videos"]]
        video = videos[index % len(videos)]
        self.video = (video["youtube_id"], int(video["duration"]))

    def log_video(self) -> requests.Response:
        """Log the seconds that really passed since the previous log (0 on the first), the playhead moving on."""
        youtube_id, duration = self.video
        now = self.now()
        seconds = 0.0 if self.last_log is None else round((now - self.last_log).total_seconds(), 3)
        self.position = min(float(duration), self.position + seconds)
        response = self.post(f"{API}/user/videos/{youtube_id}/log",
                             {"seconds_watched": seconds, "last_second_watched": round(self.position, 3)})
        self.last_log = now
        return response


def _utc_now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)
