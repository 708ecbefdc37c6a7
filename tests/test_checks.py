"""Each check on hand-written positive and negative cases; spans point at the right characters."""

from __future__ import annotations

import pytest

from translate.checks import ScoredWord
from translate.checks.config import FlagConfig
from translate.data import Alignment, Link, Severity, Translation
from translate.checks.flag import flag
from translate.read.document import document_from_bytes, document_from_text
from translate.score import score_pairs
from translate.text.segment import segment_document

from helpers.checks import codes, pair_flags  # noqa: F401  (shared with test_checks_more)


def ev_texts(flags, code, side="tgt"):
    return [e.text for f in flags if f.code == code for e in f.evidence if e.side == side]


# -- numbers -----------------------------------------------------------------
@pytest.mark.parametrize(
    "src,tgt",
    [
        ("Năm 2024, 96,3% bí thư chi bộ hoàn thành tốt nhiệm vụ.", "In 2024 voerde 96,3% van de secretarissen hun taken goed uit."),
        ("Hơn 6.280 cán bộ được tập huấn.", "Meer dan 6.280 kaderleden kregen een training."),
        ("Ngày 14/02/2025 hội nghị khai mạc.", "Op 14 februari 2025 opende de conferentie."),
        ("Ngày 14 tháng 2 năm 2025 hội nghị khai mạc.", "Op 14/02/2025 opende de conferentie."),
        ("Trận đấu diễn ra lúc 3 giờ chiều.", "De wedstrijd begint om 15 uur."),
        ("Khoảng 25,000 người đã tụ tập.", "Ongeveer 25.000 mensen verzamelden zich."),
        ("Vận động viên 24 tuổi nói.", "De vierentwintigjarige zei het."),
        ("Dự án 16-DU/TU được ban hành.", "Project 16-DU/TU werd uitgevaardigd."),
    ],
)
def test_number_negative(src, tgt):
    flags, _, _ = pair_flags(src, tgt)
    assert "number-mismatch" not in codes(flags), [f.message for f in flags]


def test_number_changed_points_at_the_number():
    src = "Năm 2024, 96,3% bí thư chi bộ hoàn thành tốt nhiệm vụ."
    tgt = "In 2024 voerde 93,6% van de secretarissen hun taken goed uit."
    flags, s, t = pair_flags(src, tgt)
    f = next(f for f in flags if f.code == "number-mismatch")
    assert f.severity is Severity.ERROR
    tev = [e for e in f.evidence if e.side == "tgt"]
    assert [e.text for e in tev] == ["93,6"]
    assert t.document.text[tev[0].start : tev[0].end] == "93,6"
    sev = [e for e in f.evidence if e.side == "src"]
    assert s.document.text[sev[0].start : sev[0].end] == "96,3"


def test_number_dropped():
    flags, _, _ = pair_flags("Hơn 6.280 cán bộ được tập huấn.", "Meer dan kaderleden kregen een training.")
    assert "number-mismatch" in codes(flags)


# -- names -------------------------------------------------------------------
def test_name_folded_matches():
    flags, _, _ = pair_flags("Bà Lý Thị Xiến, bí thư chi bộ thôn Sơn Thủy, phát biểu.", "Ly Thi Xien, secretaris van het dorp Son Thuy, sprak.")
    assert "name-missing" not in codes(flags, Severity.INFO)


def test_name_misspelled_is_warning_with_span():
    flags, _, t = pair_flags("Bà Lý Thị Xiến phát biểu tại hội nghị ở Stanford.", "Ly Thi Xien sprak op de conferentie in Stnaford.")
    # a changed spelling is the name-change warning (issue 17), both spellings shown
    f = next(f for f in flags if f.code == "name-change")
    assert f.severity is Severity.WARNING and "Stnaford" in f.message and "Stanford" in f.message
    assert "Stnaford" in ev_texts(flags, "name-change")
    assert "name-missing" not in codes(flags, Severity.INFO)  # not repeated as missing


def test_name_dropped_is_info_and_sentence_initial_word_ignored():
    flags, _, _ = pair_flags("Trong khi đó, ông Nguyễn Văn An phát biểu.", "Ondertussen sprak de heer.")
    f = next(f for f in flags if f.code == "name-missing")
    assert f.severity is Severity.INFO and "Nguyễn Văn An" in f.message and "Trong" not in f.message


# -- language ----------------------------------------------------------------
def test_vietnamese_left_in_rendering():
    src = "Tỉnh ủy Tuyên Quang đã ban hành nhiều nghị quyết quan trọng."
    flags, _, _ = pair_flags(src, src)
    assert {"wrong-language", "copied-source"} <= codes(flags)


def test_english_sentence_and_short_english():
    flags, _, _ = pair_flags(None, "The committee published the results of the consultation last June.")
    assert "wrong-language" in codes(flags)
    flags, _, _ = pair_flags(None, "It is very bad.")
    assert "wrong-language" in codes(flags)


def test_dutch_with_vietnamese_names_is_not_wrong_language():
    tgt = "Kameraad Ha Ngoc Anh, uit het dorp Dong Pha in de gemeente Kien Thiet (Yen Son), werd in 2018 verkozen."
    flags, _, _ = pair_flags(None, tgt)
    assert "wrong-language" not in codes(flags, Severity.INFO)
    flags, _, _ = pair_flags(None, "Politiek systeem")
    assert "wrong-language" not in codes(flags, Severity.INFO)


# -- chrome ------------------------------------------------------------------
def test_chrome_lines_and_inline():
    tgt = "De vergadering begon om negen uur.\n\nReactie (0)\n\nNo data\n\nBron: https://example.vn/a.html\n\nHet was druk. Delen op Facebook"
    flags, _, t = pair_flags(None, tgt)
    got = ev_texts(flags, "page-chrome")
    assert "Reactie (0)" in got and "No data" in got and "Delen op Facebook" in got
    assert any(x.startswith("Bron: https://example.vn") for x in got)
    # the article sentence is not chrome
    assert not any("vergadering" in x for x in got)
    for f in flags:
        for e in f.evidence:
            assert t.document.text[e.start : e.end] == e.text


def test_menu_run_and_single_heading():
    menu = "Erfenis\n\nFiguur\n\nBedrijf\n\nLokaal"
    flags, _, _ = pair_flags(None, menu)
    assert len([f for f in flags if f.code == "page-chrome"]) == 4
    flags, _, _ = pair_flags(None, "Het overwinnen van de achterstand\n\nDe partij organiseert elk jaar trainingen voor secretarissen.")
    assert "page-chrome" not in codes(flags, Severity.INFO)


# -- repetition --------------------------------------------------------------
def test_repetition_loop_and_phrase():
    flags, _, t = pair_flags(None, "De partij zal de de de mensen helpen.")
    f = next(f for f in flags if f.code == "repetition")
    assert f.severity is Severity.ERROR and f.evidence[0].text == "de de de"
    flags, _, _ = pair_flags(None, "Het dorp kreeg nieuwe wegen nieuwe wegen en scholen.")
    assert "repetition" in codes(flags)


def test_repetition_negative():
    for text in ("Hij zei dat dat niet klopte.", "Pompen, pompen, pompen, ik voed de baby's.", "Ze zaten vast in het Roa Roa Hotel."):
        flags, _, _ = pair_flags(None, text)
        assert "repetition" not in codes(flags), text


# -- artifacts, empty, brackets ---------------------------------------------
def test_byte_tokens():
    flags, _, t = pair_flags(None, "De prijs is 5 <0xC2><0xA3> per stuk.")
    f = next(f for f in flags if f.code == "byte-token")
    assert f.evidence[0].text == "<0xC2><0xA3>" and "£" in f.message
    assert "number-mismatch" not in codes(flags)


def test_empty_segment():
    flags, _, _ = pair_flags(None, "Een zin.\n\n***\n\nNog een zin.")
    assert ev_texts(flags, "empty") == ["***"]
    flags, _, _ = pair_flags(None, "Een zin.\n\nNog een zin.")
    assert "empty" not in codes(flags, Severity.INFO)


def test_unbalanced_brackets():
    flags, _, _ = pair_flags("Ông An (thôn Sơn Thủy) phát biểu.", "De heer An (dorp Son Thuy sprak.")
    assert ev_texts(flags, "unbalanced") == ["("]
    flags, _, _ = pair_flags("Ông An (thôn Sơn Thủy) phát biểu.", "De heer An (dorp Son Thuy) sprak.")
    assert "unbalanced" not in codes(flags, Severity.INFO)


# -- copy and length ---------------------------------------------------------
def test_length_ratio():
    src = "Tỉnh ủy đã ban hành nhiều nghị quyết quan trọng về xây dựng đảng trong giai đoạn mới và tổ chức thực hiện."
    flags, _, _ = pair_flags(src, "Het comité vaardigde uit.")
    assert "length-ratio" in codes(flags)
    flags, _, _ = pair_flags(src, "Het provinciaal comité vaardigde veel belangrijke resoluties uit over partijopbouw in de nieuwe periode.")
    assert "length-ratio" not in codes(flags)


def test_names_only_identical_is_not_copied():
    flags, _, _ = pair_flags("Hà Nội, 14/02/2025", "Hà Nội, 14/02/2025")
    assert "copied-source" not in codes(flags)


# -- omission / addition -----------------------------------------------------
def test_omission_and_addition_links():
    src = "Câu thứ nhất về hội nghị.\n\nCâu thứ hai về kết quả bầu cử."
    tgt = "De eerste zin over de conferentie.\n\nEen extra zin zonder bron."
    s = segment_document(document_from_text(src, lang="vi"), "src", "vi")
    t = segment_document(document_from_text(tgt, lang="nl"), "tgt", "nl")
    al = Alignment([Link((0,), (0,)), Link((1,), ()), Link((), (1,))])
    flags = flag(s, t, al, None, [None] * 3)
    om = next(f for f in flags if f.code == "omission")
    assert om.link == 1 and om.evidence[0].text == "Câu thứ hai về kết quả bầu cử." and "kết quả" in om.message
    ad = next(f for f in flags if f.code == "addition")
    assert ad.link == 2 and ad.evidence[0].text == "Een extra zin zonder bron."


# -- MT-based ----------------------------------------------------------------
def test_chrf_absolute_and_span():
    src = "Tỉnh ủy đã ban hành nghị quyết."
    flags, _, t = pair_flags(src, "Gisteren regende het heel hard in de stad.", against="Het provinciaal comité vaardigde een resolutie uit.")
    f = next(f for f in flags if f.code == "low-chrf")
    assert f.severity is Severity.ERROR
    # evidence is the unsupported words, not the whole sentence
    assert all(t.document.text[e.start : e.end] == e.text for e in f.evidence)
    assert any("regende" in e.text for e in f.evidence)
    flags, _, _ = pair_flags(src, "Het provinciaal comité vaardigde een resolutie uit.", against="Het provinciaal comité vaardigde een resolutie uit.")
    assert "low-chrf" not in codes(flags, Severity.INFO)


def test_chrf_relative_to_document():
    refs = [f"De partij organiseert training nummer {i} voor de secretarissen van de dorpen." for i in range(8)]
    hyps = list(refs)
    hyps[5] = "Gisteren vierden alle boeren feest met muziek op het plein."
    src = "\n\n".join(f"Câu số {i}." for i in range(8))
    s = segment_document(document_from_text(src, lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(hyps), lang="nl"), "tgt", "nl")
    al = Alignment([Link((i,), (i,)) for i in range(8)])
    tr = Translation(refs, list(range(8)), "test", "against")
    flags = flag(s, t, al, tr, score_pairs(t, al, tr))
    low = [f for f in flags if f.code == "low-chrf"]
    assert [f.link for f in low] == [5]


def test_unsupported_span_long_run():
    ref = "Het comité vaardigde een resolutie uit over de bouw van partijcellen."
    hyp = "Het comité vaardigde een resolutie uit over de bouw van partijcellen, terwijl olifanten vrolijk dansten tijdens zonsondergang."
    flags, _, t = pair_flags("Tỉnh ủy ban hành nghị quyết.", hyp, against=ref)
    assert "unsupported-span" not in codes(flags, Severity.INFO)  # 6 words: below 2 x unsupported_min_words
    flags, _, t = pair_flags("Tỉnh ủy ban hành nghị quyết.", hyp, against=ref, cfg=FlagConfig(unsupported_min_words=3))
    f = next(f for f in flags if f.code == "unsupported-span")
    assert f.evidence[0].text == "terwijl olifanten vrolijk dansten tijdens zonsondergang"
    assert t.document.text[f.evidence[0].start : f.evidence[0].end] == f.evidence[0].text


def test_implausible_words_from_token_scores():
    hyp = "Het comité vaardigde een banaan uit."
    start = hyp.index("banaan")
    words = [ScoredWord(0, 3, -0.5), ScoredWord(4, 10, -0.8), ScoredWord(11, 20, -1.2), ScoredWord(21, 24, -0.3),
             ScoredWord(start, start + 6, -11.0), (start + 7, start + 10, -0.4)]
    flags, _, t = pair_flags("Tỉnh ủy ban hành nghị quyết.", hyp, token_scores=[words])
    f = next(f for f in flags if f.code == "implausible-words")
    assert [e.text for e in f.evidence] == ["banaan"]
    assert t.document.text[f.evidence[0].start : f.evidence[0].end] == "banaan"
    flags, _, _ = pair_flags("Tỉnh ủy ban hành nghị quyết.", hyp, token_scores=None)
    assert "implausible-words" not in codes(flags, Severity.INFO)


# -- offsets into the original file -----------------------------------------
def test_span_offsets_in_original_file_with_bom_and_crlf(tmp_path):
    raw = "\ufeffEerste regel.\r\n\r\nDe prijs is 5 <0xC2><0xA3> per stuk.\r\n\r\nReactie (0)\r\n".encode("utf-8")
    doc = document_from_bytes(raw)
    t = segment_document(doc, "tgt", "nl")
    al = Alignment([Link((), (s.index,)) for s in t.segments])
    flags = flag(None, t, al, None, [None] * len(al.links))
    original = raw.decode("utf-8-sig")
    seen = set()
    for f in flags:
        for e in f.evidence:
            a, b = doc.original_offset(e.start), doc.original_offset(e.end)
            assert original[a:b] == e.text
            seen.add(e.text)
    assert {"<0xC2><0xA3>", "Reactie (0)"} <= seen


def test_config_disables_and_severity_override():
    cfg = FlagConfig(disabled={"repetition"})
    flags, _, _ = pair_flags(None, "De de de mensen.", cfg=cfg)
    assert "repetition" not in codes(flags, Severity.INFO)
    cfg = FlagConfig(severity={"byte-token": "info"})
    flags, _, _ = pair_flags(None, "Prijs <0xC2><0xA3>.", cfg=cfg)
    assert [f.severity for f in flags if f.code == "byte-token"] == [Severity.INFO]
