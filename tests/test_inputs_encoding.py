"""Input class: cp1252 / cp1258 / Latin-1 files and mojibake (repaired with ftfy)."""

from __future__ import annotations

from helpers.robust_texts import NL, VI, review, stderr_lines, write

from translate.read.document import document_from_bytes, read_document

DUTCH = "Café “De Ruïne” in Zuid-Holland: één ratio, 12,4% groei — geïnterviewd.\n"


def test_cp1252_dutch_is_read_with_a_warning(tmp_path):
    path = write(tmp_path / "nl.txt", DUTCH, encoding="cp1252")
    doc = read_document(path, "nl")
    assert doc.text == DUTCH
    assert doc.encoding == "cp1252"
    assert doc.warnings == [
        f"{path}: not valid UTF-8, read as cp1252; check accented characters (re-save the file as UTF-8 to be sure)"
    ]


def test_cp1252_undefined_bytes_are_kept_not_replaced():
    doc = document_from_bytes(b"caf\xe9 \x81\x8d ok\n", "x.txt", "nl")
    assert "\ufffd" not in doc.text
    assert doc.text == "café \x81\x8d ok\n"


def test_latin1_file_via_cli_warns_and_reviews(tmp_path):
    src = write(tmp_path / "vi.txt", VI)
    tgt = write(tmp_path / "nl.txt", NL.replace("De heer", "Café-eigenaar"), encoding="latin-1")
    result = review(src, tgt, "-q")
    assert result.exit_code == 0, result.output
    assert f"warning: {tgt}: not valid UTF-8, read as cp1252" in " ".join(result.stderr.split())


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters it has, tone marks as combining characters."""
    import unicodedata

    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for k, mark in enumerate(marks):
            rest = marks[:k] + marks[k + 1 :]
            try:
                out += unicodedata.normalize("NFC", base + mark).encode("cp1258") + "".join(rest).encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + "".join(marks)).encode("cp1258")
    return out


def test_cp1258_vietnamese(tmp_path):
    path = write(tmp_path / "vi.txt", _cp1258(VI))
    doc = read_document(path, "vi")
    assert doc.text == VI  # decomposed tone marks composed back by NFC
    assert doc.encoding == "cp1258"
    assert doc.original is not None and doc.original != VI  # tone marks came decomposed
    # every normalized offset maps back into the decoded file
    for seg_start in (0, 10, len(doc.text) - 1):
        assert 0 <= doc.original_offset(seg_start) < len(doc.original)


def _mojibake(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="ignore")


def test_mojibake_is_repaired_with_a_warning(tmp_path):
    lines = VI.split("\n")
    broken = "\n".join([lines[0], _mojibake(lines[2])] + lines[3:])
    path = write(tmp_path / "vi.txt", broken)
    doc = read_document(path, "vi")
    assert doc.text == "\n".join([lines[0], lines[2]] + lines[3:])
    assert doc.warnings == [
        f"{path}: repaired mojibake (text once decoded with the wrong encoding, e.g. 'Ã©' for 'é') with ftfy "
        "on 1 line(s): 2; check them"
    ]


def test_mojibake_via_cli(tmp_path):
    src = write(tmp_path / "vi.txt", _mojibake(VI))
    tgt = write(tmp_path / "nl.txt", NL)
    result = review(src, tgt, "-q")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stderr.split())
    assert f"warning: {src}: repaired mojibake" in out


def test_correct_text_is_left_alone():
    for text in (VI, NL, DUTCH, "Â là chữ cái, à\u00a0là không.\n", "Ã alone is a letter, not mojibake.\n"):
        doc = document_from_bytes(text.encode(), "x.txt")
        assert doc.text == text
        assert doc.warnings == []


def test_invalid_utf16_is_an_error(tmp_path):
    path = write(tmp_path / "nl.txt", b"\xff\xfe" + "Hallo".encode("utf-16-le") + b"\x00\xd8")
    result = review(path)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {path}: invalid utf-16-le at byte 10 (re-save the file as UTF-8)"]
