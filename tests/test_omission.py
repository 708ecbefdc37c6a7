"""Omissions are reported: skip gaps from the aligner and the omission check that reads them."""

from __future__ import annotations

import numpy as np
import pytest

import translate.alignment.aligner as A
from translate.alignment.aligner import AlignOptions, align
from translate.checks.base import Finding
from translate.checks.pair import OmissionCheck
from translate.checks.config import FlagConfig
from translate.checks.configfile import config_from_dict
from translate.data import Severity
from translate.checks.flag import flag
from translate.read.document import document_from_text
from translate.text.segment import segment_document

# A short sentence ("Thằng bé cần ...") dropped from the rendering, right after a long one.
GLUED_SRC = ("Thật khó để giải thích, nhưng khi trên chuyến bay tôi cảm thấy xót thương cho Nad. "
             "Thằng bé cần tình yêu và sự thấu hiểu của tôi. "
             "Tôi đã quyết định đưa con về nhà ngay sau khi hạ cánh xuống sân bay Heathrow.\n\n"
             "Bác sĩ nói rằng cậu bé sẽ hồi phục hoàn toàn trong vòng ba tháng tới.")
GLUED_TGT = ("Het is moeilijk uit te leggen, maar tijdens de vlucht kreeg ik een overweldigend gevoel van medeleven voor Nad. "
             "Ik besloot mijn zoon meteen na de landing op Heathrow mee naar huis te nemen.\n\n"
             "De arts zei dat de jongen binnen drie maanden volledig zal herstellen.")

FOUR_SRC = ("Cảnh sát đã phong tỏa khu vực xung quanh ngôi nhà trong suốt buổi sáng.\n\n"
            "Người dân địa phương cho biết họ nghe thấy tiếng động lớn vào lúc nửa đêm.\n\n"
            "Các nhà điều tra đang xem xét những đoạn phim từ camera an ninh gần đó.\n\n"
            "Một phát ngôn viên cho biết sẽ có thêm thông tin vào cuối tuần này.")
FOUR_TGT = ["De politie heeft de omgeving van het huis de hele ochtend afgezet.",
            "Omwonenden zeggen dat ze rond middernacht een luide knal hoorden.",
            "De onderzoekers bekijken de beelden van een bewakingscamera in de buurt.",
            "Een woordvoerder zei dat er later deze week meer informatie komt."]


def review(src: str, tgt: str, cfg: FlagConfig | None = None):
    s = segment_document(document_from_text(src, lang="vi"), "src", "vi")
    t = segment_document(document_from_text(tgt, lang="nl"), "tgt", "nl")
    a = align(s, t)
    return s, t, a, flag(s, t, a, None, [None] * len(a.links), cfg)


def omitted_src(s, flags) -> set[int]:
    """Source sentences an omission flag of warning or error points at."""
    return {seg.index for f in flags if f.code == "omission" and f.severity >= Severity.WARNING
            for e in f.evidence if e.side == "src" for seg in s.segments if seg.start <= e.start < seg.end}


def test_dropped_short_sentence_glued_into_a_merge_is_flagged():
    s, t, a, flags = review(GLUED_SRC, GLUED_TGT)
    # the aligner glues the dropped sentence onto its neighbour (2:1) ...
    assert any(lk.src == (0, 1) and lk.tgt == (0,) for lk in a.links)
    assert not any(lk.is_omission for lk in a.links)
    # ... but leaving it out costs almost the same, and the check says so, pointing at it
    assert a.skip_gaps[1] <= FlagConfig().omission_merged_gap < a.skip_gaps[0]
    assert omitted_src(s, flags) == {1}
    f = next(f for f in flags if f.code == "omission")
    assert f.severity is Severity.WARNING and "Thằng bé" in f.message and "gap" in f.message
    src_ev = [e for e in f.evidence if e.side == "src"]
    assert src_ev[0].text == s.segments[1].text == s.document.text[src_ev[0].start : src_ev[0].end]
    # the threshold decides: below the gap, no flag
    _, _, _, strict = review(GLUED_SRC, GLUED_TGT, config_from_dict({"thresholds": {"omission_merged_gap": 0.5}}))
    assert not omitted_src(s, strict)


def test_dropped_sentence_next_to_inserted_chrome_line():
    tgt = "\n\n".join([FOUR_TGT[0], "Reactie (0)", FOUR_TGT[2], FOUR_TGT[3]])
    s, t, a, flags = review(FOUR_SRC, tgt)
    assert ((1,), ()) in [(lk.src, lk.tgt) for lk in a.links]  # not paired with the chrome line
    assert ((), (1,)) in [(lk.src, lk.tgt) for lk in a.links]
    err = [f for f in flags if f.code == "omission" and f.severity is Severity.ERROR]
    assert len(err) == 1 and err[0].evidence[0].text == s.segments[1].text


def test_omission_on_the_wrong_sentence_still_points_at_the_right_one():
    # four sentences of about the same length, no numbers or names: length alone
    # cannot tell which one is missing; whichever the aligner picks, the dropped
    # one is flagged (as the 1:0 or as the alternative to it)
    for drop in range(4):
        tgt = "\n\n".join(x for i, x in enumerate(FOUR_TGT) if i != drop)
        s, t, a, flags = review(FOUR_SRC, tgt)
        assert drop in omitted_src(s, flags), drop
        assert sum(lk.is_omission for lk in a.links) == 1
        one = next(f for f in flags if f.code == "omission" and a.links[f.link].is_omission)
        if a.links[one.link].src != (drop,):
            assert "unsure which sentence" in one.message


def test_nothing_dropped_nothing_flagged():
    s, t, a, flags = review(FOUR_SRC, "\n\n".join(FOUR_TGT))
    assert not any(lk.is_omission for lk in a.links)
    assert min(a.skip_gaps.values()) > FlagConfig().omission_alt_gap
    assert not omitted_src(s, flags)


def test_skip_gaps_equal_forced_realignment():
    """A gap is the extra cost of the best alignment that leaves that sentence out:
    check it against re-solving with the sentence's 1:0 made obligatory."""
    s = segment_document(document_from_text(GLUED_SRC + "\n\n" + FOUR_SRC, lang="vi"), "src", "vi")
    t = segment_document(document_from_text(GLUED_TGT + "\n\n" + "\n\n".join(FOUR_TGT[:1] + FOUR_TGT[2:]), lang="nl"), "tgt", "nl")
    opt = AlignOptions(use_paragraphs=False)
    a = align(s, t, None, opt)
    assert set(a.skip_gaps) == set(range(len(s.segments)))
    p = A._Problem(A._seg_units(s, "vi", None), A._seg_units(t, "nl", None), opt, A._starts(s), A._starts(t), None)
    best = sum(lk.cost for lk in A._solve(p, opt))
    assert best == pytest.approx(sum(lk.cost for lk in a.links), abs=1e-3)
    for u, gap in a.skip_gaps.items():
        saved = p.skip_s[u]
        p.skip_s[u] = saved - 1e4
        forced = sum(lk.cost for lk in A._solve(p, opt)) + 1e4
        p.skip_s[u] = saved
        assert gap == pytest.approx(forced - best, abs=2e-3), u
    for lk in a.links:
        if lk.is_omission:
            assert all(a.skip_gaps[i] == 0.0 for i in lk.src)


def test_skip_gaps_off_and_empty_sides():
    s = segment_document(document_from_text(FOUR_SRC, lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(FOUR_TGT), lang="nl"), "tgt", "nl")
    assert align(s, t, None, AlignOptions(omission_window=0)).skip_gaps == {}
    empty = segment_document(document_from_text("", lang="nl"), "tgt", "nl")
    a = align(s, empty)
    assert all(lk.is_omission for lk in a.links) and a.skip_gaps == {}


def test_decide_thresholds_by_context():
    check, cfg = OmissionCheck(), FlagConfig()

    def sev(gap, near=False, merged=False):
        return check.decide(Finding(0, 50.0, "", [], {"kind": "gap", "gap": gap, "near_omission": near, "merged": merged}), cfg)

    assert sev(cfg.omission_gap) is Severity.WARNING
    assert sev(cfg.omission_gap + 0.01) is None
    assert sev(cfg.omission_merged_gap, merged=True) is Severity.WARNING
    assert sev(cfg.omission_merged_gap + 0.01, merged=True) is None
    assert sev(cfg.omission_alt_gap, near=True) is Severity.WARNING
    assert sev(cfg.omission_alt_gap + 0.01, near=True) is None
    assert np.isfinite(cfg.omission_alt_gap) and cfg.omission_gap <= cfg.omission_merged_gap <= cfg.omission_alt_gap
