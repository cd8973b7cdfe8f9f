"""``rothman report --summary DIR --csv``: no cell of the CSV runs as a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from rothman import assess
from rothman.practicum.report import Report, save_report
from rothman.practicum.summary import Row, Summary, inert_cell, summary_csv

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_cell_starts_with_a_quote(payload):
    row = Row(
        file=f"{payload}.yaml",
        student=payload,
        community=payload,
        assessment=assess({"goal": "capacity"}),
        without_evidence=(),
    )
    rows = list(csv.reader(io.StringIO(summary_csv(Summary("en", ".", rows=[row])), newline="")))
    cells = rows[1]
    assert cells[:3] == [f"'{payload}.yaml", f"'{payload}", f"'{payload}"]
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for c in r)


def test_plain_cells_are_left_alone():
    assert inert_cell("RW 5") == "RW 5" and inert_cell("") == "" and inert_cell("a=b") == "a=b"


def test_the_command_writes_inert_names_and_communities(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    for number, payload in enumerate(PAYLOADS):
        save_report(
            Report(
                lang="en",
                student=payload,
                community=payload,
                answers={"goal": "capacity"},
                evidence={"goal": "minutes"},
                reflection=payload,
            ),
            folder / f"{number}.yaml",
        )
    target = tmp_path / "class.csv"
    done = subprocess.run(
        [sys.executable, "-m", "rothman", "report", "--summary", str(folder), "--csv", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8"), newline="")))
    assert len(rows) == len(PAYLOADS) + 1
    for row in rows:
        assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in row), row
    assert sorted(r[1] for r in rows[1:]) == sorted(f"'{p}" for p in PAYLOADS)
