"""app.yaml, cron.yaml, queue.yaml and index.yaml are valid as App Engine will read them.

The Google Cloud CLI's own parsers do the checking, in a separate process
(scripts/validate_appengine_yaml.py): its libraries on this interpreter's sys.path would break
google.cloud.ndb. A missing SDK is a failure, not a skip: the image ships it and CI must prove it.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / "scripts" / "validate_appengine_yaml.py"


@pytest.fixture(scope="module")
def sdk_root() -> str:
    gcloud = shutil.which("gcloud")
    assert gcloud, "the Google Cloud CLI (gcloud) is not on PATH"
    out = subprocess.run(
        [gcloud, "info", "--format=value(installation.sdk_root)"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    root = out.stdout.strip()
    assert root and os.path.isdir(root), f"gcloud reports no SDK root: {out.stdout!r} {out.stderr!r}"
    return root


def validate(sdk_root: str, *args: str) -> subprocess.CompletedProcess:
    bundled = Path(sdk_root, "platform", "bundledpythonunix", "bin", "python3")
    python = str(bundled) if bundled.exists() else shutil.which("python3") or sys.executable
    return subprocess.run(
        [python, str(VALIDATOR), sdk_root, *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )


def validated(sdk_root: str, *args: str) -> dict:
    result = validate(sdk_root, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_app_yaml(sdk_root):
    summary = validated(sdk_root, "--app", "app.yaml")["app"]
    assert summary["runtime"] == "python312"


def test_cron_yaml_schedules_parse(sdk_root):
    jobs = dict(validated(sdk_root, "--cron", "cron.yaml")["cron"]["jobs"])
    assert "/admin/startnewbadgemapreduce" in jobs
    assert jobs["/admin/cron/exercise_stats"] == "every monday 04:00"


def test_queue_yaml(sdk_root):
    queues = validated(sdk_root, "--queue", "queue.yaml")["queue"]["queues"]
    assert {"default", "badge-sweep", "badge-notify"} <= set(queues)


def test_index_yaml(sdk_root):
    indexes = validated(sdk_root, "--index", "index.yaml")["index"]["indexes"]
    assert indexes
    assert all(kind and properties for kind, properties in indexes)


def test_validator_rejects_a_bad_cron_schedule(sdk_root, tmp_path):
    bad = tmp_path / "cron.yaml"
    bad.write_text("cron:\n- url: /admin/x\n  schedule: every blue moon\n")
    result = validate(sdk_root, "--cron", str(bad))
    assert result.returncode == 1
    assert "every blue moon" in result.stderr


def test_validator_rejects_a_bad_queue(sdk_root, tmp_path):
    bad = tmp_path / "queue.yaml"
    bad.write_text("queue:\n- name: q\n  rate: fast\n")
    result = validate(sdk_root, "--queue", str(bad))
    assert result.returncode == 1, result.stdout
