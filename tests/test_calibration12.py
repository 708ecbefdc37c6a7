"""Issue 12: the MT-based checks calibrated to the document, and the re-translation as
evidence both ways (it can clear a model-free suspicion as well as raise one)."""

from __future__ import annotations

import pytest

from translate.checks import ChrfCheck, LengthRatioCheck, NumberCheck, OmissionCheck, UnsupportedSpanCheck
from translate.checks.base import Finding
from translate.checks.calib import shrunk
from translate.checks.config import FlagConfig
from translate.data import Alignment, Link, Severity, Translation
from translate.checks.flag import flag
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text.segment import segment_document

# A short news article: the rendering paraphrases a weak re-translation (as real vi->nl MT is),
# so every pair scores well under the old fixed chrF warning of 50.
SRC = [
    "Chính phủ đã công bố kế hoạch xây dựng một cây cầu mới qua sông Hồng.",
    "Công trình dự kiến hoàn thành trong vòng bốn năm.",
    "Người dân địa phương hoan nghênh quyết định này.",
    "Một số chuyên gia lo ngại về chi phí của dự án.",
    "Chính quyền thành phố cho biết nguồn vốn đã được đảm bảo.",
    "Giao thông trong khu vực sẽ được cải thiện đáng kể.",
    "Các nhà thầu sẽ được lựa chọn vào đầu năm tới sau một cuộc đấu thầu công khai.",
    "Báo chí địa phương đã đưa tin rộng rãi về sự kiện này.",
]
MT = [
    "De overheid maakte plannen bekend om een nieuwe brug over de Rode Rivier te bouwen.",
    "Het bouwwerk zal naar verwachting binnen vier jaar klaar zijn.",
    "De plaatselijke bevolking verwelkomde dit besluit.",
    "Sommige deskundigen maken zich zorgen over de kosten van het project.",
    "Het stadsbestuur zei dat de financiering is verzekerd.",
    "Het verkeer in het gebied zal aanzienlijk verbeteren.",
    "De aannemers worden begin volgend jaar gekozen na een openbare aanbesteding met meerdere rondes.",
    "De lokale pers berichtte uitgebreid over deze gebeurtenis.",
]
HUMAN = [
    "De regering kondigde plannen aan om een nieuwe brug over de Rode Rivier aan te leggen.",
    "Het bouwwerk moet binnen vier jaar af zijn.",
    "De lokale bevolking is blij met dit besluit.",
    "Enkele deskundigen maken zich zorgen over wat het project gaat kosten.",
    "Het stadsbestuur liet weten dat het geld er is.",
    "Het verkeer in de regio zal flink verbeteren.",
    "De aannemers worden begin volgend jaar gekozen na een openbare aanbesteding.",
    "De plaatselijke pers schreef uitgebreid over de gebeurtenis.",
]


def _review(src: list[str], tgt: list[str], mt: list[str] | None, cfg: FlagConfig | None = None):
    s = segment_document(document_from_text("\n\n".join(src), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(tgt), lang="nl"), "tgt", "nl")
    assert len(s.segments) == len(src)
    al = Alignment([Link((i,), tuple(x.index for x in t.segments if x.paragraph == i)) for i in range(len(src))])
    tr = Translation(list(mt), list(range(len(src))), "test", "against") if mt is not None else None
    return flag(s, t, al, tr, score_pairs(t, al, tr), cfg or FlagConfig())


def _raised(flags, code):
    return sorted(f.link for f in flags if f.code == code and f.severity >= Severity.WARNING)


# -- the calibration itself ------------------------------------------------------------
def test_shrunk_falls_back_to_the_prior_on_tiny_documents():
    assert shrunk([10.0, 90.0], 48.0, 12.0, 8.0, 12.0, min_n=5) == (48.0, 12.0)
    assert shrunk([], 48.0, 12.0, 8.0, 12.0) == (48.0, 12.0)


def test_shrunk_moves_to_the_document_as_it_grows_and_never_narrows_below_the_floor():
    small, _ = shrunk([30.0] * 8, 48.0, 12.0, 8.0, 12.0)
    large, _ = shrunk([30.0] * 200, 48.0, 12.0, 8.0, 12.0)
    assert 38.0 < small < 40.0  # half prior, half document
    assert 30.0 < large < 31.0
    _, spread = shrunk([30.0, 30.5, 29.5, 30.0, 30.2, 29.8] * 10, 48.0, 12.0, 8.0, 12.0)
    assert spread == 12.0


# -- low-chrf ----------------------------------------------------------------------------
def test_clean_paraphrase_of_a_weak_retranslation_raises_nothing():
    flags = _review(SRC, HUMAN, MT)
    # before the calibration low-chrf / unsupported-span fired on these clean pairs
    for code in ("low-chrf", "unsupported-span", "shorter-than-retranslation", "length-ratio"):
        assert _raised(flags, code) == [], code


def test_low_chrf_needs_a_second_sign():
    check, cfg = ChrfCheck(), FlagConfig()

    def sev(chrf, z, corroborated, share=0.2, longest=2):
        return check.decide(Finding(0, chrf, "", [], {"chrf_z": z, "bleu_z": 0.0, "bleu": 10.0, "share": share,
                                                      "longest": longest, "corroborated": corroborated}), cfg)

    assert sev(15.0, -4.0, corroborated=False) is None  # one low score against a weak re-translation is not evidence
    assert sev(30.0, -3.0, corroborated=True) is Severity.WARNING
    assert sev(30.0, -2.0, corroborated=True) is None  # not an outlier of its document
    assert sev(15.0, -3.0, corroborated=True, share=0.9) is Severity.ERROR
    assert sev(15.0, -3.0, corroborated=True, share=0.3) is Severity.WARNING
    # most of the rendering unsupported (an unrelated or garbled sentence): a milder outlier suffices
    assert sev(25.0, -2.2, corroborated=True, share=0.8, longest=6) is Severity.WARNING
    assert sev(25.0, -2.2, corroborated=True, share=0.8, longest=3) is None


def test_low_chrf_flags_an_unrelated_sentence_in_the_document():
    tgt = list(HUMAN)
    tgt[3] = "Gisteren vierden alle boeren feest met muziek en dansen op het dorpsplein."
    flags = _review(SRC, tgt, MT)
    assert _raised(flags, "low-chrf") == [3]


# -- shorter-than-retranslation ------------------------------------------------------------
def test_truncated_rendering_is_flagged_with_the_missing_words():
    tgt = list(HUMAN)
    tgt[6] = "De aannemers worden begin volgend jaar."
    flags = _review(SRC, tgt, MT)
    assert _raised(flags, "shorter-than-retranslation") == [6]
    f = next(f for f in flags if f.code == "shorter-than-retranslation")
    assert "shorter than the re-translation" in f.message and "aanbesteding" in f.message
    assert f.evidence[0].text == tgt[6]
    # without a re-translation the check does not run
    assert "shorter-than-retranslation" not in {f.code for f in _review(SRC, tgt, None)}


# -- unsupported-span -------------------------------------------------------------------------
def test_unsupported_span_needs_a_rendering_longer_than_usual():
    check, cfg = UnsupportedSpanCheck(), FlagConfig()
    assert check.decide(Finding(0, 9.0, "", [], {"share": 0.5, "length_z": 0.4, "chrf_z": -1.0}), cfg) is None
    assert check.decide(Finding(0, 9.0, "", [], {"share": 0.5, "length_z": 3.0, "chrf_z": -1.0}), cfg) is Severity.WARNING
    assert check.decide(Finding(0, 5.0, "", [], {"share": 0.5, "length_z": 3.0, "chrf_z": -1.0}), cfg) is None


def test_appended_unrelated_sentence_is_an_unsupported_span():
    tgt = list(HUMAN)
    tgt[2] = HUMAN[2] + " Tijdens de zomervakantie reisden talloze gezinnen met caravans naar zonnige campings in Zuid-Frankrijk."
    flags = _review(SRC, tgt, MT)
    assert 2 in _raised(flags, "unsupported-span")
    f = next(f for f in flags if f.code == "unsupported-span")
    assert "caravans" in " ".join(e.text for e in f.evidence)


# -- the re-translation clears model-free suspicions -------------------------------------------
def test_length_ratio_becomes_info_when_the_retranslation_is_as_long():
    src = list(SRC)
    src[1] = "Công trình này, theo kế hoạch đã được phê duyệt bởi các cơ quan chức năng có thẩm quyền, dự kiến hoàn thành trong vòng bốn năm."
    mt, tgt = list(MT), list(HUMAN)
    mt[1] = tgt[1] = "Het werk is over vier jaar af."
    free = _review(src, tgt, None)
    assert _raised(free, "length-ratio") == [1]
    with_mt = _review(src, tgt, mt)
    assert _raised(with_mt, "length-ratio") == []
    note = next(f for f in with_mt if f.code == "length-ratio")
    assert note.severity is Severity.INFO and "agrees with the re-translation" in note.message
    # a re-translation that is longer confirms the suspicion: still a warning
    assert LengthRatioCheck().decide(Finding(0, 0.3, "", [], {"z": -4.0, "use_z": True, "mt_agrees": False}), FlagConfig()) \
        is Severity.WARNING


@pytest.mark.parametrize("mt_line,expected", [
    ("Het werk moet over 40 jaar af zijn.", Severity.INFO),  # the re-translation differs from the source the same way
    ("Het werk moet over 4 jaar af zijn.", Severity.ERROR),  # the re-translation has the source's number
])
def test_number_mismatch_cleared_only_when_the_retranslation_reads_the_source_the_same(mt_line, expected):
    src = list(SRC)
    src[1] = "Công trình dự kiến hoàn thành trong vòng 4 năm."
    tgt, mt = list(HUMAN), list(MT)
    tgt[1] = "Het werk moet over 40 jaar af zijn."
    mt[1] = mt_line
    f = next(f for f in _review(src, tgt, mt) if f.code == "number-mismatch")
    assert f.severity is expected
    assert f.link == 1
    # without a re-translation it is an error as before
    assert next(f for f in _review(src, tgt, None) if f.code == "number-mismatch").severity is NumberCheck.severity


# -- omission -------------------------------------------------------------------------------------
def _omission_sev(**data):
    base = {"kind": "gap", "gap": 2.0, "merged": False, "near_omission": True}
    base.update(data)
    return OmissionCheck().decide(Finding(0, 50.0, "", [], base), FlagConfig())


def test_only_the_closest_alternative_to_a_doubtful_omission_is_a_warning():
    assert _omission_sev(best_alt=True) is Severity.WARNING
    assert _omission_sev(best_alt=False) is Severity.INFO  # named in the 1:0's message already
    assert _omission_sev(best_alt=False, gap=0.5) is Severity.WARNING  # within omission_gap: suspect on its own


def test_omission_warning_becomes_info_when_the_pair_agrees_with_the_retranslation():
    assert _omission_sev(best_alt=True, mt_agrees=True) is Severity.INFO
    assert _omission_sev(best_alt=True, mt_agrees=False) is Severity.WARNING
    # the 1:0 itself stays an error: there is no pair to agree with
    assert OmissionCheck().decide(Finding(0, 50.0, "", [], {"kind": "skip"}), FlagConfig()) is Severity.ERROR


def test_a_retranslation_group_wider_than_the_pair_is_not_judged():
    # the given re-translation has one sentence for source sentences 6 and 7 (paired 2:1); the rendering
    # has both: its pair for sentence 7 alone must not be called shorter than that whole group
    s = segment_document(document_from_text("\n\n".join(SRC), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(HUMAN), lang="nl"), "tgt", "nl")
    al = Alignment([Link((i,), (i,)) for i in range(len(SRC))])
    texts = MT[:6] + [MT[6] + " " + MT[7]]
    tr = Translation(texts, [0, 1, 2, 3, 4, 5, 6, 6], "test", "against")
    flags = flag(s, t, al, tr, score_pairs(t, al, tr), FlagConfig())
    assert not [f for f in flags if f.link in (6, 7) and f.code in ("shorter-than-retranslation", "low-chrf", "unsupported-span")]
    # the same pairs against a group that matches each link are judged (and pass)
    tr2 = Translation(MT, list(range(8)), "test", "against")
    flags2 = flag(s, t, al, tr2, score_pairs(t, al, tr2), FlagConfig())
    assert _raised(flags2, "shorter-than-retranslation") == []
