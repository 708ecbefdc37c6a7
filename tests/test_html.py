"""The self-contained HTML review page (structure and escaping; the browser test runs it)."""

from __future__ import annotations

import base64
import hashlib
import re

from lxml import html as lxml_html

from helpers import reportdemo
from translate.data import Evidence, Flag, Severity
from translate.html import CSS, JS, render_html, write_html


def _page(result):
    text = render_html(result)
    return text, lxml_html.fromstring(text)


def test_injected_markup_is_text_not_markup():
    text, doc = _page(reportdemo.build())
    # exactly one <script> element: ours; the rendering's one is escaped
    assert len(doc.findall(".//script")) == 1
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text
    assert "<script>window" not in text
    assert "&lt;b&gt;meer&lt;/b&gt;" in text and "<b>" not in text
    seg = doc.get_element_by_id(f"pair-{reportdemo.SCRIPT_PAIR}")
    assert "<script>window.__pwned=1</script>" in seg.text_content()


def test_self_contained_with_hash_csp():
    text, doc = _page(reportdemo.build())
    # no external resources of any kind
    assert not doc.xpath("//*[@src] | //link | //img | //iframe | //object")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", text)
    assert "@import" not in text and "url(" not in text
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    for block in (CSS, JS):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp
    # the inline blocks in the page are byte-identical to the hashed ones
    assert doc.findall(".//style")[0].text == CSS
    assert doc.findall(".//script")[0].text == JS


def test_pairs_flags_and_header():
    result = reportdemo.build()
    _, doc = _page(result)
    articles = doc.find_class("pair")
    assert len(articles) == len(result.alignment.links)
    flagged = {int(a.get("data-index")) for a in articles if "flagged" in a.get("class").split()}
    assert flagged == {f.link for f in result.flags if f.link >= 0}
    wrong = doc.get_element_by_id(f"pair-{reportdemo.WRONG_NUMBER}")
    assert wrong.get("data-severity") == "error" and "sev-error" in wrong.get("class")
    assert "number-mismatch" in [li.get("data-code") for li in wrong.find_class("flag")]
    # omission / addition shown as explicit gaps
    om = doc.get_element_by_id(f"pair-{reportdemo.OMISSION}")
    assert "omission" in om.get("class") and om.find_class("gap") and "missing in the rendering" in om.text_content()
    ad = doc.get_element_by_id(f"pair-{reportdemo.ADDITION}")
    assert "addition" in ad.get("class") and "not in the source" in ad.text_content()
    # re-translation on demand
    det = wrong.find(".//details")
    assert det is not None and reportdemo.REF[1] in det.text_content() and det.get("open") is None
    # header: document scores with signatures, summary
    scores = doc.get_element_by_id("doc-scores").text_content()
    assert "nrefs:1" in scores and "chrF" in scores
    assert "aligned pairs" in doc.get_element_by_id("summary").text_content()
    assert doc.get_element_by_id("only-flagged").get("type") == "checkbox"


def test_skipped_note_in_header():
    _, doc = _page(reportdemo.build(with_translation=False))
    assert "no model" in doc.get_element_by_id("notes").text_content()
    assert doc.xpath("//*[@id='doc-scores']") == []


def test_suspect_spans_highlighted_at_evidence_offsets():
    result = reportdemo.build()
    seg = result.target.segments[1]
    start = seg.start + seg.text.index("1.520")
    result.flags.append(Flag("number-span", Severity.WARNING, "this number", 1,
                             [Evidence("tgt", start, start + 5, "1.520", "wrong number")]))
    _, doc = _page(result)
    pair = doc.get_element_by_id("pair-1")
    marks = pair.xpath(".//div[contains(@class,'tgt')]//mark")
    part = [m for m in marks if "hl-part" in m.get("class")]
    assert [m.text for m in part] == ["1.520"]
    assert "sev-error" in part[0].get("class")  # also inside the whole-sentence error span: worst wins
    assert "wrong number" in part[0].get("title")
    # the segment text is intact around the marks
    p = pair.xpath(".//div[contains(@class,'tgt')]/p[@class='seg']")[0]
    assert p.text_content() == seg.text


def test_target_only_page(tmp_path):
    result = reportdemo.build(target_only=True)
    write_html(result, tmp_path / "t.html")
    doc = lxml_html.fromstring((tmp_path / "t.html").read_text(encoding="utf-8"))
    assert not doc.find_class("src")
    assert len(doc.find_class("pair")) == len(reportdemo.TGT)
    assert not doc.find_class("gap")  # no source at all is not an "addition"
    assert "no source given" in doc.get_element_by_id("notes").text_content()
