"""End-to-end through translate.pipeline.review (no CLI)."""

from pathlib import Path

import sacrebleu

from translate.pipeline import ReviewOptions, review
from translate.report.core import to_dict
from translate.mt.base import Backend

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def covers_everything(result) -> None:
    src = sorted(i for link in result.alignment.links for i in link.src)
    tgt = sorted(i for link in result.alignment.links for i in link.tgt)
    assert src == list(range(len(result.source.segments)))
    assert tgt == list(range(len(result.target.segments)))


def codes_near(result, needle: str) -> set[str]:
    out = set()
    for f in result.flags:
        texts = [e.text for e in f.evidence]
        if any(needle in t for t in texts):
            out.add(f.code)
    return out


def test_demo_model_free_flags_planted_problems():
    result = review(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), ReviewOptions(model=None))
    covers_everything(result)
    assert result.translation is None and result.doc_scores is None
    assert any("no model" in s for s in result.skipped)
    assert "number-mismatch" in codes_near(result, "53 minuten")
    assert "wrong-language" in codes_near(result, "Các doanh nghiệp logistics")
    omitted = [f for f in result.flags if f.code == "omission"]
    assert any("Lê Thị Hồng" in e.text for f in omitted for e in f.evidence)
    chrome_flags = codes_near(result, "Reactie (0)") | codes_near(result, "Deel op Facebook")
    assert chrome_flags & {"addition", "page-chrome"}


def test_against_scores_equal_sacrebleu(tmp_path):
    src = tmp_path / "vi.txt"
    tgt = tmp_path / "nl.txt"
    ref = tmp_path / "ref.txt"
    src.write_text("Cây cầu dài 2,97 km.\n\nCầu có 6 làn xe.\n", encoding="utf-8")
    tgt.write_text("De brug is 2,97 km lang.\n\nDe brug heeft 6 rijstroken.\n", encoding="utf-8")
    ref.write_text("De brug is 2,97 kilometer lang.\nDe brug telt zes rijstroken.\n", encoding="utf-8")
    result = review(str(src), str(tgt), ReviewOptions(model=None, against=str(ref)))
    covers_everything(result)
    assert result.translation.kind == "against"
    pairs = [(link, s) for link, s in zip(result.alignment.links, result.scores) if s is not None]
    assert len(pairs) == 2
    for link, s in pairs:
        hyp = " ".join(result.target.segments[i].text for i in link.tgt)
        assert s.bleu == sacrebleu.sentence_bleu(hyp, [s.reference]).score
        assert s.chrf == sacrebleu.sentence_chrf(hyp, [s.reference]).score
        assert s.chrfpp == sacrebleu.sentence_chrf(hyp, [s.reference], word_order=2).score
    assert result.doc_scores is not None and "nrefs:1" in result.doc_scores.signatures["bleu"]


class EchoBackend(Backend):
    """Test double: 'translates' by returning a fixed Dutch sentence per source."""

    def __init__(self, table):
        self.table = table
        self.calls = 0

    def signature(self) -> str:
        return "echo"

    def translate(self, sentences):
        self.calls += 1
        return [self.table.get(s, "") for s in sentences]


def test_backend_double_drives_scores_and_low_chrf(tmp_path):
    src = tmp_path / "vi.txt"
    tgt = tmp_path / "nl.txt"
    src.write_text("Câu một.\nCâu hai dài hơn một chút.\n", encoding="utf-8")
    tgt.write_text("Zin een.\nKwaliteit bouw implementeer resoluties goed partij.\n", encoding="utf-8")
    backend = EchoBackend({"Câu một.": "Zin een.", "Câu hai dài hơn một chút.": "Zin twee is iets langer."})
    result = review(str(src), str(tgt), ReviewOptions(backend=backend))
    assert backend.calls == 1
    assert result.scores[0].chrf == 100.0
    assert any(f.code == "low-chrf" and f.link == 1 for f in result.flags)


def test_target_only_review(tmp_path):
    tgt = tmp_path / "nl.txt"
    tgt.write_text("Dit is een gewone Nederlandse zin over de brug.\nĐây là một câu tiếng Việt bị bỏ sót trong bản dịch.\n", encoding="utf-8")
    result = review(None, str(tgt), ReviewOptions(model=None))
    assert result.source is None
    assert all(f.code != "addition" for f in result.flags)
    assert any(f.code == "wrong-language" for f in result.flags)


def test_tiny_model_retranslates_every_pair(tiny_model):
    result = review(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), ReviewOptions(model=str(tiny_model)))
    covers_everything(result)
    assert result.translation is not None and result.translation.kind == "model"
    assert str(tiny_model) in result.translation.system
    for link, score in zip(result.alignment.links, result.scores):
        if link.src and link.tgt:
            assert score is not None
    assert result.doc_scores is not None


AGAINST_SRC = [
    "Năm 2019, thành phố Đà Nẵng đón 8,6 triệu lượt khách du lịch.",
    "Ông Nguyễn Văn Minh cho biết dự án sẽ hoàn thành vào tháng 12.",
    "Cơn bão đã làm hư hại hơn 3.000 ngôi nhà ở tỉnh Quảng Ngãi và gây mất điện trên diện rộng.",
    "Giá xăng tăng 5% trong tuần này.",
    "Trường Đại học Bách khoa Hà Nội tuyển 7.500 sinh viên vào năm 2023, nhiều hơn 1.200 người so với năm trước, theo báo cáo.",
    "Hội nghị kéo dài ba ngày tại Huế.",
]
AGAINST_REF = [  # the re-translation: drops line 3 and splits line 5, so it still has six lines
    "In 2019 ontving de stad Da Nang 8,6 miljoen toeristen.",
    "De heer Nguyen Van Minh zei dat het project in december klaar zal zijn.",
    "De benzineprijs steeg deze week met 5%.",
    "De Technische Universiteit van Hanoi nam in 2023 7.500 studenten aan,",
    "1.200 meer dan het jaar ervoor, volgens het rapport.",
    "De conferentie duurde drie dagen in Hue.",
]


def test_against_pairs_by_content_not_line_count(tmp_path):
    src, tgt, ref = tmp_path / "vi.txt", tmp_path / "nl.txt", tmp_path / "ref.txt"
    src.write_text("\n".join(AGAINST_SRC) + "\n", encoding="utf-8")
    tgt.write_text("\n".join([AGAINST_REF[0], AGAINST_REF[1], "De storm beschadigde meer dan 3.000 huizen in Quang Ngai.",
                              AGAINST_REF[2], AGAINST_REF[3] + " " + AGAINST_REF[4], AGAINST_REF[5]]) + "\n", encoding="utf-8")
    ref.write_text("\n".join(AGAINST_REF) + "\n", encoding="utf-8")
    result = review(str(src), str(tgt), ReviewOptions(model=None, against=str(ref)))
    tr = result.translation
    assert len(result.source.segments) == 6
    assert tr.for_segments([0]) == AGAINST_REF[0]
    assert tr.for_segments([1]) == AGAINST_REF[1]
    assert tr.for_segments([2]) == ""  # dropped in the re-translation: none, not the next line's
    assert tr.for_segments([3]) == AGAINST_REF[2]
    assert tr.for_segments([4]) == AGAINST_REF[3] + " " + AGAINST_REF[4]
    assert tr.for_segments([5]) == AGAINST_REF[5]
    # the storm sentence is not scored against the petrol-price line
    storm = next(k for k, link in enumerate(result.alignment.links) if 2 in link.src)
    assert result.scores[storm] is None


def test_against_byte_tokens_are_decoded(tmp_path):
    src, tgt, ref = tmp_path / "vi.txt", tmp_path / "nl.txt", tmp_path / "ref.txt"
    src.write_text("Tổng thống Erdoğan đến Hà Nội.\n", encoding="utf-8")
    tgt.write_text("President Erdo<0xC4><0x9F>an komt aan in Hanoi.\n", encoding="utf-8")
    ref.write_text("President Erdo<0xC4><0x9F>an komt aan in Hanoi.\n", encoding="utf-8")
    result = review(str(src), str(tgt), ReviewOptions(model=None, against=str(ref)))
    assert result.translation.texts == ["President Erdoğan komt aan in Hanoi."]
    assert any("byte token" in w for w in result.meta["warnings"])
    assert "byte-token" in {f.code for f in result.flags}  # the rendering's own byte tokens are still flagged
def test_review_leaves_the_callers_options_as_given(tmp_path):
    """review() hands its languages to the align and flag stages on a copy (issue 13):
    options reused for a second pair with other languages are not left half-changed."""
    import copy

    from translate.alignment.aligner import AlignOptions
    from translate.checks.config import FlagConfig

    opts = ReviewOptions(model=None, src_lang="en", tgt_lang="de", check_languages=False,
                         align=AlignOptions(), flags=FlagConfig())
    before = copy.deepcopy(opts)
    result = review(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), opts)
    assert opts == before
    assert (opts.align.src_lang, opts.flags.tgt_lang) == (AlignOptions().src_lang, FlagConfig().tgt_lang)
    assert (result.meta["src_lang"], result.meta["tgt_lang"]) == ("en", "de")
    # the TM route too
    tsv = tmp_path / "tm.tsv"
    tsv.write_text("Xin chào.\tHallo.\n", encoding="utf-8")
    from translate.pipeline import review_tm

    review_tm(str(tsv), opts)
    assert opts == before


def test_several_model_routes_weigh_in(tiny_model, tmp_path):
    """--model A --model B (e.g. direct and pivot): the first is scored, every route is a
    re-translation the risk weighs by agreement, and the report names them all."""
    pivot = f"{tiny_model}+{tiny_model}"
    result = review(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), ReviewOptions(model=[str(tiny_model), pivot]))
    covers_everything(result)
    one = review(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), ReviewOptions(model=str(tiny_model)))
    assert [s.chrf for s in result.scores if s] == [s.chrf for s in one.scores if s]  # scores use the first
    assert len(result.translation.others) == 1 and result.translation.others[0].system != result.translation.system
    assert result.meta["other_systems"] == [result.translation.others[0].system] and "other_systems" not in one.meta
    paired = [r for link, r in zip(result.alignment.links, result.risks) if link.src and link.tgt]
    assert paired and all("agreement" in {e.signal for e in r.evidence} for r in paired)
    # a further route that cannot be loaded is a warning when models are optional, the review goes on
    missing = str(tmp_path / "no-such-model")
    partial = review(str(DEMO / "vi.txt"), str(DEMO / "nl.txt"), ReviewOptions(model=[str(tiny_model), missing]))
    assert not partial.translation.others and any(missing in w and "skipped" in w for w in partial.meta["warnings"])
    data = to_dict(result)
    assert data["meta"]["other_systems"] == result.meta["other_systems"]
