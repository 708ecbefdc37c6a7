"""Input class: an output path that cannot be written (checked before any work)."""

from __future__ import annotations

import os

import pytest
from helpers.robust_texts import NL, VI, review, stderr_lines, write


@pytest.fixture
def pair(tmp_path):
    return write(tmp_path / "vi.txt", VI), write(tmp_path / "nl.txt", NL)


def test_missing_folder(pair, tmp_path, monkeypatch):
    import translate.pipeline as pipeline

    def boom(*a, **k):
        raise AssertionError("the review must not start")

    monkeypatch.setattr(pipeline, "review", boom)
    out = tmp_path / "no" / "such" / "r.json"
    result = review(*pair, "--json", out)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {out}: folder {out.parent} does not exist (create it first or choose another path)"]


def test_output_is_a_directory(pair, tmp_path):
    result = review(*pair, "--json", tmp_path)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {tmp_path}: is a directory (give a file path for the output)"]


def test_parent_is_a_file(pair):
    out = pair[0] / "r.json"
    result = review(*pair, "--json", out)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {out}: {pair[0]} is not a folder (choose another output path)"]


def test_output_would_overwrite_an_input(pair):
    result = review(*pair, "--json", pair[1])
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {pair[1]}: is one of the input files (choose another output path)"]
    assert pair[1].read_text(encoding="utf-8") == NL


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder(pair, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        result = review(*pair, "--json", ro / "r.json")
    finally:
        ro.chmod(0o700)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {ro / 'r.json'}: permission denied (choose a writable path)"]


def test_write_fails_midway_leaves_nothing(pair, tmp_path, monkeypatch):
    """The disk fills up while writing: one-line error, no partial or temporary file."""
    import translate.report.core as report

    real = report.os.fdopen

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def write(self, text):
            self.fh.write(text[:10])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(report.os, "fdopen", lambda *a, **k: Full(real(*a, **k)))
    out = tmp_path / "out" / "r.json"
    out.parent.mkdir()
    result = review(*pair, "--json", out)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {out}: cannot write (No space left on device) (choose a writable path)"]
    assert list(out.parent.iterdir()) == []
