"""Input class: empty and whitespace-only files -> one-line error, exit 2."""

from __future__ import annotations

import pytest
from helpers.robust_texts import NL, VI, review, stderr_lines, write


@pytest.mark.parametrize(
    "content, what",
    [(b"", "file is empty"), (b"   \n\n\t \r\n", "file contains only whitespace"), ("\ufeff  \n".encode(), "file contains only whitespace")],
)
@pytest.mark.parametrize("side", ["source", "rendering"])
def test_empty_input(tmp_path, content, what, side):
    src = write(tmp_path / "vi.txt", VI)
    tgt = write(tmp_path / "nl.txt", NL)
    bad = src if side == "source" else tgt
    bad.write_bytes(content)
    result = review(src, tgt)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {bad}: {what} (give a file that contains the text)"]
    assert "Traceback" not in result.output


def test_empty_rendering_alone(tmp_path):
    tgt = write(tmp_path / "nl.txt", b"")
    result = review(tgt)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {tgt}: file is empty (give a file that contains the text)"]


def test_empty_utf16_file_is_whitespace(tmp_path):
    tgt = write(tmp_path / "nl.txt", "\ufeff \n", encoding="utf-16-le")
    result = review(tgt)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {tgt}: file contains only whitespace (give a file that contains the text)"]
