"""source-untranslated: an English passage inside the Vietnamese source is an info flag, aligned to its Dutch."""

from __future__ import annotations

from translate.alignment.aligner import align
from translate.checks.config import FlagConfig
from translate.data import Severity
from translate.checks.flag import flag
from translate.read.document import document_from_text
from translate.text.segment import segment_document

SRC = (
    "Hướng dẫn cài đặt\n\n"
    "Chương trình này giúp bạn sao lưu dữ liệu một cách an toàn và nhanh chóng.\n\n"
    "This option is only available when the backup is stored on an external drive.\n\n"
    "Sau khi cài đặt xong, hãy khởi động lại máy tính của bạn.\n"
)
TGT = (
    "Installatiehandleiding\n\n"
    "Dit programma helpt u uw gegevens veilig en snel te back-uppen.\n\n"
    "Deze optie is alleen beschikbaar als de back-up op een externe schijf staat.\n\n"
    "Start uw computer opnieuw op nadat de installatie is voltooid.\n"
)


def _run(src: str, tgt: str):
    s = segment_document(document_from_text(src, lang="vi"), "src", "vi")
    t = segment_document(document_from_text(tgt, lang="nl"), "tgt", "nl")
    a = align(s, t)
    return s, t, a, flag(s, t, a, None, [None] * len(a.links), FlagConfig())


def test_english_paragraph_in_the_source_aligns_and_is_an_info_flag():
    s, t, a, flags = _run(SRC, TGT)
    assert [(lk.src, lk.tgt) for lk in a.links] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    found = [f for f in flags if f.code == "source-untranslated"]
    assert len(found) == 1 and found[0].severity == Severity.INFO and found[0].link == 2
    ev = found[0].evidence[0]
    assert ev.side == "src" and s.document.text[ev.start:ev.end].startswith("This option is only available")


def test_vietnamese_names_labels_and_codes_do_not_trigger():
    src = "Hà Nội\n\nWindows Update KB5034441\n\nGoogle Chrome and Microsoft Edge\n\nTôi đi làm ở the Coffee House mỗi ngày.\n"
    tgt = "Hanoi\n\nWindows Update KB5034441\n\nGoogle Chrome en Microsoft Edge\n\nIk werk elke dag in the Coffee House.\n"
    _, _, _, flags = _run(src, tgt)
    assert not [f for f in flags if f.code == "source-untranslated"]


def test_the_check_can_be_switched_off():
    s = segment_document(document_from_text(SRC, lang="vi"), "src", "vi")
    t = segment_document(document_from_text(TGT, lang="nl"), "tgt", "nl")
    a = align(s, t)
    flags = flag(s, t, a, None, [None] * len(a.links), FlagConfig(disabled={"source-untranslated"}))
    assert not [f for f in flags if f.code == "source-untranslated"]
