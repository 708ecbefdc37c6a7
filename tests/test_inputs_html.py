"""Input class: HTML given instead of plain text."""

from __future__ import annotations

from helpers.robust_texts import NL, VI, review, stderr_lines, write

from translate.read.htmltext import html_to_text, looks_like_html
from translate.read.document import read_document
from translate.text.segment import segment_document


def as_html(text: str) -> str:
    paras = [p for p in text.split("\n\n") if p.strip()]
    body = "\n".join(f"<p>{p.strip()}</p>" for p in paras)
    return (
        "<!DOCTYPE html>\n<html><head><title>Tin tức</title><style>p { color: red }</style>"
        "<script>var x = '<p>not text</p>';</script></head>\n<body>\n"
        f"<nav><ul><li>Trang chủ</li><li>Thế giới</li></ul></nav>\n{body}\n"
        "<!-- comment that is not text -->\n</body></html>\n"
    )


def test_html_rendering_is_extracted_with_paragraphs(tmp_path):
    path = write(tmp_path / "nl.html", as_html(NL))
    doc = read_document(path, "nl")
    paras = [p.strip() for p in NL.split("\n\n") if p.strip()]
    assert doc.text == "\n\n".join(["Trang chủ", "Thế giới", *paras]) + "\n"
    assert doc.warnings == [
        f"{path}: looks like HTML, not plain text; extracted its text (7 paragraphs, markup, scripts and styles "
        "dropped; offsets refer to the extracted text)"
    ]
    seg = segment_document(doc, "tgt", "nl")
    assert len(seg.paragraphs) == 7
    assert all("<" not in s.text for s in seg.segments)


def test_review_of_html_pair(tmp_path):
    src = write(tmp_path / "vi.html", as_html(VI))
    tgt = write(tmp_path / "nl.html", as_html(NL))
    result = review(src, tgt, "-q")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stderr.split())
    assert f"warning: {tgt}: looks like HTML" in out and f"warning: {src}: looks like HTML" in out


def test_entities_br_and_pre():
    text, n = html_to_text("<html><body><p>A &amp; B&nbsp;C<br>tweede regel</p><pre>x  y\n  z</pre></body></html>")
    assert text == "A & B\u00a0C\ntweede regel\n\nx  y\n  z\n"
    assert n == 2


def test_text_that_mentions_tags_stays_text():
    text = "In HTML begint een alinea met <p> en eindigt met </p>.\nDat is alles.\n"
    assert not looks_like_html(text)
    assert read_document_text(text) == text


def read_document_text(text: str) -> str:
    from translate.read.document import document_from_bytes

    return document_from_bytes(text.encode(), "x.txt").text


def test_fragment_without_doctype_is_detected():
    html = "<div><p>Een.</p><p>Twee.</p><p>Drie.</p><p>Vier.</p><p>Vijf.</p></div>"
    assert looks_like_html(html)
    assert read_document_text(html) == "Een.\n\nTwee.\n\nDrie.\n\nVier.\n\nVijf.\n"


def test_pathologically_nested_html_is_refused_not_dropped(tmp_path):
    path = write(tmp_path / "nl.html", "<html><body>" + "<div>" * 6000 + "Tekst die niet verloren mag gaan." + "</div>" * 6000 + "</body></html>")
    result = review(path)
    assert result.exit_code == 2
    (line,) = stderr_lines(result)
    assert line.startswith(f"error: {path}: HTML could not be read reliably (only 0 of ")
    assert line.endswith("(save the page as plain text)")


def test_html_without_text(tmp_path):
    path = write(tmp_path / "nl.html", "<!DOCTYPE html><html><head><title>x</title></head><body><img src=a.png></body></html>")
    result = review(path)
    assert result.exit_code == 2
    assert stderr_lines(result) == [f"error: {path}: HTML file without any text (give the text of the page)"]
