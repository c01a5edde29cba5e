"""The student's write path: each action commits all of its stats, logs, awards and points in one transaction."""
