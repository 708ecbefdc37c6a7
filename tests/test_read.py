import codecs

import pytest

from translate.errors import InputError
from translate.read.document import decode, document_from_bytes, normalize, read_document

VI = "Lý Thị Xiến, bí thư chi bộ thôn Sơn Thủy."


@pytest.mark.parametrize(
    "raw",
    [
        VI.encode("utf-8"),
        codecs.BOM_UTF8 + VI.encode("utf-8"),
        codecs.BOM_UTF16_LE + VI.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + VI.encode("utf-16-be"),
    ],
)
def test_encodings(raw):
    doc = document_from_bytes(raw, "x.txt")
    assert doc.text == VI


def test_crlf_and_nfc_with_offsets():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Xiến\r\nSơn")
    doc = document_from_bytes(decomposed.encode("utf-8"))
    assert doc.text == "Xiến\nSơn"
    assert doc.original == decomposed
    # every normalized char maps back to where it came from
    pos = doc.text.index("S")
    assert doc.original[doc.original_offset(pos)] == "S"
    assert doc.line_col(pos) == (2, 1)


def test_normalize_map_is_monotonic():
    text, offsets = normalize("a\r\nb\rc\u0301d")
    assert text == "a\nb\nćd"
    assert offsets == sorted(offsets)
    assert len(offsets) == len(text) + 1


def test_cp1252_fallback_warns():
    text, enc, warnings = decode("café".encode("cp1252"))
    assert text == "café" and enc == "cp1252" and warnings


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_binary_file(tmp_path):
    p = tmp_path / "x.bin"
    p.write_bytes(b"\x00\x01\x02\xff" * 100)
    with pytest.raises(InputError, match="binary"):
        read_document(p)
