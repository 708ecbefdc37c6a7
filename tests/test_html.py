"""The self-contained HTML review page (structure and escaping; the browser test runs it)."""

from __future__ import annotations

import base64
import hashlib
import re

from lxml import html as lxml_html

from helpers import reportdemo
from translate.data import Evidence, Flag, Severity
from translate.report.html import CSS, JS, render_html, write_html


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


def test_no_internal_numbers_shown_raw_values_on_hover():
    """Issue 15: "score 117.00", "gap 2.66", "alignment confidence 0.48" are not text on the page."""
    result = reportdemo.build()
    result.flags.append(Flag("omission", Severity.WARNING,
                             "source sentence may not be rendered (leaving it out costs the alignment almost nothing (gap 2.66))",
                             0, [], score=201.0))
    import dataclasses

    result.alignment.links[0] = dataclasses.replace(result.alignment.links[0], confidence=0.48)
    text, doc = _page(result)
    visible = doc.get_element_by_id("pairs").text_content()
    assert "score 201.00" not in visible and "gap 2.66" not in visible and "confidence 0.48" not in visible
    li = [x for x in doc.get_element_by_id("pair-0").find_class("flag") if "2.66" in (x.get("title") or "")][0]
    assert "check score 201.00" in li.get("title") and "costs the alignment almost nothing" in li.text_content()
    conf = doc.get_element_by_id("pair-0").find_class("conf")[0]
    assert conf.get("title") == "alignment confidence 0.48" and "not quite sure" in conf.text_content()
    scores = doc.get_element_by_id("pair-1").find_class("scores")[0]
    assert scores.get("title").startswith("chrF ") and "re-translation" in scores.text_content()


def test_target_only_page_says_sentences_and_has_no_retranslation_button():
    result = reportdemo.build(target_only=True)
    _, doc = _page(result)
    summary = doc.get_element_by_id("summary").text_content()
    assert "aligned pairs" not in summary and f"{len(reportdemo.TGT)} sentences" in summary
    assert not doc.find_class("type")  # no "0:1" on every sentence
    assert "0:1" not in doc.get_element_by_id("pairs").text_content()
    assert not doc.xpath("//*[@id='toggle-retrans']") and not doc.find_class("retrans")
    # a page with re-translations keeps the button
    _, doc = _page(reportdemo.build())
    assert doc.xpath("//*[@id='toggle-retrans']")


def test_decisions_panel_lists_every_flag_grouped_by_check():
    result = reportdemo.build()
    _, doc = _page(result)
    panel = doc.get_element_by_id("decisions")
    groups = panel.find_class("group")
    active = [f for f in result.flags if not f.waived]
    assert sorted(g.get("data-code") for g in groups) == sorted({f.code for f in active})
    items = panel.find_class("idx")
    assert len(items) == len(active)
    for li in items:
        href = li.find(".//a").get("href")[1:]
        target = doc.get_element_by_id(href)
        assert target.get("data-code") == li.get("data-code") and target.find(".//select") is not None
    codes = [o.get("value") for o in doc.get_element_by_id("filter-check").findall("option")]
    assert set(codes) == {""} | {f.code for f in active}
    # stored decisions are keyed by the report's content hash: another text, another key
    other = reportdemo.build()
    other.flags.pop()
    assert doc.body.get("data-report-hash") != _page(other)[1].body.get("data-report-hash")
    assert doc.body.get("data-report-hash") == _page(reportdemo.build())[1].body.get("data-report-hash")


def test_corrected_rendering_offsets_point_into_the_original_text():
    result = reportdemo.build()
    _, doc = _page(result)
    original = doc.get_element_by_id("rendering-text").text_content()
    # a browser drops the one newline after <pre> (HTML5); lxml keeps it
    assert original == "\n" + result.target.document.text
    original = original[1:]
    for p in doc.xpath("//div[contains(@class,'tgt')]/p[@data-start]"):
        seg = result.target.segments[int(p.get("data-seg"))]
        assert original[int(p.get("data-start")):int(p.get("data-end"))] == seg.text


def test_translation_memory_page_has_no_rendering_download():
    result = reportdemo.build()
    result.meta["tm"] = {"format": "tmx", "units": 6}
    _, doc = _page(result)
    assert not doc.xpath("//*[@id='download-rendering']") and not doc.find_class("edit")
    assert doc.xpath("//*[@id='export-waivers']")  # decisions still export
    _, doc = _page(reportdemo.build())
    assert doc.get_element_by_id("download-rendering").get("data-name") == "demo.nl.corrected.txt"
