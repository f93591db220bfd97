"""``diff``, ``validate`` and ``compare``: regression checks in the report's terms."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import KENT_PDF, KENT_TXT, VARIANT_TXT

from extract.cli import main
from extract.output.columns import report_columns
from extract.output.dataset import Dataset, Doc, Entry
from extract.output.schema import load_schemas

Row = dict[str, Any]


@pytest.fixture(scope="module")
def kent_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kent") / "out"
    assert main(["convert", str(KENT_TXT), "--out", str(out), "--quiet"]) == 0
    return out


def edited(src: Path, dst: Path, table: str, edit: Callable[[list[Row]], None]) -> Path:
    """A copy of an output folder with one table's rows edited in place."""
    shutil.copytree(src, dst)
    schema = load_schemas()[table].arrow()
    for part in (dst / table).glob("part-*.parquet"):
        rows = pq.read_table(part).to_pylist()
        edit(rows)
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), part)
    return dst


def set_grade(code: str, grade: str) -> Callable[[list[Row]], None]:
    def edit(rows: list[Row]) -> None:
        for r in rows:
            if r["code"] == code:
                r["grade"] = grade
    return edit


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_diff_same_folder_is_equal(kent_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "diff", str(kent_out), str(kent_out))
    assert code == 0 and "0 of 14 tables differ" in out


def test_diff_names_a_changed_grade(kent_out: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    new = edited(kent_out, tmp_path / "new", "frameworks", set_grade("3A", "Poor"))
    code, out = run(capsys, "diff", str(kent_out), str(new))
    assert code == 1
    assert "Kent Police 2006 3A Managing Critical Incidents…: grade Fair -> Poor" in out
    code, out = run(capsys, "diff", str(kent_out), str(new), "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["equal"] is False
    change = doc["tables"]["frameworks"]["changed"][0]
    assert change["key"] == {"report": ["kent-police/2006-10"], "code": "3A"}
    assert change["changes"] == [{"column": "grade", "old": "Fair", "new": "Poor"}]
    code, out = run(capsys, "diff", str(kent_out), str(new), "--table", "findings")
    assert code == 0 and "0 of 1 tables differ" in out


def test_diff_shows_edited_text_as_a_word_diff(kent_out: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    def edit(rows: list[Row]) -> None:
        for r in rows:
            if (r["code"], r["category"], r["item_no"]) == ("2A", "strength", 1):
                r["text"] = r["text"].replace(" the ", " a newly edited ", 1)
    new = edited(kent_out, tmp_path / "new", "findings", edit)
    code, out = run(capsys, "diff", str(kent_out), str(new))
    assert code == 1
    line = next(x for x in out.splitlines() if "2A strength 1: text:" in x)
    assert "[-the-] {+a newly edited+}" in line


def test_diff_one_table_pairs_a_pdf_with_its_text(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf_out = tmp_path / "pdf"
    assert main(["convert", str(KENT_PDF), "--out", str(pdf_out), "--quiet"]) == 0
    capsys.readouterr()
    code, out = run(capsys, "diff", str(kent_out), str(pdf_out), "--table", "frameworks",
                    "--ignore-provenance")
    assert code == 0 and "0 of 1 tables differ" in out
    # With provenance, the same 23 rows are paired: pages differ, none added or removed.
    code, out = run(capsys, "diff", str(kent_out), str(pdf_out), "--table", "frameworks")
    assert code == 1
    assert "frameworks: 23 changed, 0 added, 0 removed (23 -> 23 rows)" in out
    assert all(line.startswith("  Kent Police 2006 ") for line in out.splitlines()[1:-1])


def test_diff_pairs_each_copy_of_a_report(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    both, text = tmp_path / "both", tmp_path / "text"
    assert main(["convert", str(KENT_PDF), str(KENT_TXT), "--out", str(both), "--quiet"]) == 0
    assert main(["convert", str(KENT_TXT), "--out", str(text), "--quiet"]) == 0
    capsys.readouterr()
    code, out = run(capsys, "diff", str(both), str(both))
    assert code == 0 and "0 of 14 tables differ" in out
    # The text is on both sides and pairs with itself; the PDF is only on one.
    code, out = run(capsys, "diff", str(both), str(text), "--table", "frameworks")
    assert code == 1 and "frameworks: 0 changed, 0 added, 23 removed" in out


def test_diff_errors_exit_2(kent_out: Path, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(kent_out), str(tmp_path / "missing")]) == 2
    assert main(["diff", str(kent_out), str(kent_out), "--table", "nope"]) == 2
    assert "hmic-extract:" in capsys.readouterr().err


def test_validate_passes_on_kent(kent_out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "validate", str(kent_out))
    assert code == 0 and "1 report(s) checked: 0 error(s)" in out


def test_validate_passes_on_the_bundled_fixtures(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # What `make run` converts: reports of one year must agree with each other.
    out = tmp_path / "out"
    assert main(["convert", str(KENT_TXT.parent), "--out", str(out), "--quiet"]) == 0
    code, text = run(capsys, "validate", str(out))
    assert code == 0, text
    inputs = [p for p in KENT_TXT.parent.iterdir() if p.suffix in (".txt", ".pdf")]
    assert text.splitlines()[-1] == f"{len(inputs)} report(s) checked: 0 error(s), 0 warning(s)"


def test_validate_names_framework_disagreeing_with_summary(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fw = next(r for r in pq.read_table(kent_out / "frameworks").to_pylist() if r["code"] == "4B")
    new_grade = "Poor" if fw["grade"] != "Poor" else "Good"
    bad = edited(kent_out, tmp_path / "bad", "frameworks", set_grade("4B", new_grade))
    code, out = run(capsys, "validate", str(bad))
    assert code == 1
    assert f"Kent Police 2006: error summary_matches: 4B: summary says {fw['grade']}/" \
           f"{fw['direction']}, framework table says {new_grade}/{fw['direction']}" in out


def test_validate_fails_when_a_distribution_does_not_sum_to_43(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def edit(rows: list[Row]) -> None:
        for r in rows:
            if (r["code"], r["grade"]) == ("5C", "Good"):
                r["forces"] += 2
    bad = edited(kent_out, tmp_path / "bad", "grade_distribution", edit)
    code, out = run(capsys, "validate", str(bad))
    assert code == 1 and "5C: national grade distribution sums to 45, not 43" in out


def distributions(kent_out: Path) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for r in pq.read_table(kent_out / "grade_distribution").to_pylist():
        out.setdefault(r["code"], {})[r["grade"]] = r["forces"]
    return out


def most_common(kent_out: Path) -> dict[str, str]:
    """Each framework's grade that most forces got nationally."""
    return {code: max(d, key=lambda g: d[g]) for code, d in distributions(kent_out).items()}


def synthetic_collection(kent_out: Path, folder: Path,
                         forces: dict[str, dict[str, str]]) -> Path:
    """Kent's tables relabelled as other forces, each with its own grades
    (force -> framework code -> grade) in its framework and summary rows."""
    source = {name: pq.read_table(kent_out / name).to_pylist() for name in load_schemas()}
    ds = Dataset(folder)
    ds.open()
    docs = []
    for i, (force, grades) in enumerate(forces.items()):
        rid = f"{i:016x}"
        tables = {}
        for name, schema in load_schemas().items():
            rows = [{**r, "report_id": rid} for r in source[name]]
            for r in rows:
                if name == "reports":
                    r.update(report_columns({**r, "force": force}),
                             source_path=f"{force}.txt", source_sha256=rid * 4)
                if name in ("frameworks", "summary_judgements") and r["code"] in grades:
                    r["grade"] = grades[r["code"]]
            tables[name] = pa.Table.from_pylist(rows, schema=schema.arrow())
        docs.append(Doc([Entry(rid, f"{force}.txt", rid * 4, "0", "ok", True)], tables))
    ds.commit(docs)
    return folder


def test_validate_names_framework_whose_grades_exceed_the_distribution(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A grade the national distribution gives to fewer than three forces: three
    # forces graded so cannot all be right.
    code, grade, count = next((r["code"], r["grade"], r["forces"]) for r in pq.read_table(
        kent_out / "grade_distribution").to_pylist() if r["forces"] < 3)
    grades = {**most_common(kent_out), code: grade}
    folder = synthetic_collection(kent_out, tmp_path / "three", {
        f: grades for f in ("Avon Constabulary", "Bedford Police", "Cumbria Police")})
    code_, out = run(capsys, "validate", str(folder))
    assert code_ == 1
    problems = [line for line in out.splitlines() if "distribution_matches_grades" in line]
    assert problems == [f"2006: error distribution_matches_grades: {code}: 3 of these 3 "
                        f"forces graded {grade}, more than the {count} the national "
                        f"distribution counts"]


def test_validate_collection_within_the_distribution_passes(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    grades = most_common(kent_out)
    folder = synthetic_collection(kent_out, tmp_path / "two",
                                  {f: grades for f in ("Avon Constabulary", "Bedford Police")})
    code, out = run(capsys, "validate", str(folder))
    assert code == 0, out


def test_validate_counts_a_force_once_whatever_its_name(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A grade the national distribution gives to one force, given in two
    # reports of one year whose printed names differ in form only: one force
    # (force_id "kent"), so within the distribution. Another force makes it two.
    code, grade = next((r["code"], r["grade"]) for r in pq.read_table(
        kent_out / "grade_distribution").to_pylist() if r["forces"] == 1)
    grades = most_common(kent_out)
    kent = {**grades, code: grade}
    folder = synthetic_collection(kent_out, tmp_path / "kent", {
        "Kent Police": kent, "Kent County Constabulary": kent, "Avon Constabulary": grades})
    exit_code, out = run(capsys, "validate", str(folder))
    assert exit_code == 0, out
    folder = synthetic_collection(kent_out, tmp_path / "two", {
        "Kent Police": kent, "Surrey Police": kent, "Avon Constabulary": grades})
    exit_code, out = run(capsys, "validate", str(folder))
    problems = [line for line in out.splitlines() if "distribution_matches_grades" in line]
    assert exit_code == 1
    assert problems == [f"2006: error distribution_matches_grades: {code}: 2 of these 3 "
                        f"forces graded {grade}, more than the 1 the national distribution "
                        f"counts"]


def test_validate_names_framework_whose_printed_distributions_disagree(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Two reports of one year print different national counts for one
    # framework: one force moved from the modal grade to the next grade down.
    grades = most_common(kent_out)
    folder = synthetic_collection(kent_out, tmp_path / "two",
                                  {f: grades for f in ("Avon Constabulary", "Bedford Police")})
    code, modal = "4A", grades["4A"]
    lower = {"Excellent": "Good", "Good": "Fair", "Fair": "Poor"}[modal]
    second = f"{1:016x}"

    def edit(rows: list[Row]) -> None:
        for r in rows:
            if r["report_id"] == second and r["code"] == code:
                r["forces"] += {modal: -1, lower: 1}.get(r["grade"], 0)
    bad = edited(folder, tmp_path / "disagree", "grade_distribution", edit)
    exit_code, out = run(capsys, "validate", str(bad))
    problems = sorted(line for line in out.splitlines() if "distribution_agrees" in line)
    assert exit_code == 1
    assert len(problems) == 2 and all(f"error distribution_agrees: {code}: " in p
                                      for p in problems)
    assert {p.split("counts for ")[1].split(":")[0] for p in problems} == {modal, lower}


def test_validate_all_43_forces_must_match_exactly(
        kent_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dist = distributions(kent_out)
    # Hand out each framework's grades exactly as its distribution counts them.
    dealt = {code: [g for g, n in sorted(d.items()) for _ in range(n)] for code, d in dist.items()}
    forces = {f"Force {i:02d} Police": {code: dealt[code][i] for code in dist} for i in range(43)}
    code, out = run(capsys, "validate", str(synthetic_collection(kent_out, tmp_path / "all",
                                                                 forces)))
    assert code == 0, out
    # One force's 2A grade moved to another grade: two counts no longer match.
    first = forces["Force 00 Police"]
    first["2A"] = next(g for g in ("Excellent", "Good", "Fair", "Poor") if g != first["2A"])
    code, out = run(capsys, "validate", str(synthetic_collection(kent_out, tmp_path / "off",
                                                                 forces)))
    problems = [line for line in out.splitlines() if "distribution_matches_grades" in line]
    assert code == 1 and len(problems) == 2
    assert all(": 2A: " in p and "of all 43 forces graded" in p for p in problems)


def test_compare_kent_pdf_with_its_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "compare", str(KENT_PDF), str(KENT_TXT))
    summary = {line.split()[0]: line for line in out.splitlines()[:14] if "rows:" in line}
    for table in ("frameworks", "grade_distribution", "summary_judgements"):
        assert "0 changed, 0 only in the PDF, 0 only in the text" in summary[table], table
    # what remains is listed: sub-bullets the PDF's typesetting flattened
    assert "findings: " in out and code == 1
    changed = [line for line in out.splitlines() if " work_in_progress " in line
               or " strength " in line or " area_for_improvement " in line]
    assert changed and all("parent_item_no" in line for line in changed)


def test_compare_summary_counts_and_sides(capsys: pytest.CaptureFixture[str]) -> None:
    """Each table's line counts rows as the row diff does (equal = rows on
    the text side that are neither changed nor only there), and names each
    side by what its file is, in whichever order the two are given."""
    _, listed = run(capsys, "compare", str(KENT_PDF), str(KENT_TXT), "--format", "json")
    diffs = json.loads(listed)["tables"]
    _, out = run(capsys, "compare", str(KENT_TXT), str(KENT_PDF))   # the text first
    lines = [line for line in out.splitlines() if " rows: " in line]
    assert len(lines) == len(diffs) == 12
    for line in lines:
        d = diffs[line.split()[0]]
        changed, added, removed = (len(d[k]) for k in ("changed", "added", "removed"))
        assert line.split(None, 1)[1] == (
            f"text {d['old_rows']:5} rows, PDF {d['new_rows']:5} rows: "
            f"{d['old_rows'] - changed - removed} equal, {changed} changed, {added} only in "
            f"the PDF, {removed} only in the text"), line
    cells = diffs["table_cells"]   # the PDF's grid reaches its text layer as more fragments
    assert cells["new_rows"] > cells["old_rows"] and len(cells["added"]) > 0


def test_compare_two_different_reports_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compare", str(VARIANT_TXT), str(KENT_TXT)])
    captured = capsys.readouterr()
    assert code == 1 and captured.err.count("\n") == 1
    assert "two different reports" in captured.err and "Kent Police 2006" in captured.err
    assert "frameworks           first    23 rows, second    23 rows: 0 equal" in captured.out


def test_compare_variant_text_with_itself_is_equal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "compare", str(VARIANT_TXT), str(VARIANT_TXT))
    assert code == 0 and "0 of 12 tables differ" in out


def test_compare_opens_a_locked_pdf_given_second(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """``--password`` reaches the PDF whichever place it has on the line."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from test_batch import maker
    locked = tmp_path / "locked.pdf"
    maker().build(locked, StandardEncryption("secret", "owner", canPrint=0))
    assert main(["compare", str(VARIANT_TXT), str(locked)]) == 2   # no password: refused
    assert "password" in capsys.readouterr().err
    code, out = run(capsys, "compare", str(VARIANT_TXT), str(locked), "--password", "secret")
    assert code in (0, 1) and "frameworks           text    23 rows, PDF    23 rows" in out
