"""Input class: binary files (PDF, Word, images, NUL bytes, control characters)."""

from __future__ import annotations

import pytest
from helpers.robust_texts import NL, VI, review, stderr_lines, write


@pytest.mark.parametrize(
    "content, kind",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP (Word .docx, OpenDocument .odt, or another archive)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Microsoft Office (.doc)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01\x00", "executable (ELF)"),
    ],
)
def test_known_binary_formats(tmp_path, content, kind):
    src = write(tmp_path / "vi.txt", VI)
    tgt = write(tmp_path / "nl.docx", content + bytes(range(256)))
    result = review(src, tgt)
    assert result.exit_code == 2
    assert stderr_lines(result) == [
        f"error: {tgt}: is {'an' if kind[0] in 'aeiou' else 'a'} {kind} file, not plain text (export or save it as plain text (.txt, UTF-8))"
    ]


def test_nul_bytes(tmp_path):
    src = write(tmp_path / "vi.bin", b"abc\x00\x01\x02\xff\xfe" * 100 + b"\x00\x00\x00")
    tgt = write(tmp_path / "nl.txt", NL)
    result = review(src, tgt)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {src}: looks like a binary file (NUL bytes) (give a plain-text file (UTF-8))"]


def test_control_characters_without_nul(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 65, 66]) * 200
    tgt = write(tmp_path / "nl.txt", data)
    result = review(tgt)
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    assert line.startswith(f"error: {tgt}: looks like a binary file (") and line.endswith("(give a plain-text file (UTF-8))")


def test_text_starting_with_mz_is_text(tmp_path):
    # "MZ" is only an executable when binary bytes follow
    tgt = write(tmp_path / "nl.txt", "MZ is een afkorting die in deze tekst voorkomt.\n")
    result = review(tgt, "-q")
    assert result.exit_code == 0, result.output
