"""Per-user precalculated stats.

Invariant: every entity here except `UserData` has the user's `UserData` key as its parent, so one Datastore
transaction covers an action, and a user's history reads back newest-first with an ancestor query.
"""
from __future__ import annotations

from google.cloud import ndb


def _review_due(user: UserData):
    from badges.sweep.due import review_due  # the sweep's rule, imported at the first write (no import cycle)

    return review_due(user)


class UserData(ndb.Model):
    """The root of a student's entity group; key id is the stable user id (``phantom-…``, ``dev-…``, ``google-…``).

    ``email`` is never shown to anyone but its owner and admins, and ``nickname`` is shown nowhere: other students
    see ``display_name`` (chosen by the student) or a neutral "Student 1234" (`identity.names.shown_name`).
    """

    email = ndb.StringProperty()
    nickname = ndb.TextProperty()
    display_name = ndb.TextProperty()
    # A session acts as this user only while it carries this number (identity.generations); bumped on sign-out
    # and when a phantom signs in, so every older copy of the cookie is refused.
    session_generation = ndb.IntegerProperty(default=0, indexed=False)
    is_phantom = ndb.BooleanProperty(default=False, indexed=False)
    joined = ndb.DateTimeProperty(auto_now_add=True)
    points = ndb.IntegerProperty(default=0)
    total_seconds_watched = ndb.FloatProperty(default=0.0, indexed=False)
    proficient_exercises = ndb.TextProperty(repeated=True)
    all_proficient_exercises = ndb.TextProperty(repeated=True)
    # Consecutive activity (SPEC §3): the run starts at run_start; last_activity is the newest action.
    activity_run_start = ndb.DateTimeProperty(indexed=False)
    last_activity = ndb.DateTimeProperty()
    # Anti-cheat for video logs: the previous log's time and video.
    last_video_log_time = ndb.DateTimeProperty(indexed=False)
    last_video_youtube_id = ndb.TextProperty()
    # The current watch (learning.video_time): when it began and the seconds credited since, all videos together.
    video_watch_start = ndb.DateTimeProperty(indexed=False)
    video_watch_credited = ndb.FloatProperty(indexed=False, default=0.0)
    # Badges: owned keys ("name" or "name[Context]"), counts per category as a list of 6 ints.
    owned_badges = ndb.TextProperty(repeated=True)
    badge_counts = ndb.IntegerProperty(repeated=True, indexed=False)
    # Award keys an admin revoked (badges.revocation): out of owned_badges, and never awarded again until restored.
    revoked_badges = ndb.TextProperty(repeated=True)
    # How many logs exist: the last action cache carries the same counts and is rebuilt when they differ.
    problem_log_count = ndb.IntegerProperty(default=0, indexed=False)
    video_log_count = ndb.IntegerProperty(default=0, indexed=False)
    # The exercise of the newest problem log and how many newest logs in a row are of it (learning.problem_runs;
    # None: unknown, for logs made before it was kept).
    problem_run_exercise = ndb.TextProperty()
    problem_run = ndb.IntegerProperty(indexed=False)
    # The newest problem log's time_done (None: unknown, for logs made before it was kept).
    last_problem_done = ndb.DateTimeProperty(indexed=False)
    # Awards made outside the student's requests, waiting as PendingNotification children (0 = no query needed).
    pending_notifications = ndb.IntegerProperty(default=0, indexed=False)
    # Sweep bookkeeping: last review time and the version it saw (badges.sweep.due.review_version).
    last_review = ndb.DateTimeProperty(indexed=False)
    reviewed_catalog_version = ndb.IntegerProperty(default=0, indexed=False)
    # When the sweep must next look at this user, kept on every write; indexed, so a sweep reads only due users.
    review_due = ndb.ComputedProperty(_review_due)

    @property
    def user_id(self) -> str:
        return self.key.id()

    def category_counts(self) -> list[int]:
        counts = list(self.badge_counts or [])
        return counts + [0] * (6 - len(counts))

    def badge_counts_json(self) -> dict[str, int]:
        """Owned badges per category as the API shows them: ``{"0": n, ... "5": n}``."""
        return {str(i): n for i, n in enumerate(self.category_counts())}


class UserExercise(ndb.Model):
    """Stats of one user on one exercise; key ``UserData/<uid>/UserExercise/<exercise name>``."""

    exercise = ndb.StringProperty()
    streak = ndb.IntegerProperty(default=0, indexed=False)
    longest_streak = ndb.IntegerProperty(default=0, indexed=False)
    total_done = ndb.IntegerProperty(default=0, indexed=False)
    total_correct = ndb.IntegerProperty(default=0, indexed=False)
    proficient_date = ndb.DateTimeProperty(indexed=False)
    # The time_taken of this exercise's newest correct logs in a row (learning.problem_runs; None: unknown).
    correct_times = ndb.BlobProperty()
    # State of the problem being worked on (number total_done + 1). served_time is its clock: the earliest serve
    # (from a serve token) that a hint or attempt of problem served_number has seen; serving itself writes nothing.
    served_number = ndb.IntegerProperty(default=0, indexed=False)
    served_time = ndb.DateTimeProperty(indexed=False)
    current_attempts = ndb.IntegerProperty(default=0, indexed=False)
    current_hints = ndb.IntegerProperty(default=0, indexed=False)
    current_missed = ndb.BooleanProperty(default=False, indexed=False)


class UserPlaylist(ndb.Model):
    """Seconds watched of one playlist's videos; key ``UserData/<uid>/UserPlaylist/<playlist id>``."""

    playlist_id = ndb.StringProperty()
    title = ndb.TextProperty()
    seconds_watched = ndb.FloatProperty(default=0.0, indexed=False)


class UserVideo(ndb.Model):
    """One user's progress on one video; key ``UserData/<uid>/UserVideo/<youtube id>``."""

    youtube_id = ndb.StringProperty()
    duration = ndb.IntegerProperty(indexed=False)
    seconds_watched = ndb.FloatProperty(default=0.0, indexed=False)
    last_second_watched = ndb.FloatProperty(default=0.0, indexed=False)
    points = ndb.IntegerProperty(default=0, indexed=False)
    completed = ndb.BooleanProperty(default=False, indexed=False)


class UserMonthlyPoints(ndb.Model):
    """Energy points a user earned in one subject's exercises in one month (key id ``YYYY-MM:<subject>``).

    Kept on write; the sweep ranks a month's top students with one indexed query (month, subject, -points).
    """

    month = ndb.StringProperty()
    subject = ndb.StringProperty()
    points = ndb.IntegerProperty(default=0)


class Account(ndb.Model):
    """A sign-in (key id ``email:<address>``) and the user id whose entity group holds that student's data.

    A phantom who signs in to a new account keeps their progress: the account adopts the phantom's user id, and
    the phantom's session generation is bumped so the phantom's own cookie can no longer act on it.
    """

    user_id = ndb.StringProperty()
    created = ndb.DateTimeProperty(auto_now_add=True)
