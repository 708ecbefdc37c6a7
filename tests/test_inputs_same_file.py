"""Input class: the same file (or the same text) given twice."""

from __future__ import annotations

from helpers.robust_texts import NL, VI, review, stderr_lines, write


def test_same_path_twice(tmp_path):
    path = write(tmp_path / "nl.txt", NL)
    result = review(path, path)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {path}: the same file is given as source and rendering (give the source first, then its rendering)"]


def test_same_file_through_another_path(tmp_path, monkeypatch):
    path = write(tmp_path / "nl.txt", NL)
    (tmp_path / "sub").mkdir()
    link = tmp_path / "sub" / "link.txt"
    link.symlink_to(path)
    monkeypatch.chdir(tmp_path / "sub")
    result = review("../nl.txt", "link.txt")
    assert result.exit_code == 2
    assert stderr_lines(result) == ["error: link.txt: the same file is given as source and rendering (give the source first, then its rendering)"]


def test_hard_link(tmp_path):
    path = write(tmp_path / "vi.txt", VI)
    other = tmp_path / "copy.txt"
    other.hardlink_to(path)
    result = review(path, other)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {other}: the same file is given as source and rendering (give the source first, then its rendering)"]


def test_two_copies_with_the_same_text(tmp_path):
    a = write(tmp_path / "a.txt", VI)
    b = write(tmp_path / "b.txt", VI.replace("\n", "\r\n"))
    result = review(a, b)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {b}: has the same text as the source {a} (give the rendering (the translation), not a copy of the source)"]
