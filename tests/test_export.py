"""Exports (TMX 1.4b, XLIFF 1.2/2.1, CSV/TSV, JSONL) and the TM readers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from lxml import etree

from helpers import reportdemo
from translate.data import Alignment, Evidence, Flag, Link, ReviewResult, Severity
from translate.errors import InputError
from translate.report.export import (
    MDA_NS,
    XLIFF2_NS,
    XLIFF12_NS,
    XML_NS,
    pairs,
    write_csv,
    write_jsonl,
    write_tmx,
    write_tsv,
    write_xliff,
)
from translate.read.importers import read_tm
from translate.read.document import document_from_text
from translate.text.segment import segment_document

FIXTURES = Path(__file__).parent / "fixtures"
SAFE = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def demo() -> ReviewResult:
    return reportdemo.build()


def expected_pairs(result: ReviewResult) -> list[tuple[str, str]]:
    return [(p.source, p.rendering) for p in pairs(result)]


def expected_flags(result: ReviewResult) -> list[list[tuple[str, str, str]]]:
    return [[(f.severity.value, f.code, f.message) for f in p.flags] for p in pairs(result)]


def tm_flags(tm) -> list[list[tuple[str, str, str]]]:
    return [[(f.severity, f.code, f.message) for f in u.flags] for u in tm.units]


@pytest.mark.parametrize("fmt", ["tmx", "xliff-1.2", "xliff-2.1"])
def test_round_trip_gives_same_pairs_and_flags(demo, tmp_path, fmt):
    path = tmp_path / ("out.tmx" if fmt == "tmx" else "out.xlf")
    if fmt == "tmx":
        write_tmx(demo, path)
    else:
        write_xliff(demo, path, fmt.split("-")[1])
    etree.parse(str(path), SAFE)  # well-formed
    tm = read_tm(path)
    assert tm.format == fmt
    assert [(u.source, u.target) for u in tm.units] == expected_pairs(demo)
    assert tm_flags(tm) == expected_flags(demo)
    # omission and addition are present with an empty side, never dropped
    assert tm.units[reportdemo.OMISSION].target == "" and tm.units[reportdemo.OMISSION].source
    assert tm.units[reportdemo.ADDITION].source == "" and tm.units[reportdemo.ADDITION].target
    # the link types survive as machine-readable data
    types = [u.props.get("x-translate-link-type") or u.props.get("x-link-type") or u.props.get("link-type") for u in tm.units]
    assert types == [link.type for link in demo.alignment.links]


def test_tmx_structure(demo, tmp_path):
    path = tmp_path / "out.tmx"
    write_tmx(demo, path)
    root = etree.parse(str(path), SAFE).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for attr in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(attr), attr
    assert header.get("srclang") == "vi"
    tus = root.findall("body/tu")
    assert len(tus) == len(demo.alignment.links)
    for tu in tus:
        langs = [tuv.get(f"{{{XML_NS}}}lang") for tuv in tu.findall("tuv")]
        assert langs == ["vi", "nl-NL"]
        # TMX 1.4b content model: (note|prop)* before tuv+
        kinds = [child.tag for child in tu]
        assert kinds.index("tuv") > max([i for i, k in enumerate(kinds) if k in ("note", "prop")], default=-1)
    flagged = tus[reportdemo.WRONG_NUMBER]
    notes = [n.text for n in flagged.findall("note")]
    assert any(n.startswith("[error] number-mismatch:") for n in notes)
    props = {p.get("type"): p.text for p in flagged.findall("prop")}
    assert props["x-translate-severity"] == "error"
    assert float(props["x-translate-chrf"]) == pytest.approx(demo.scores[reportdemo.WRONG_NUMBER].chrf, abs=0.01)


def test_xliff12_marks_flagged_units_for_review(demo, tmp_path):
    path = tmp_path / "out.xlf"
    write_xliff(demo, path, "1.2")
    root = etree.parse(str(path), SAFE).getroot()
    ns = {"x": XLIFF12_NS}
    assert root.get("version") == "1.2"
    f = root.find("x:file", ns)
    assert (f.get("source-language"), f.get("target-language")) == ("vi", "nl-NL")
    units = root.findall(".//x:trans-unit", ns)
    assert len(units) == len(demo.alignment.links)
    for k, unit in enumerate(units):
        state = unit.find("x:target", ns).get("state")
        flags = [fl for fl in demo.flags_for(k) if not fl.waived]
        assert (state == "needs-review-translation") == bool(flags)
        notes = [n.text for n in unit.findall("x:note", ns)]
        assert notes == [f"[{fl.severity.value}] {fl.code}: {fl.message}" for fl in flags]
    # element order inside trans-unit: source, target, then the rest
    assert [etree.QName(c).localname for c in units[0]][:2] == ["source", "target"]


def test_xliff21_marks_flagged_units_for_review(demo, tmp_path):
    path = tmp_path / "out.xlf"
    write_xliff(demo, path, "2.1")
    root = etree.parse(str(path), SAFE).getroot()
    ns = {"x": XLIFF2_NS, "mda": MDA_NS}
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.1", "vi", "nl-NL")
    units = root.findall(".//x:unit", ns)
    assert len(units) == len(demo.alignment.links)
    for k, unit in enumerate(units):
        # XLIFF 2 core: module elements, then notes, then segments
        order = [etree.QName(c).localname for c in unit]
        assert order[-1] == "segment" and order[0] == "metadata"
        seg = unit.find("x:segment", ns)
        flags = [fl for fl in demo.flags_for(k) if not fl.waived]
        assert (seg.get("subState") == "translate:needs-review") == bool(flags)
        assert seg.get("state") in ("initial", "translated")
        cats = [n.get("category") for n in unit.findall("x:notes/x:note", ns)]
        assert cats == [f"translate:{fl.code}" for fl in flags]
        meta = {m.get("type"): m.text for m in unit.iter(f"{{{MDA_NS}}}meta")}
        assert meta["link-type"] == demo.alignment.links[k].type
    omission = units[reportdemo.OMISSION].find("x:segment", ns)
    assert omission.get("state") == "initial" and (omission.find("x:target", ns).text or "") == ""


def test_xml_forbidden_characters(tmp_path):
    """Control characters from pasted web text: XLIFF 2 keeps them as <cp>, the others replace them."""
    doc = document_from_text("Een\x0cpagina met\x01code.", path="t.txt", lang="nl")
    target = segment_document(doc, "tgt", "nl")
    result = ReviewResult(None, target, Alignment([Link((), (s.index,)) for s in target.segments]), None,
                          [None] * len(target.segments), None, [], [], {"target": "t.txt", "src_lang": "vi", "tgt_lang": "nl"})
    text = " ".join(s.text for s in target.segments)
    write_xliff(result, tmp_path / "a.xlf", "2.1")
    assert " ".join(u.target for u in read_tm(tmp_path / "a.xlf").units) == text
    write_tmx(result, tmp_path / "a.tmx")
    assert "\ufffd" in read_tm(tmp_path / "a.tmx").units[0].target


def test_csv_tsv_jsonl(demo, tmp_path):
    write_csv(demo, tmp_path / "o.csv")
    write_tsv(demo, tmp_path / "o.tsv")
    write_jsonl(demo, tmp_path / "o.jsonl")
    with open(tmp_path / "o.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    with open(tmp_path / "o.tsv", newline="", encoding="utf-8") as fh:
        trows = list(csv.DictReader(fh, dialect="excel-tab"))
    assert rows == trows
    assert [(r["source"], r["rendering"]) for r in rows] == expected_pairs(demo)
    assert rows[reportdemo.WRONG_NUMBER]["severity"] == "error"
    assert "number-mismatch" in rows[reportdemo.WRONG_NUMBER]["flags"].split(";")
    assert rows[reportdemo.OMISSION]["type"] == "1:0" and rows[reportdemo.OMISSION]["rendering"] == ""
    lines = (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()
    objs = [json.loads(line) for line in lines]
    assert len(objs) == len(demo.alignment.links)
    assert [(o["source"], o["rendering"]) for o in objs] == expected_pairs(demo)
    assert [[(f["severity"], f["code"], f["message"]) for f in o["flags"]] for o in objs] == expected_flags(demo)
    assert objs[reportdemo.WRONG_NUMBER]["scores"]["chrf"] == pytest.approx(demo.scores[1].chrf, abs=0.01)
    # the TSV export reads back as a translation memory, flags included
    tm = read_tm(tmp_path / "o.tsv")
    assert [(u.source, u.target) for u in tm.units] == expected_pairs(demo)
    assert tm_flags(tm) == expected_flags(demo)


def test_third_party_tmx_fixture():
    tm = read_tm(FIXTURES / "thirdparty.tmx")
    assert tm.format == "tmx"
    assert [(u.id, u.source, u.target) for u in tm.units] == [
        ("101", "Hà Nội đẹp nhất vào mùa thu.", "Hanoi is het mooist in de herfst."),
        ("102", "Năm 2024, có 1.250 học sinh tốt nghiệp.", "In 2024 studeerden 1.520 leerlingen af."),
        ("103", "Ủy ban đã khen thưởng 45 giáo viên & cán bộ.", "Het comité beloonde 45 leraren & medewerkers."),
        ("104", "Bà Lý Thị Xiến phát biểu tại buổi lễ.", "Mevrouw Ly Thi Xien sprak tijdens de ceremonie."),
        ("105", "Các trường sẽ nâng cao chất lượng.", ""),
        ("107", "Cảm ơn bạn đã đọc.", "Bedankt voor het lezen."),
    ]
    assert tm.units[0].notes == ["Checked by the editor."] and tm.units[0].props["x-Origin"] == "TM"
    assert all(not u.flags for u in tm.units)
    # the en/de-only unit and the nl-BE variant are reported, not silently dropped
    assert any("neither vi nor nl" in w for w in tm.warnings)
    assert any("extra variants" in w for w in tm.warnings)
    source, target, alignment = tm.to_review_input()
    assert [link.type for link in alignment.links] == ["1:1"] * 4 + ["1:0", "1:1"]
    for seg in source.segments + target.segments:
        doc = (source if seg.side == "src" else target).document
        assert doc.text[seg.start:seg.end] == seg.text


def test_third_party_xliff_fixtures():
    tm = read_tm(FIXTURES / "thirdparty-1.2.xlf")
    assert tm.format == "xliff-1.2"
    assert [(u.source, u.target) for u in tm.units] == [
        ("Hà Nội đẹp nhất vào mùa thu.", "Hanoi is het mooist in de herfst."),
        ("Năm 2024, có 1.250 học sinh tốt nghiệp.", "In 2024 studeerden 1.520 leerlingen af."),
        ("Ủy ban đã khen thưởng 45 giáo viên.", ""),
        ("Cảm ơn bạn đã đọc.", ""),
    ]
    assert tm.units[1].notes == ["Number looks wrong."]
    tm2 = read_tm(FIXTURES / "thirdparty-2.0.xlf")
    assert tm2.format == "xliff-2.0"
    assert [(u.id, u.source, u.target) for u in tm2.units] == [
        ("u1:s1", "Hà Nội đẹp nhất vào mùa thu.", "Hanoi is het mooist in de herfst."),
        ("u1:s2", "Năm 2024, có 1.250 học sinh tốt nghiệp.", "In 2024 studeerden 1.520 leerlingen af."),
        ("u2", "Mã số\t16-DU/TU.", "Code\t16-DU/TU."),
        ("u3", "Cảm ơn bạn đã đọc.", ""),
    ]


def test_reader_does_not_expand_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    path = tmp_path / "evil.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        '<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence" o-tmf="x" '
        'adminlang="en" srclang="vi" datatype="plaintext"/><body><tu><tuv xml:lang="vi"><seg>A &xxe; B</seg></tuv>'
        '<tuv xml:lang="nl"><seg>C</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    tm = read_tm(path)
    assert "TOP-SECRET" not in tm.units[0].source


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("bad.tmx", "<tmx version='1.4'><body><tu>", "not well-formed XML"),
        ("wrong.xml", "<other/>", "neither TMX nor XLIFF"),
        ("wrong.tmx", "<other/>", "no <tmx> root element"),
        ("langs.tmx", "<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>a</seg></tuv>"
                      "<tuv xml:lang='de'><seg>b</seg></tuv></tu></body></tmx>", "no vi or nl text"),
        ("cols.tsv", "een\ttwee\tdrie\n", "line 1 has 3 tab-separated columns"),
        ("empty.tsv", "\n\n", "no translation units"),
    ],
)
def test_reader_errors_are_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_tm(path)
    assert message in exc.value.one_line() and "\n" not in exc.value.one_line()


def test_plain_two_column_tsv(tmp_path):
    path = tmp_path / "tm.tsv"
    path.write_text('vi\tnl\n"Trích dẫn" đầu câu.\t"Citaat" aan het begin.\nChỉ nguồn.\t\n', encoding="utf-8")
    tm = read_tm(path)
    assert [(u.source, u.target) for u in tm.units] == [
        ('"Trích dẫn" đầu câu.', '"Citaat" aan het begin.'),  # quotes kept: plain TSV, no csv quoting
        ("Chỉ nguồn.", ""),
    ]


def test_flag_without_evidence_and_document_flags_export(tmp_path):
    """A document-level flag (link -1) goes into the TMX header and the XLIFF file notes."""
    result = reportdemo.build()
    result.flags.append(Flag("page-chrome", Severity.INFO, "page ends with site navigation", -1,
                             [Evidence("tgt", 0, 5, "Hanoi")]))
    write_tmx(result, tmp_path / "d.tmx")
    header = etree.parse(str(tmp_path / "d.tmx"), SAFE).getroot().find("header")
    assert "[info] page-chrome: page ends with site navigation" in [n.text for n in header.findall("note")]
    write_xliff(result, tmp_path / "d.xlf", "2.1")
    root = etree.parse(str(tmp_path / "d.xlf"), SAFE).getroot()
    file_notes = root.findall(f"{{{XLIFF2_NS}}}file/{{{XLIFF2_NS}}}notes/{{{XLIFF2_NS}}}note")
    assert [n.get("category") for n in file_notes] == ["translate:page-chrome"]


def test_xliff_versions_one_list_for_cli_and_library(tmp_path):
    """--xliff-version and write_outputs check the same list (issue 13: they disagreed on 2.0)."""
    from typer.testing import CliRunner

    from translate.cli.main import app
    from translate.errors import ConfigError
    from translate.report.export import XLIFF_VERSIONS, check_xliff_version
    from translate.report.writers import Outputs

    assert XLIFF_VERSIONS == ("1.2", "2.0", "2.1")
    with pytest.raises(ConfigError):
        check_xliff_version("3.0")
    demo = Path(__file__).resolve().parents[1] / "corpora" / "demo"
    runner = CliRunner()
    for version in XLIFF_VERSIONS:
        out = tmp_path / f"r{version}.xlf"
        res = runner.invoke(app, ["review", str(demo / "vi.txt"), str(demo / "nl.txt"), "--no-model",
                                  "--xliff", str(out), "--xliff-version", version])
        assert res.exit_code == 0, res.output
        assert f'version="{version}"' in out.read_text(encoding="utf-8")
    res = runner.invoke(app, ["review", str(demo / "vi.txt"), str(demo / "nl.txt"), "--no-model",
                              "--xliff", str(tmp_path / "bad.xlf"), "--xliff-version", "2.2"])
    assert res.exit_code == 2 and "error: XLIFF version 2.2 is not supported" in res.output
    assert not (tmp_path / "bad.xlf").exists()
    assert Outputs(xliff_version="2.2").any() is False  # the version alone is not an output
