"""Run the flag stage on one hand-written pair (used by test_checks and test_checks_more)."""

from __future__ import annotations

from translate.checks.config import FlagConfig
from translate.data import Alignment, Link, Severity, Translation
from translate.checks.flag import flag
from translate.read.document import document_from_text
from translate.score import score_pairs
from translate.text.segment import segment_document


def pair_flags(src: str, tgt: str, against: str | None = None, cfg: FlagConfig | None = None, token_scores=None, link=None):
    """One document pair with a single link holding every segment of each side."""
    s = segment_document(document_from_text(src, lang="vi"), "src", "vi") if src is not None else None
    t = segment_document(document_from_text(tgt, lang="nl"), "tgt", "nl")
    if link is None:
        links = [Link(tuple(x.index for x in s.segments) if s else (), tuple(x.index for x in t.segments))]
    else:
        links = link
    al = Alignment(links)
    tr = None
    if against is not None:
        tr = Translation([against], [0] * len(s.segments), "test", "against")
    scores = score_pairs(t, al, tr)
    return flag(s, t, al, tr, scores, cfg or FlagConfig(), token_scores), s, t


def codes(flags, min_sev=Severity.WARNING):
    return {f.code for f in flags if f.severity >= min_sev}


# clean vi/nl news sentences of ordinary length (a document the length-relative checks can calibrate on)
CLEAN_PAIRS = [
    ("Chính phủ cho biết kế hoạch sẽ được công bố vào tuần tới tại Hà Nội.",
     "De regering zei dat het plan volgende week in Hanoi wordt bekendgemaakt."),
    ("Các chuyên gia nói rằng nền kinh tế đang phục hồi sau đại dịch.",
     "Deskundigen zeggen dat de economie zich herstelt na de pandemie."),
    ("Hàng nghìn người đã tham gia lễ hội truyền thống ở thành phố.",
     "Duizenden mensen namen deel aan het traditionele festival in de stad."),
    ("Trường học mới sẽ mở cửa vào tháng chín cho học sinh địa phương.",
     "De nieuwe school gaat in september open voor leerlingen uit de buurt."),
    ("Cơn bão đã gây thiệt hại lớn cho các tỉnh ven biển miền Trung.",
     "De storm heeft grote schade aangericht in de kustprovincies van het midden."),
    ("Ngân hàng trung ương giữ nguyên lãi suất trong quý này.",
     "De centrale bank houdt de rente dit kwartaal ongewijzigd."),
]
