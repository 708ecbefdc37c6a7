"""A small review built from real stage functions with a fixed alignment.

Used by the report, export and HTML tests: the alignment is given (so the tests
do not depend on the aligner's choices) and includes a 1:0 omission and a 0:1
addition; scoring and flagging are the real stages, with an ``--against``-style
translation so every 1:1 pair has scores. The rendering carries an injected
``<script>`` and a planted wrong number (1.520 for 1.250).
"""

from __future__ import annotations

from translate.alignment.aligner import target_only_alignment
from translate.data import Alignment, Link, ReviewResult, Translation
from translate.checks.flag import FlagConfig, flag
from translate.read.document import document_from_text
from translate.score import score_document, score_pairs
from translate.text.segment import segment_document

SRC = [
    "Hà Nội đẹp nhất vào mùa thu, khi lá vàng rơi khắp các con phố cổ.",
    "Năm 2024, toàn tỉnh có 1.250 học sinh tốt nghiệp trung học phổ thông, đạt tỷ lệ 96,3%.",
    "Ủy ban nhân dân tỉnh đã khen thưởng 45 giáo viên xuất sắc trong năm học vừa qua.",
    "Bà Lý Thị Xiến phát biểu tại buổi lễ tổng kết năm học.",
    "Các trường sẽ tiếp tục nâng cao chất lượng giảng dạy trong năm tới.",
]
TGT = [
    "Hanoi is het mooist in de herfst, wanneer gele bladeren door de oude straten vallen.",
    "In 2024 behaalden 1.520 leerlingen in de provincie hun diploma, een slagingspercentage van 96,3%.",
    "Mevrouw Ly Thi Xien sprak <script>window.__pwned=1</script> tijdens de slotceremonie van het schooljaar.",
    "De scholen zullen de kwaliteit van het onderwijs het komende jaar verder verbeteren.",
    "Deel dit artikel op Facebook en Twitter & lees <b>meer</b> \"nieuws\".",
]
REF = [
    "Hanoi is het mooist in de herfst, als de gele bladeren in alle oude straten vallen.",
    "In 2024 slaagden in de hele provincie 1.250 leerlingen, een percentage van 96,3%.",
    "Het provinciebestuur heeft 45 uitstekende leraren beloond in het afgelopen schooljaar.",
    "Mevrouw Ly Thi Xien sprak tijdens de afsluitende ceremonie van het schooljaar.",
    "De scholen zullen volgend jaar de kwaliteit van het onderwijs blijven verbeteren.",
]
# pair 2 is an omission (source sentence 2 dropped), pair 5 an addition (page chrome)
LINKS = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,)), ((), (4,))]
OMISSION, ADDITION, WRONG_NUMBER, SCRIPT_PAIR = 2, 5, 1, 3


def build(target_only: bool = False, with_translation: bool = True) -> ReviewResult:
    tgt_doc = document_from_text("\n\n".join(TGT), path="demo.nl.txt", lang="nl")
    target = segment_document(tgt_doc, "tgt", "nl")
    assert [s.text for s in target.segments] == TGT, [s.text for s in target.segments]
    cfg = FlagConfig()
    meta = {"source": None if target_only else "demo.vi.txt", "target": "demo.nl.txt", "src_lang": "vi",
            "tgt_lang": "nl", "system": None, "alignment_method": "fixed", "warnings": []}
    if target_only:
        alignment = target_only_alignment(target)
        flags = flag(None, target, alignment, None, [None] * len(alignment.links), cfg)
        return ReviewResult(None, target, alignment, None, [None] * len(alignment.links), None, flags,
                            ["no source given: ran only the checks that need no source"], meta)
    src_doc = document_from_text("\n\n".join(SRC), path="demo.vi.txt", lang="vi")
    source = segment_document(src_doc, "src", "vi")
    assert [s.text for s in source.segments] == SRC, [s.text for s in source.segments]
    alignment = Alignment([Link(s, t) for s, t in LINKS], method="fixed")
    translation = None
    skipped = ["re-translation skipped: no model (pass --model NAME_OR_FOLDER or --against FILE)"]
    if with_translation:
        translation = Translation(list(REF), list(range(len(REF))), "against:demo.ref.txt", kind="against")
        meta["system"] = translation.system
        skipped = []
    scores = score_pairs(target, alignment, translation)
    flags = flag(source, target, alignment, translation, scores, cfg)
    return ReviewResult(source, target, alignment, translation, scores, score_document(target, alignment, translation),
                        flags, skipped, meta)


def write_inputs(folder) -> tuple:
    """Source, rendering and against files of the demo, for CLI runs."""
    src, tgt, ref = folder / "demo.vi.txt", folder / "demo.nl.txt", folder / "demo.ref.txt"
    src.write_text("\n\n".join(SRC) + "\n", encoding="utf-8")
    tgt.write_text("\n\n".join(TGT) + "\n", encoding="utf-8")
    ref.write_text("\n\n".join(REF) + "\n", encoding="utf-8")
    return src, tgt, ref
