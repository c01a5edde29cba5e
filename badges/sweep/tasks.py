"""The page tasks of the sweep and of the dry run: their payload, their stable names, and enqueuing them on
Cloud Tasks (both on the sweep's queue, each to its own endpoint).

Invariants: a page task's name is fixed by its kind, run and page, so enqueuing the same page twice is one task
(an existing task of that name counts as success); ``namespace`` travels with the task so a delivery meant for
another tenant's app is ignored there.
"""
from __future__ import annotations

import dataclasses
import hashlib
import time
from typing import Callable, ClassVar

QUEUE = "badge-sweep"  # queue.yaml is definitive
PAGE_URI = "/admin/tasks/sweep/page"
DRYRUN_PAGE_URI = "/admin/tasks/dryrun/page"
MAX_RUN_ID = 100  # bytes; run ids are far shorter, and a Datastore key id must stay under 1,500


@dataclasses.dataclass(frozen=True)
class PageTask:
    """One page of one sweep run; ``cursor`` is where the page's query starts (None for page 0)."""

    KIND: ClassVar[str] = "sweep"
    URI: ClassVar[str] = PAGE_URI

    run_id: str
    page: int
    cursor: str | None = None
    namespace: str | None = None

    @property
    def page_id(self) -> str:
        return f"{self.run_id}:{self.page}"

    @property
    def task_name(self) -> str:
        """Stable per run and page; a hash prefix spreads names (sequential names hot-spot the queue)."""
        digest = hashlib.sha1(self.page_id.encode()).hexdigest()[:8]
        return f"{digest}-{self.KIND}-{self.run_id}-p{self.page}"

    def payload(self) -> dict:
        return dataclasses.asdict(self)

    @classmethod
    def from_payload(cls, body: dict) -> "PageTask":
        run_id, page, cursor = body.get("run_id"), body.get("page"), body.get("cursor")
        if not isinstance(run_id, str) or not 0 < len(run_id.encode()) <= MAX_RUN_ID \
                or not isinstance(page, int) or isinstance(page, bool) or page < 0:
            raise ValueError(f"a page task needs run_id (1-{MAX_RUN_ID} bytes) and page (integer >= 0)")
        if cursor is not None and not isinstance(cursor, str):
            raise ValueError("cursor must be a string")
        return cls(run_id, page, cursor, body.get("namespace"))


@dataclasses.dataclass(frozen=True)
class DryRunTask(PageTask):
    """One page of one dry run (`badges.dryrun`)."""

    KIND: ClassVar[str] = "dryrun"
    URI: ClassVar[str] = DRYRUN_PAGE_URI


Enqueue = Callable[[PageTask], None]


def task_enqueuer(queue, attempts: int = 3) -> Enqueue:
    """Enqueue page tasks on ``queue`` (clients.tasks.TaskQueue), retrying transient errors ``attempts`` times;
    the last error propagates so the caller can fail the run."""
    from google.api_core.exceptions import AlreadyExists

    def enqueue(task: PageTask) -> None:
        for attempt in range(attempts):
            try:
                queue.enqueue(QUEUE, task.URI, task.payload(), name=task.task_name)
                return
            except AlreadyExists:
                return
            except Exception:  # noqa: BLE001 - transient gRPC errors: retry, then let the caller fail the run
                if attempt == attempts - 1:
                    raise
                time.sleep(0.2 * 2 ** attempt)

    return enqueue


def refuse(task: PageTask) -> None:
    """The enqueue of an app without a task queue: a page can never fan out there."""
    raise RuntimeError("no task queue is configured")
