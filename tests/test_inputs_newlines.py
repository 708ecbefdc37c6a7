"""Input class: CRLF and lone CR line ends (Windows, old Mac exports)."""

from __future__ import annotations

import pytest
from helpers.robust_texts import NL, VI, review, write

from translate.read.document import read_document
from translate.text.segment import segment_document


@pytest.mark.parametrize("eol", ["\r\n", "\r", "\n\r\n", "\r\r\n"])
def test_segments_and_offsets(tmp_path, eol):
    text = VI.replace("\n", eol)
    doc = read_document(write(tmp_path / "vi.txt", text), "vi")
    assert "\r" not in doc.text
    seg = segment_document(doc, "src", "vi")
    plain = segment_document(read_document(write(tmp_path / "u.txt", VI.replace("\n", eol.replace("\r\n", "\n").replace("\r", "\n"))), "vi"), "src", "vi")
    assert [s.text for s in seg.segments] == [s.text for s in plain.segments]
    # every segment traces back to the same characters in the file as it was
    for s in seg.segments:
        a, b = doc.original_offset(s.start), doc.original_offset(s.end)
        assert text[a:b].replace("\r\n", "\n").replace("\r", "\n") == s.text


def test_review_crlf_same_as_lf(tmp_path):
    lf = review(write(tmp_path / "a.txt", VI), write(tmp_path / "b.txt", NL), "-q")
    crlf = review(write(tmp_path / "c.txt", VI.replace("\n", "\r\n")), write(tmp_path / "d.txt", NL.replace("\n", "\r")), "-q")
    assert crlf.exit_code == lf.exit_code == 0
    assert crlf.stdout == lf.stdout.replace("a.txt", "c.txt").replace("b.txt", "d.txt")


def test_mixed_line_ends_json_positions(tmp_path):
    import json

    text = NL.replace("\n", "\r\n", 3).replace("\n", "\r")
    tgt = write(tmp_path / "nl.txt", text)
    out = tmp_path / "r.json"
    result = review(tgt, "--json", out)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for seg in report["segments"]["tgt"]:
        assert lines[seg["line"] - 1][seg["column"] - 1 :].startswith(seg["text"][:20])
