"""``rothman report``: the printable page and the class summary, run as a student would."""

from __future__ import annotations

import csv
import html
import io
import subprocess
import sys

from rothman.practicum.report import Phase, Report, save_report

XSS = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def rothman(*argv, cwd=None):
    done = subprocess.run(
        [sys.executable, "-m", "rothman", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def a_report(tmp_path, name="r.yaml", **fields):
    base = dict(
        lang="id",
        student="Siti " + XSS,
        community="Kelurahan Mawar " + XSS,
        agency="LSM Z",
        answers={"problem": "injustice", "goal": "shift_power", "power_holders": "partners"},
        evidence={"problem": "Warga digusur tanpa ganti rugi. " + XSS, "goal": "Rapat RW"},
        reflection="Refleksi saya " + XSS,
    )
    base.update(fields)
    return save_report(Report(**base), tmp_path / name)


def test_report_page_in_the_reports_language_with_inert_text(tmp_path):
    path = a_report(tmp_path)
    out = tmp_path / "report.html"
    done = rothman("report", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "Laporan ditulis ke" in done.stdout
    # the answer without evidence is a warning, not an error
    assert "power_holders" in done.stderr and "peringatan" in done.stderr
    page = out.read_text(encoding="utf-8")
    assert '<html lang="id">' in page
    for words in ("Laporan praktikum lapangan", "Yang saya amati", "Daftar pustaka", "Refleksi"):
        assert words in page
    assert "Aksi Sosial (C)" in page
    assert "Rothman, J. (2007)" in page and "Adi, I. R. (2012)" in page
    assert "Rothman, J. (1995)" in page and "Rothman, J. (2001)" in page
    # student text is shown, escaped: never a tag
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_lang_overrides_the_reports(tmp_path):
    path = a_report(tmp_path)
    out = tmp_path / "report.html"
    done = rothman("report", str(path), "--lang", "en", "-o", str(out))
    assert done.returncode == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Field-practicum report" in page
    assert "Social Action (C)" in page
    assert "(warning)" in done.stderr


def test_refuses_to_overwrite_without_force(tmp_path):
    path = a_report(tmp_path)
    out = tmp_path / "report.html"
    out.write_text("keep me")
    done = rothman("report", str(path), "-o", str(out))
    assert done.returncode == 2
    assert "--force" in done.stderr
    assert out.read_text() == "keep me"
    assert rothman("report", str(path), "-o", str(out), "--force").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_report_exits_2_with_every_problem_located(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("lang: id\nanswers:\n  goal: menang\n  budget: x\nwarna: merah\n")
    out = tmp_path / "report.html"
    done = rothman("report", str(bad), "-o", str(out))
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"{bad}:3: 'menang' bukan jawaban untuk 'goal'")
    assert lines[1].startswith(f"{bad}:4: 'budget'")
    assert lines[2].startswith(f"{bad}:5: 'warna' bukan ruas laporan")
    assert "3 masalah" in lines[3]
    assert not out.exists()


def test_missing_report_and_usage_errors_exit_2(tmp_path):
    done = rothman("report", str(tmp_path / "none.yaml"))
    assert done.returncode == 2 and "There is no such file" in done.stderr
    done = rothman("report")
    assert done.returncode == 2 and "--summary" in done.stderr
    done = rothman("report", "x.yaml", "--summary", str(tmp_path))
    assert done.returncode == 2
    done = rothman("report", str(a_report(tmp_path)), "--csv", "x.csv")
    assert done.returncode == 2 and "--csv" in done.stderr
    done = rothman("--lang", "id", "report", "--summary", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and "tidak ada" in done.stderr


def test_report_without_output_prints_the_page(tmp_path):
    done = rothman("report", str(a_report(tmp_path)))
    assert done.returncode == 0
    assert done.stdout.startswith("<!DOCTYPE html>")


def test_summary_one_row_per_student_and_bad_files_named(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    a_report(folder, "a.yaml", student="Ani", community="RW 1")
    a_report(
        folder,
        "b.yaml",
        student="Budi",
        community="RW 2",
        answers={"goal": "capacity", "problem": "weak_ties", "power_holders": "partners"},
        evidence={"goal": "x", "problem": "y", "power_holders": "z"},
    )
    (folder / "c.yaml").write_text("answers:\n  goal: menang\n")
    (folder / "d.yaml").write_bytes(b"\xff\xfe not text")
    (folder / "notes.txt").write_text("not a report")
    html_out, csv_out = tmp_path / "class.html", tmp_path / "class.csv"
    done = rothman("report", "--summary", str(folder), "-o", str(html_out), "--csv", str(csv_out))
    assert done.returncode == 1  # written, but some files could not be read
    assert f"{folder / 'c.yaml'}:2:" in done.stderr and "d.yaml" in done.stderr
    rows = list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["File", "Student", "Community", "Leading model"]
    assert [r[:4] for r in rows[1:]] == [
        ["a.yaml", "Ani", "RW 1", "Social Action"],
        ["b.yaml", "Budi", "RW 2", "Locality Development"],
    ]
    # Ani described the power holders as partners, but the leading model targets them
    assert rows[1][5:8] == ["Collaborators", "Target of action", str(len(tensions_of_a()))]
    assert int(rows[1][7]) >= 1
    assert rows[1][8] == "1" and rows[2][8] == "0"  # questions without evidence
    page = html_out.read_text(encoding="utf-8")
    assert "c.yaml:2:" in page and "d.yaml" in page
    assert "<script>" not in page
    assert "data:image/png;base64," in page  # the class triangle
    assert "2 communities" in page


def tensions_of_a():
    from rothman import assess

    answers = {"problem": "injustice", "goal": "shift_power", "power_holders": "partners"}
    return assess(answers).tensions


def test_report_shows_mix_tensions_and_phases(tmp_path):
    from rothman import assess

    answers = {"problem": ["service_gap", "weak_ties"], "goal": "capacity",
               "power_holders": "opponents"}  # fmt: skip
    path = a_report(
        tmp_path,
        lang="en",
        answers={k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()},
        phases=(
            Phase("Protest", {"goal": "shift_power", "power_holders": "opponents"}),
            Phase("Planning", {"goal": "solve_task", "power_holders": "sponsors"}),
        ),
    )
    out = tmp_path / "r.html"
    assert rothman("report", str(path), "-o", str(out)).returncode == 0
    page = out.read_text(encoding="utf-8")
    expected = assess(answers)
    assert expected.tensions, "the example must hold a tension"
    for tension in expected.tensions:
        assert html.escape(tension.text) in page
    assert html.escape(expected.headline()) in page
    assert page.count("data:image/png;base64,") == 2  # the fit chart and the path of phases
    assert "Point 1 (Protest)" in page and "Point 2 (Planning)" in page


def test_summary_in_indonesian_to_stdout(tmp_path):
    a_report(tmp_path, "a.yaml", student="Ani")
    done = rothman("--lang", "id", "report", "--summary", str(tmp_path))
    assert done.returncode == 0, done.stderr
    head = done.stdout.splitlines()[0]
    assert head.startswith("Berkas,Mahasiswa,Komunitas,Model utama")
    assert "Aksi Sosial" in done.stdout


def test_summary_refuses_to_overwrite(tmp_path):
    a_report(tmp_path, "a.yaml")
    out = tmp_path / "class.html"
    out.write_text("keep")
    done = rothman("report", "--summary", str(tmp_path), "-o", str(out))
    assert done.returncode == 2 and out.read_text() == "keep"
