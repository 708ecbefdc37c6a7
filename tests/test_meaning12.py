"""Meaning checks of issue 12 (translate/checks/meaning.py): negation mismatch and truncation."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

from translate.checks import ALL_CHECKS
from translate.checks.meaning import (
    NegationCheck, TruncationCheck, head_tail_coverage, negation_like, negation_verdict, negations,
)
from translate.checks.config import FlagConfig
from translate.data import Alignment, Link, Severity, Translation
from translate.checks.flag import flag
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text.segment import segment_document

from helpers.checks import CLEAN_PAIRS as CLEAN, pair_flags


def words(text, lang):
    return [w.lower() for *_, w in negations(text, lang)]


# -- negation: what counts ---------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Chất lượng không khí ở Hà Nội đã tốt hơn.",             # air
    "Các nước, chẳng hạn như Trung Quốc, đã đồng ý.",         # for example
    "Bạn có đến dự buổi họp không?",                          # yes/no question
    "Anh đã lập kế hoạch chưa.",                              # question particle ending the clause
    "Không chỉ Hà Nội mà còn Huế cũng tham gia.",            # not only ... but also
    "Thật không may, anh ấy đã ra đi.",                       # unfortunately
    "Hãng hàng không mở đường bay mới và tên lửa phòng không.",  # airline, air defence
    "Không lâu sau, trời mưa.",                               # soon after
    # an embedded yes/no question: the particle "không" is followed by a conjunction, not a verb
    "Khi công tố viên hỏi liệu anh có nói sự thật không khi nói rằng hắn ở đó.",
    "Cô làm rò rỉ tài liệu đúng không - trời, chuyện gì vậy?",  # tag question before a dash
    "KHÔNG KHÔNG KHÔNG, lại một người khác.",                 # an interjection, repeated
])
def test_vietnamese_words_that_do_not_negate(text):
    assert words(text, "vi") == []


@pytest.mark.parametrize("text,expected", [
    ("Chính phủ không đồng ý với kế hoạch.", ["không"]),
    ("Họ chưa từng thấy điều đó và đừng lo.", ["chưa", "đừng"]),
    ("\u00d0ừng lo lắng.", ["đừng"]),  # Ð (U+00D0) written for Đ, as in some sources
])
def test_vietnamese_negations_counted(text, expected):
    assert words(text, "vi") == expected


@pytest.mark.parametrize("text,expected", [
    ("Het is niet alleen duur maar ook traag.", []),
    ("Of dat nu wel of niet waar is.", []),
    ("Alle kinderen, al dan niet wettig, genieten bescherming.", []),  # "al dan niet" (whether or not)
    ("Het werk is niet erg origineel.", []),                  # litotes: grades, does not deny
    ("Er zijn niet meer dan tien mensen.", []),
    ("De regering is het niet eens en heeft geen plan.", ["niet", "geen"]),
    ("Hij komt nooit en zegt niks.", ["nooit", "niks"]),
    ("Hij had geen geld noch vrienden.", ["geen"]),          # "noch" continues the negation before it
    ("Dit zijn niet zomaar reacties.", []),                   # "not just" = không chỉ
    ("De teller is niet weg te denken uit de wetenschap.", []),  # a negated verb of loss: indispensable
])
def test_dutch_negations(text, expected):
    assert words(text, "nl") == expected


def test_paraphrased_negation_is_not_a_mismatch():
    # "không thể chấp nhận" rendered "onaanvaardbaar": a negation in other words
    assert negation_like("Dat is onaanvaardbaar.", "nl")
    assert negation_verdict("Điều đó là không thể chấp nhận.", "Dat is onaanvaardbaar.") is None
    assert negation_verdict("Họ thiếu nước sạch.", "Ze hebben geen schoon water.") is None  # thiếu = lack


@pytest.mark.parametrize("src,tgt", [
    # Dutch privative prefixes (on- also after "ont": on-tevreden; in- on Latin adjectives)
    ("Đảng không hãnh diện.", "De partij is ontevreden."),
    ("Việc nêu ra ý kiến là điều không thể chấp nhận.", "De partij is intolerant."),
    # a contrastive negation: "eerder X dan Y" for "X chứ không phải Y"
    ("Họ là người nhập cư chứ không phải là người tị nạn.", "Het zijn eerder migranten dan vluchtelingen."),
    # "không có gì khác" (nothing else) = only
    ("Nó chỉ quay quanh trục và không có gì khác.", "Het draait uitsluitend om zijn as."),
])
def test_more_negations_said_with_other_words(src, tgt):
    assert negation_verdict(src, tgt) is None


def test_negations_are_counted_not_just_present():
    # two negations in the source, one in the rendering: the one left over is a mismatch
    v = negation_verdict("Họ không đến và không gọi điện.", "Ze kwamen niet en belden op.")
    assert v is not None and v.side == "src" and not v.presence and [w for *_, w in v.spans] == ["không"]
    # ... but it is never a warning: counts differ between clean translations too
    v = negation_verdict("Họ không đến và không gọi điện.", "Ze kwamen niet en belden op.",
                         ("Ze kwamen niet en belden niet.",))
    assert v is not None and not v.strong
    assert negation_verdict("Họ không đến và không gọi điện.", "Ze kwamen niet en belden niet op.") is None


# -- negation: the verdict and its evidence ------------------------------------------------
def test_bare_mismatch_without_a_retranslation_is_not_shown():
    # measured, not flagged: as an info note it had 0.34 precision (eval/infos.py, issue 17's 50 % bar)
    flags = pair_flags("Chính phủ không đồng ý với kế hoạch.", "De regering gaat akkoord met het plan.")[0]
    assert not [f for f in flags if f.code == "negation-mismatch"]


def test_negation_lost_confirmed_by_retranslation_is_a_warning():
    flags = pair_flags("Chính phủ không đồng ý với kế hoạch.", "De regering gaat akkoord met het plan.",
                       against="De regering gaat niet akkoord met het plan.")[0]
    f = next(f for f in flags if f.code == "negation-mismatch")
    assert f.severity == Severity.WARNING
    assert [e.text for e in f.evidence if e.side == "src"] == ["không"]
    assert "re-translation" in f.message and "akkoord" in f.message


def test_negation_added_confirmed_by_retranslation_is_a_warning():
    flags = pair_flags("Chính phủ đồng ý với kế hoạch.", "De regering gaat niet akkoord met het plan.",
                       against="De regering gaat akkoord met het plan.")[0]
    f = next(f for f in flags if f.code == "negation-mismatch")
    assert f.severity == Severity.WARNING
    assert [e.text for e in f.evidence if e.side == "tgt"] == ["niet"]
    assert "the source has no negation" in f.message


def test_retranslation_with_other_words_does_not_confirm():
    # the re-translation negates words the rendering does not have: a paraphrase, only a note
    v = negation_verdict("Chính phủ chưa chuẩn bị kỹ càng.", "De regering had andere zorgen.",
                         ("De regering is nog niet goed voorbereid.",))
    assert v is not None and v.side == "src" and not v.strong
    # ... and one that negates too does not confirm an added negation
    v = negation_verdict("Chính phủ đồng ý.", "De regering gaat niet akkoord.", ("De regering gaat niet akkoord.",))
    assert v is not None and not v.strong


def test_half_the_negated_words_confirm():
    # the re-translation's "niet" negates "akkoord gaan plan": two of the three are in the rendering
    # (a weak system seldom uses all the translator's words); before, both of two were needed
    v = negation_verdict("Chính phủ không đồng ý với kế hoạch.", "De regering ging akkoord met het voorstel.",
                         ("De regering gaat niet akkoord met het plan.",))
    assert v is not None and v.strong and "akkoord" in v.negated


def test_no_warning_in_a_question_or_with_a_paraphrase_on_the_silent_side():
    # a question may turn its polarity ("Waarom wilden ze niet ...?" for "Tại sao họ lại muốn ...?")
    v = negation_verdict("Tại sao họ lại muốn FBI điều tra?", "Waarom wilden ze niet dat de FBI onderzoek deed?",
                         ("Waarom wilden ze dat de FBI onderzoek deed?",))
    assert v is not None and not v.strong
    # the rendering has a word with a negative meaning elsewhere: the confirming count is not enough
    v = negation_verdict("Họ không đến và không gọi.", "Ze kwamen zonder bericht en belden.",
                         ("Ze kwamen niet en belden niet.",))
    assert v is None or not v.strong


def test_negation_check_on_by_default_and_registered():
    assert "negation-mismatch" not in FlagConfig().disabled
    assert NegationCheck in ALL_CHECKS and TruncationCheck in ALL_CHECKS


def test_negation_check_only_for_vietnamese_to_dutch():
    cfg = FlagConfig()
    cfg.src_lang = "en"
    flags = pair_flags("Chính phủ không đồng ý.", "De regering gaat akkoord.", against="De regering gaat niet akkoord.", cfg=cfg)[0]
    assert not any(f.code == "negation-mismatch" for f in flags)


# -- truncation ------------------------------------------------------------------------------


def doc_flags(pairs, retrans=None, cfg=None):
    """A document of paragraphs with one 1:1 link each (as eval/flags.py's fixed links)."""
    s = segment_document(document_from_text("\n\n".join(p[0] for p in pairs), lang="vi"), "src", "vi")
    t = segment_document(document_from_text("\n\n".join(p[1] for p in pairs), lang="nl"), "tgt", "nl")
    assert len(s.segments) == len(t.segments) == len(pairs)
    al = Alignment([Link((i,), (i,)) for i in range(len(pairs))])
    tr = Translation(list(retrans), list(range(len(pairs))), "test", "against") if retrans else None
    return flag(s, t, al, tr, score_pairs(t, al, tr), cfg or FlagConfig())


def truncated(flags):
    return [f for f in flags if f.code == "truncated" and f.severity >= Severity.WARNING]


def test_clean_document_has_no_truncation():
    assert truncated(doc_flags(CLEAN)) == []
    assert truncated(doc_flags(CLEAN, retrans=[p[1] for p in CLEAN])) == []


def test_sentence_ending_on_an_article_is_cut():
    pairs = list(CLEAN)
    pairs[2] = (pairs[2][0], "Duizenden mensen namen deel aan het traditionele festival in de.")
    got = truncated(doc_flags(pairs))
    assert len(got) == 1 and got[0].link == 2
    assert "ends on \u201cde\u201d" in got[0].message
    assert any(e.side == "tgt" and e.text == "de" for e in got[0].evidence)


def test_separable_particle_at_the_end_is_not_a_cut():
    pairs = list(CLEAN)
    pairs[3] = (pairs[3][0], "De nieuwe school gaat in september voor leerlingen uit de buurt open.")
    assert truncated(doc_flags(pairs)) == []


def test_lost_end_shown_by_the_retranslation():
    pairs, retrans = list(CLEAN), [p[1] for p in CLEAN]
    pairs[0] = (pairs[0][0], "De regering zei dat het plan volgende week")
    pairs[0] = (pairs[0][0], pairs[0][1] + " komt.")
    got = truncated(doc_flags(pairs, retrans=retrans))
    assert len(got) == 1 and got[0].link == 0
    assert "last third" in got[0].message


def test_head_tail_coverage():
    cov = head_tail_coverage("De regering zei dat het plan volgende week wordt gepresenteerd aan het parlement in Hanoi.",
                             "De regering zei dat het plan volgende.")
    assert cov is not None and cov[0] >= 0.5 and cov[1] == 0.0 and cov[2].startswith("parlement")
    assert head_tail_coverage("Kort zinnetje.", "Kort.") is None


# -- eval/flags.py's negation corruption --------------------------------------------------------
def _flags_eval():
    spec = importlib.util.spec_from_file_location("flags_eval", Path(__file__).resolve().parents[1] / "eval" / "flags.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_negation_corruption_makes_real_negation_errors():
    fl = _flags_eval()
    rng = random.Random(0)
    # "zijn" the possessive takes no "niet" ("zijn niet partij" is no negation, just broken Dutch)
    for _ in range(20):
        assert fl._negate("Hij zei dat zijn partij open staat.", rng) is None
    assert fl._negate("De resultaten zijn de beste ooit.", rng)[1] == "De resultaten zijn niet de beste ooit."
    # "niemand" is a negation: it is flipped, not doubled with an added "niet"
    assert fl._negate("Niemand kon het geloven.", rng)[1] == "Iedereen kon het geloven."
    # "wel of niet", "al dan niet" negate nothing: no candidate (and no "niet" added beside them)
    assert fl._negate("Ze vroegen of het wel of niet kon.", rng) is None
    assert fl._negate("Alle kinderen, al dan niet wettig, zijn gelijk.", rng) is None


# -- negation: evidence that holds with a weak re-translation (issue 12, third pass) -------------
def test_retranslation_with_the_same_frame_confirms_an_added_negation():
    # the re-translation has "verhoogde de" where the rendering has "verhoogde niet de": only one of the
    # three content words after the negation ("jaar") is shared, under CONFIRM_SHARE, but the words
    # either side of the negation stand side by side in the re-translation without it
    src, tgt = "Bộ đã tăng lương cho giáo viên trong năm nay.", "Het ministerie verhoogde niet de salarissen van leraren dit jaar."
    rt = "Het ministerie verhoogde de lonen van docenten dit jaar."
    v = negation_verdict(src, tgt, (rt,))
    assert v is not None and v.side == "tgt" and v.strong and v.bridge == "verhoogde de"
    f = next(f for f in pair_flags(src, tgt, against=rt)[0] if f.code == "negation-mismatch")
    assert f.severity == Severity.WARNING and "\u201cverhoogde de\u201d with no negation" in f.message


def test_retranslation_with_the_same_frame_confirms_a_lost_negation_and_a_count_difference():
    # "geen" in the re-translation, "een" in the rendering, between the same words
    v = negation_verdict("Họ nói sẽ không có viện trợ cho thành phố.", "Ze zeiden dat er een hulp komt voor de stad.",
                         ("Ze zeiden dat er geen hulp komt voor de stad.",))
    assert v is not None and v.side == "src" and v.strong and v.bridge == "er een hulp"
    # two negations in the source, one in the rendering: a count difference is a warning only so
    v = negation_verdict("Họ không có tiền và không có bạn bè.", "Ze hadden geen geld en hadden vrienden.",
                         ("Ze hadden geen geld en hadden geen vrienden.",))
    assert v is not None and not v.presence and v.strong and v.bridge == "hadden vrienden"


def test_negative_word_the_source_says_too_does_not_explain_a_lost_negation():
    # "beëindigen" translates "chấm dứt" (end the war): it is no paraphrase of the dropped "không"
    src = "Mỹ cho biết sẽ không có viện trợ tái thiết cho đến khi có thỏa thuận để chấm dứt chiến tranh."
    tgt = "De VS zeggen dat er een wederopbouwhulp komt tot er een akkoord is om de oorlog te beëindigen."
    v = negation_verdict(src, tgt)
    assert v is not None and v.side == "src"
    v = negation_verdict(src, tgt, ("De VS zeggen dat er geen wederopbouwhulp komt tot er een akkoord is om de oorlog "
                                    "te beëindigen.",))
    assert v is not None and v.strong
    # ... but a negative word of the rendering at another place still explains it ("zonder" = không có)
    assert negation_verdict("Họ không có nước.", "Ze zitten zonder water.") is None


def test_paired_negative_word_needs_the_frame_not_just_shared_words():
    # "klaagden" for "không hài lòng": a paraphrase; the re-translation's "niet tevreden over het gebrek"
    # shares "gebrek" (which translates "thiếu") with the rendering, but not the frame of the negation
    v = negation_verdict("Nhiều cư dân không hài lòng về tình trạng thiếu nước sạch trong làng.",
                         "Veel bewoners klaagden over het gebrek aan schoon water in het dorp.",
                         ("Veel inwoners zijn niet tevreden over het gebrek aan schoon water in het dorp.",))
    assert v is not None and not v.strong


def test_negation_added_on_the_finite_verb_is_a_warning_without_a_retranslation():
    # the source has no negation and no word with a negative meaning; the rendering negates its
    # statement on the finite verb: the one model-free mismatch sharp enough to show (0.03 % of clean pairs)
    src, tgt = "Lopez Obrador đã hứa sẽ giúp đỡ các sinh viên trẻ.", "Lopez Obrador heeft niet beloofd jonge studenten te helpen."
    v = negation_verdict(src, tgt)
    assert v is not None and v.strong and v.verb == "heeft niet"
    flags = pair_flags(src, tgt)[0]
    f = next(f for f in flags if f.code == "negation-mismatch")
    assert f.severity == Severity.WARNING and "\u201cheeft niet\u201d" in f.message
    assert [e.text for e in f.evidence if e.side == "tgt"] == ["niet"]
    # a re-translation that negates too takes it back to a note
    assert not negation_verdict(src, tgt, ("Lopez Obrador heeft niet beloofd de studenten te helpen.",)).strong


@pytest.mark.parametrize("src,tgt", [
    # a negation elsewhere in the clause is a paraphrase as often as not ("als je het niet vertrouwt")
    ("Nước đóng chai rất dễ tìm nếu bạn lo ngại.", "Flessenwater is makkelijk te vinden als je het water niet vertrouwt."),
    # "niet meer" (no longer) says a verb of ending or losing
    ("Việc đó đã bị cắt đứt hoàn toàn.", "Het was niet meer mogelijk om verder te gaan."),
    # the source has a word with a negative meaning ("miễn phí", free of charge)
    ("Ông hứa mở thêm các trường miễn phí.", "Hij heeft niet beloofd meer gratis scholen te openen."),
    # the first word of a sentence is no finite verb of a statement
    ("Hãy đến sớm.", "Kom niet te laat."),
    # a masked negator ("không chỉ", not only) may be what the rendering's negation says
    ("Không chỉ có một con đường dẫn đến thành công.", "Er is geen enkele weg naar succes."),
])
def test_other_added_negations_stay_unshown_without_a_retranslation(src, tgt):
    v = negation_verdict(src, tgt)
    assert v is None or not v.strong


def test_not_long_after_is_no_negation():
    # "niet lang nadat" = "không lâu sau" (shortly after), masked on both sides
    assert words("Hij verloor zijn partner, niet lang nadat zijn moeder stierf.", "nl") == []
    assert negation_verdict("Ông mất vợ không lâu sau cái chết của mẹ.", "Hij verloor zijn vrouw niet lang nadat zijn moeder stierf.") is None

def test_the_against_file_of_a_glued_line_translates_both_of_its_source_lines():
    # a glued line's source is its own line and the next one: a re-translation of it translates both
    fl = _flags_eval()
    mt = ["Eerste zin.", "Tweede zin.", "Derde zin."]
    assert fl.against_lines(mt, ["clean", "glued", "clean"]) == ["Eerste zin.", "Tweede zin. Derde zin.", "Derde zin."]
    assert fl.against_lines(mt, ["clean", "clean", "glued"]) == mt  # the last line has no next one
