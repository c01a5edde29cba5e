"""docs/BADGES.md read as data: the reference tables the catalogue and content tests compare the code with."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "BADGES.md"


def table(section: str) -> list[dict[str, str]]:
    """The rows of the table under ``## <section>``, each a dict keyed by the table's header cells."""
    text = DOC.read_text(encoding="utf-8").split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line.strip().strip("|") for line in text.splitlines() if line.startswith("|")]
    header, _rule, *rows = ([cell.strip() for cell in line.split("|")] for line in lines)
    return [dict(zip(header, row, strict=True)) for row in rows]


def params(cell: str) -> dict[str, str]:
    """A §5 params cell as text: ``"wrong=5; recent=10"`` -> ``{"wrong": "5", "recent": "10"}``."""
    return dict(pair.split("=", 1) for pair in cell.split("; "))


def completion_rows() -> dict[str, tuple[str, ...]]:
    """Badge name -> its exercises, from the ``exercise_completion`` rows of §5."""
    return {row["name"]: tuple(params(row["params"])["exercises"].split(", "))
            for row in table("5. Every badge") if row["family"] == "exercise_completion"}
