"""Issue 14 (end to end, help pages): blank-line blocks and headings left out.

A help page sets a heading and its body, a list, a block of UI labels apart with
blank lines and keeps single line breaks inside them; a rendering keeps its
blocks. And a heading merged with its body needs somewhere in the rendering's
unit where the heading could end (a glue point)."""

from __future__ import annotations

from translate.alignment.aligner import AlignOptions, _block_starts, align
from translate.data import Document
from translate.text.segment import segment_document


def raw(text: str, side: str = "src", lang: str = "vi"):
    return segment_document(Document(text, lang=lang), side, lang)


def links(src, tgt, **kw):
    return [(lk.src, lk.tgt) for lk in align(src, tgt, None, AlignOptions(**kw)).links]


def test_block_starts_need_both_kinds_of_line_break():
    s = raw("Kiến trúc\n\nTốc độ khung\nMột câu dài hơn ở đây.\n\n* Mở tập tin\n* Thoát\n")
    assert [x.text for x in s.segments] == ["Kiến trúc", "Tốc độ khung", "Một câu dài hơn ở đây.", "* Mở tập tin",
                                             "* Thoát"]
    assert _block_starts(s).tolist() == [True, True, False, True, False, True]
    # a blank line after every paragraph, or none anywhere: no blocks to tell apart
    assert _block_starts(raw("Câu một.\n\nCâu hai.\n\nCâu ba.\n")) is None
    assert _block_starts(raw("Câu một.\nCâu hai.\nCâu ba.\n")) is None


VI = ("Kiến trúc\n\nTốc độ khung\nBan nhạc Aerosmith đã hủy các buổi diễn còn lại trong chuyến lưu diễn của họ.\n\n"
      "* Mở tập tin\n* Lưu như\n* Thoát\n")
NL = ("Architectuur\n\nAerosmith heeft de resterende concerten van hun tournee afgelast.\n\n"
      "* Bestand openen\n* Opslaan als\n* Afsluiten\n")


def test_a_heading_left_out_stays_in_its_block():
    # the heading "Tốc độ khung" (Framesnelheid) was left out; by lengths alone the
    # page title "Kiến trúc" looked dropped and the heading paired with the
    # title's rendering "Architectuur", which is in the block before
    src, tgt = raw(VI), raw(NL, "tgt", "nl")
    want = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,)), ((4,), (3,)), ((5,), (4,))]
    assert links(src, tgt, block_weight=0.0) != want
    assert links(src, tgt) == want


def test_blocks_unused_when_the_rendering_has_no_blank_lines():
    # the same pages, the rendering with single line breaks only: no block evidence,
    # the alignment is the one without blocks
    src, tgt = raw(VI), raw(NL.replace("\n\n", "\n"), "tgt", "nl")
    assert _block_starts(tgt) is None
    assert links(src, tgt) == links(src, tgt, block_weight=0.0)


def test_a_heading_is_not_merged_with_a_rendering_that_opens_with_its_body():
    # the heading "Không thể lắng nghe trên ổ cắm đó" was left out; the rendering of
    # the body runs long, so heading + body fitted it by lengths (a 2:1 pays no
    # boilerplate cost when a heading leads it). But its one glue point is before
    # "Rutte", a name inside the source body: the unit opens with the body
    src = raw("Hiển thị các tập tin bị ẩn\n\nKhông thể lắng nghe trên ổ cắm đó\n"
              "Thủ tướng Hà Lan Mark Rutte đã ký một thỏa thuận mới với các công ty năng lượng vào thứ Ba.\n\nMạng\n")
    tgt = raw("Verborgen bestanden tonen\n\nMark Rutte, de minister-president van Nederland, heeft dinsdag met de "
              "grote energiebedrijven een nieuw en uitgebreid akkoord ondertekend.\n\nNetwerk\n", "tgt", "nl")
    assert links(src, tgt, unglued_heading_cost=0.0) == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    assert links(src, tgt) == [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((3,), (2,))]


def test_a_heading_ending_in_a_name_still_has_a_place_to_end():
    # a long headline ending in a name, merged with its first sentence: the glue
    # points of the length test skip a capital after a capital (a name of two words)
    # and look at 80 characters; the test that a unit has no glue point at all
    # looks further and after names too, so this merge is not called unglued
    from translate.alignment.aligner import _glue_words

    t = ("Kijk naar: Daniel Sturridge van Liverpool zorgt voor een late gelijkmaker tegen Chelsea "
         "Daniel Sturridge redde Liverpool zaterdag van een nederlaag.")
    assert "daniel" not in [w for _g, w in _glue_words(t)]
    loose = [w for _g, w in _glue_words(t, True)]
    assert "daniel" in loose and "sturridge" in loose  # ("sturridge" is a name of the body: filtered by the caller)
