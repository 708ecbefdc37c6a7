"""Input class: UTF-16 LE/BE with and without BOM, UTF-8 with BOM."""

from __future__ import annotations

import pytest
from helpers.robust_texts import NL, VI, review, write

from translate.read.document import read_document
from translate.text.segment import segment_document

CASES = [
    ("utf-8-sig", "utf-8-sig", b""),
    ("utf-16-le", "utf-16-le", b"\xff\xfe"),
    ("utf-16-be", "utf-16-be", b"\xfe\xff"),
    ("utf-16-le", "utf-16-le", b""),
    ("utf-16-be", "utf-16-be", b""),
]


@pytest.mark.parametrize("codec, expected, bom", CASES)
@pytest.mark.parametrize("text, lang", [(VI, "vi"), (NL, "nl")])
def test_same_document_as_utf8(tmp_path, codec, expected, bom, text, lang):
    raw = (bom + text.encode(codec)) if codec.startswith("utf-16") else text.encode(codec)
    path = write(tmp_path / "in.txt", raw)
    doc = read_document(path, lang)
    assert doc.text == text
    assert doc.encoding == expected
    assert doc.warnings == []
    plain = segment_document(read_document(write(tmp_path / "u8.txt", text), lang), "src", lang)
    assert [s.text for s in segment_document(doc, "src", lang).segments] == [s.text for s in plain.segments]


def test_review_utf16_pair(tmp_path):
    src = write(tmp_path / "vi.txt", b"\xff\xfe" + VI.encode("utf-16-le"))
    tgt = write(tmp_path / "nl.txt", NL.encode("utf-16-be"))
    plain = review(write(tmp_path / "a.txt", VI), write(tmp_path / "b.txt", NL), "-q")
    result = review(src, tgt, "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == plain.stdout.splitlines()[-1]
