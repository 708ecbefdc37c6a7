"""Input class: a directory, a missing, unreadable or special path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers.robust_texts import NL, VI, review, stderr_lines, write


@pytest.fixture
def pair(tmp_path):
    return write(tmp_path / "vi.txt", VI), write(tmp_path / "nl.txt", NL)


def test_missing_source(pair, tmp_path):
    missing = tmp_path / "nope.txt"
    result = review(missing, pair[1])
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {missing}: no such file (check the path)"]


def test_missing_rendering(pair, tmp_path):
    missing = tmp_path / "nope.txt"
    result = review(pair[0], missing)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {missing}: no such file (check the path)"]


def test_directory(pair, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    result = review(pair[0], folder)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {folder}: is a directory, not a text file (give the path of a text file)"]


def test_broken_symlink(pair, tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "gone.txt")
    result = review(pair[0], link)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {link}: broken symbolic link (point it at an existing text file)"]


def test_fifo_is_refused_not_read(pair, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = review(pair[0], fifo)  # reading it would block forever
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {fifo}: not a regular file (a pipe, socket or device) (save the text to a file first)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_by_mode(pair):
    pair[1].chmod(0)
    try:
        result = review(pair[0], pair[1])
    finally:
        pair[1].chmod(0o644)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {pair[1]}: permission denied (make the file readable (chmod +r))"]


def test_unreadable_file(pair, monkeypatch):
    real = Path.read_bytes

    def deny(self):
        if self.name == "nl.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = review(pair[0], pair[1])
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {pair[1]}: permission denied (make the file readable (chmod +r))"]


def test_io_error(pair, monkeypatch):
    def broken(self):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "read_bytes", broken)
    result = review(pair[0], pair[1])
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {pair[1]}: cannot read (Input/output error) (check the file)"]


def test_file_over_size_limit(pair, monkeypatch):
    import translate.read.document as read

    monkeypatch.setattr(read, "MAX_BYTES", 100)
    result = review(pair[0], pair[1])
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    size = pair[1].stat().st_size
    assert line.startswith(f"error: {pair[1]}: file is {size:,} bytes, over the 100 bytes limit (split it")
    assert "TRANSLATE_MAX_BYTES" in line


def test_no_input_at_all():
    result = review()
    assert result.exit_code == 2
    assert stderr_lines(result) == ["error: no input files (usage: translate review SOURCE RENDERING, or translate review RENDERING)"]
