"""One page-chrome lexicon (issue 13): the aligner's boilerplate cost and the page-chrome
check read the same words, so a line one calls chrome the other does too."""

from __future__ import annotations

import pytest

from translate.alignment.aligner import boilerplate_score
from translate.checks.chrome import find_chrome
from translate.read.document import document_from_text
from translate.text.segment import segment_document

ARTICLE = "De regering maakte dinsdag bekend dat de belasting op brandstof volgend jaar omhooggaat."


def _chrome_kinds(line: str) -> set[str]:
    seg = segment_document(document_from_text(f"{ARTICLE}\n\n{line}\n\n{ARTICLE}", lang="nl"), "tgt", "nl")
    return {h.kind for h in find_chrome(seg) if seg.segments[h.segment].text.strip() == line}


@pytest.mark.parametrize("line", [
    "Đọc thêm: Hà Nội mở tuyến xe buýt mới",      # read-more link (was missing from the aligner's list)
    "Zie ook: de begroting van 2025",             # read-more link
    "Bron: https://www.example.nl/nieuws/1",      # source line
    "Reageren (12)",                              # comment counter (was missing from the aligner's list)
    "Trefwoorden: economie, belasting",           # tags line
    "Foto: ANP",                                  # photo credit
    "Nog geen reacties",                          # empty widget
])
def test_a_chrome_line_is_chrome_for_both_readers(line):
    assert boilerplate_score(line) == 1.0
    assert _chrome_kinds(line), f"the page-chrome check misses {line!r}"


@pytest.mark.parametrize("line", [
    "In dezelfde periode steeg de omzet met vijf procent.",   # the aligner took 'In dezelfde <word>' for chrome
    "Geen reacties van de regering op de vragen van de pers.",
    "Meer dan honderd mensen kwamen naar de bijeenkomst.",
])
def test_running_text_that_opens_with_a_chrome_word_is_not_chrome(line):
    assert boilerplate_score(line) == 0.0
    assert not _chrome_kinds(line)


def test_share_bar_buttons_are_one_list():
    assert _chrome_kinds("Print | Save | Copy link") == {"share line"}  # the repeat of the bar knew fewer buttons


@pytest.mark.parametrize("line", [
    "Zoeken binnen gegevensstroom niet mogelijk",  # a UI message: 'zoeken' is a verb here
    "Tìm kiếm toàn văn",                            # a help-page heading (full-text search)
    "Search results for your query",
])
def test_a_line_that_opens_with_a_navigation_word_is_no_chrome(line):
    assert 0.0 < boilerplate_score(line) < 1.0  # heading-like, not chrome


@pytest.mark.parametrize("line", ["Zoeken", "Tìm kiếm:", "Home | Nieuws | Economie | Sport", "Trang chủ > Thời sự", "Menu"])
def test_navigation_alone_or_before_a_separator_is_chrome(line):
    assert boilerplate_score(line) == 1.0


def test_a_ui_message_opening_with_a_navigation_word_pairs_with_its_source():
    # a block of UI messages on a help page: the Dutch one that opens with
    # "Zoeken" was scored as a search box, so it was left unaligned (0:1) and its
    # source called dropped (1:0)
    from translate.alignment.aligner import align
    from tests.test_align import links, seg

    src = seg([["Không thể mở tập tin"], ["Chức năng seek (di chuyển vị trí đọc) không được hỗ trợ trên luồng"],
               ["Lỗi đống"]])
    tgt = seg([["Kan bestand niet openen"], ["Zoeken binnen gegevensstroom niet mogelijk"], ["Stack-fout"]], "tgt", "nl")
    assert links(align(src, tgt)) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
