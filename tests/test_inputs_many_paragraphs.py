"""Input class: 50,000 paragraphs."""

from __future__ import annotations

import time

import pytest

from helpers.robust_texts import NL, review, write

from translate.read.document import read_document
from translate.text.segment import segment_document

N = 50_000


def many(text: str, n: int = N) -> str:
    paras = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(f"{k}. {paras[k % len(paras)].strip()}" for k in range(n)) + "\n"


def test_fifty_thousand_paragraphs_read_and_segment(tmp_path):
    path = write(tmp_path / "nl.txt", many(NL).replace("\n", "\r\n"))
    t0 = time.perf_counter()
    doc = read_document(path, "nl")
    seg = segment_document(doc, "tgt", "nl")
    assert time.perf_counter() - t0 < 20
    assert len(seg.paragraphs) == N
    # the offset map of a CRLF file stays small (breakpoints, not one int per char)
    assert len(doc.offset_map) == len(doc.text) + 1
    assert len(doc.offset_map._norm) <= N * 2 + 2
    last = seg.segments[-1]
    raw = path.read_bytes().decode("utf-8")
    assert raw[doc.original_offset(last.start) : doc.original_offset(last.end)] == last.text


@pytest.mark.slow  # 50,000 paragraphs through every check: about 4 s
def test_fifty_thousand_paragraphs_rendering_review(tmp_path):
    import re

    path = write(tmp_path / "nl.txt", many(NL))
    # language identification of 120,000 segments alone takes ~20 s; eval/stress.py
    # measures the full review, this test that the CLI copes with the input class
    result = review(path, "-q", "--disable", "wrong-language")
    assert result.exit_code == 0, result.output
    # every paragraph gives one to three segments ("12." may stand alone), each one 0:1 pair
    pairs = int(re.search(r"summary: (\d+) segments", result.stdout).group(1))
    assert N <= pairs <= 3 * N
