"""`translate align SRC TGT`: TSV and JSON output, flags, clear errors."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from translate.cli.main import app

VI = """Cần Thơ khánh thành cầu mới

Ngày 14/02/2025, UBND thành phố Cần Thơ khánh thành cầu Vàm Cống mở rộng. Tổng vốn đầu tư là 6.280 tỷ đồng.

Năm 2024, lượng hàng hóa tăng 12,5%. Bà Lê Thị Hồng là tiểu thương ở chợ Cái Răng.
"""
NL = """Can Tho opent nieuwe brug

Op 14/02/2025 opende het Volkscomité van Can Tho de verbrede Vam Cong-brug. De totale investering bedraagt 6.280 miljard dong.

In 2024 steeg de hoeveelheid goederen met 12,5%.

Reactie (0)

Bron: https://baocantho.com.vn/a182455.html
"""


def _files(tmp_path):
    src, tgt = tmp_path / "vi.txt", tmp_path / "nl.txt"
    src.write_text(VI, encoding="utf-8")
    tgt.write_text(NL.replace("\n", "\r\n"), encoding="utf-8")  # CRLF: line numbers must still be right
    return src, tgt


def test_tsv_to_stdout(tmp_path):
    src, tgt = _files(tmp_path)
    res = CliRunner().invoke(app, ["align", str(src), str(tgt)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout), delimiter="\t"))
    types = [r["type"] for r in rows]
    assert types == ["1:1", "1:1", "1:1", "1:1", "1:0", "0:1", "0:1"]
    omission = rows[4]
    assert omission["src_segments"] == "4" and omission["tgt_segments"] == "" and omission["src_lines"] == "5"
    assert "Lê Thị Hồng" in omission["src_text"]
    assert rows[5]["tgt_text"] == "Reactie (0)" and rows[5]["tgt_lines"] == "7"
    assert rows[1]["src_sentences"] == "1.0" and rows[2]["tgt_sentences"] == "1.1"
    assert all(0 <= float(r["confidence"]) <= 1 for r in rows)


def test_json_to_file_and_switches(tmp_path):
    src, tgt = _files(tmp_path)
    out = tmp_path / "a.json"
    res = CliRunner().invoke(app, ["align", str(src), str(tgt), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert "1 omissions, 2 additions" in res.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "translate.alignment.aligner" and data["schema_version"] == 1
    assert data["options"]["use_anchors"] is True and "anchors" in data["method"]
    assert data["summary"]["omissions"] == [[4]] and data["summary"]["additions"] == [[4], [5]]
    seg_src = [i for lk in data["links"] for i in lk["src"]["segments"]]
    seg_tgt = [j for lk in data["links"] for j in lk["tgt"]["segments"]]
    assert seg_src == list(range(data["summary"]["src_segments"]))
    assert seg_tgt == list(range(data["summary"]["tgt_segments"]))
    first = data["links"][1]
    assert first["src"]["lines"] == [3] and first["tgt"]["lines"] == [3]
    s0, e0 = first["tgt"]["spans"][0]
    assert NL.replace("\n", "\r\n")[s0:e0].startswith("Op 14/02/2025")


def test_switches_reach_the_aligner(tmp_path):
    src, tgt = _files(tmp_path)
    res = CliRunner().invoke(app, ["align", str(src), str(tgt), "-f", "json", "--no-anchors", "--no-length", "--no-paragraphs"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["options"]["use_anchors"] is False and data["options"]["use_length"] is False
    assert data["method"] == "no-length"


def test_against_enables_similarity(tmp_path):
    src, tgt = _files(tmp_path)
    against = tmp_path / "against.txt"
    against.write_text(NL.split("\n\nReactie")[0] + " De handelaar Le Thi Hong werkt op de markt van Cai Rang.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["align", str(src), str(tgt), "--against", str(against), "-f", "json"])
    assert res.exit_code == 0, res.output
    assert "chrf" in json.loads(res.stdout)["method"]


def test_missing_file_is_a_clear_error(tmp_path):
    src, _ = _files(tmp_path)
    res = CliRunner().invoke(app, ["align", str(src), str(tmp_path / "nope.txt")])
    assert res.exit_code == 2
    assert "nope.txt: no such file" in res.output
    assert "Traceback" not in res.output


def test_help_lists_switches():
    res = CliRunner().invoke(app, ["align", "--help"])
    assert res.exit_code == 0
    for flag in ("--no-anchors", "--no-length", "--no-similarity", "--no-boilerplate", "--format", "--output"):
        assert flag in res.output


def test_model_retranslation_feeds_similarity(tmp_path, tiny_model):
    src, tgt = _files(tmp_path)
    res = CliRunner().invoke(app, ["align", str(src), str(tgt), "-f", "json", "--model", str(tiny_model)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert "chrf" in data["method"]
    assert [i for lk in data["links"] for i in lk["src"]["segments"]] == list(range(data["summary"]["src_segments"]))


def test_unavailable_model_is_a_note_not_a_failure(tmp_path):
    src, tgt = _files(tmp_path)
    res = CliRunner().invoke(app, ["align", str(src), str(tgt), "--model", "Helsinki-NLP/opus-mt-xx-yy-not-cached"])
    assert res.exit_code == 0, res.output
    assert "similarity skipped" in res.output
