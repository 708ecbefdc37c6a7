"""Per-link risk (translate/checks/risk.py), --sort risk, and several --against files."""

import json

from typer.testing import CliRunner

from translate.checks.risk import _unpaired
from translate.cli.main import app
from translate.data import Flag, Link, Severity
from translate.pipeline import ReviewOptions, review
from translate.report.core import link_order, to_dict

SRC = [
    "Năm 2019, thành phố Đà Nẵng đón 8,6 triệu lượt khách du lịch.",
    "Ông Nguyễn Văn Minh cho biết dự án sẽ hoàn thành vào tháng 12 năm nay.",
    "Cơn bão đã làm hư hại hơn 3.000 ngôi nhà ở tỉnh Quảng Ngãi và gây mất điện trên diện rộng.",
    "Giá xăng tăng 5% trong tuần này.",
]
RE_A = [
    "In 2019 ontving de stad Da Nang 8,6 miljoen toeristen.",
    "De heer Nguyen Van Minh zei dat het project in december van dit jaar klaar zal zijn.",
    "De storm beschadigde meer dan 3.000 huizen in de provincie Quang Ngai en veroorzaakte grote stroomuitval.",
    "De benzineprijs steeg deze week met 5%.",
]
RE_B = [
    "In 2019 verwelkomde de stad Da Nang 8,6 miljoen toeristen.",
    "Meneer Nguyen Van Minh zei dat het project in december van dit jaar af zal zijn.",
    "De storm heeft meer dan 3.000 huizen in de provincie Quang Ngai beschadigd en zorgde voor grote stroomuitval.",
    "De prijs van benzine steeg deze week met 5%.",
]
RENDERING = [
    RE_A[0],
    RE_A[1],
    "De storm beschadigde huizen in Quang Ngai.",  # the number and the power-cut clause are gone
    RE_B[3],
]


def _files(tmp_path):
    paths = {}
    for name, lines in (("vi.txt", SRC), ("nl.txt", RENDERING), ("a.txt", RE_A), ("b.txt", RE_B)):
        p = tmp_path / name
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths[name] = str(p)
    return paths


def _storm(result):
    return next(k for k, link in enumerate(result.alignment.links) if 2 in link.src)


def test_risk_in_unit_interval_with_evidence_and_worst_first(tmp_path):
    p = _files(tmp_path)
    result = review(p["vi.txt"], p["nl.txt"], ReviewOptions(model=None, against=p["a.txt"]))
    assert len(result.risks) == len(result.alignment.links)
    for r in result.risks:
        assert r is not None and 0.0 <= r.score <= 1.0 and r.evidence
        assert all(e.reason for e in r.evidence)
    k = _storm(result)
    assert link_order(result, "risk")[0] == k
    assert result.risks[k].score > 0.5 > max(r.score for j, r in enumerate(result.risks) if j != k)
    assert {"chrf", "length"} <= {e.signal for e in result.risks[k].evidence}
    link = to_dict(result)["links"][k]
    assert link["risk"]["score"] == result.risks[k].score and link["risk"]["evidence"][0]["reason"]


def test_several_against_files_weigh_in(tmp_path):
    p = _files(tmp_path)
    one = review(p["vi.txt"], p["nl.txt"], ReviewOptions(model=None, against=p["a.txt"]))
    two = review(p["vi.txt"], p["nl.txt"], ReviewOptions(model=None, against=[p["a.txt"], p["b.txt"]]))
    assert [s.chrf for s in one.scores if s] == [s.chrf for s in two.scores if s]  # scores use the first
    assert len(two.translation.others) == 1
    k = _storm(two)
    assert "agreement" in {e.signal for e in two.risks[k].evidence}
    assert "2 re-translations" in next(e.reason for e in two.risks[k].evidence if e.signal == "chrf")
    assert link_order(two, "risk")[0] == k


def test_cli_sort_risk_and_repeatable_against(tmp_path):
    p = _files(tmp_path)
    runner = CliRunner()
    out = tmp_path / "r.json"
    res = runner.invoke(app, ["review", p["vi.txt"], p["nl.txt"], "--no-model", "--against", p["a.txt"], "--against", p["b.txt"],
                              "--sort", "risk", "--json", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert all(link["risk"] is None or 0 <= link["risk"]["score"] <= 1 for link in data["links"])
    first_pair = res.output.find("De storm beschadigde huizen")
    assert 0 <= first_pair < res.output.find("Da Nang")  # the worst pair is shown first
    bad = runner.invoke(app, ["review", p["vi.txt"], p["nl.txt"], "--no-model", "--sort", "worst"])
    assert bad.exit_code == 2 and "error:" in bad.output and "Traceback" not in bad.output


def test_a_dropped_sentence_has_the_top_risk_from_its_flags(tmp_path):
    """A 1:0 (the rendering left a sentence out) is scored by the checks' verdict on it: an
    omission error ranks above every scored pair, so --sort risk shows it first."""
    p = _files(tmp_path)
    (tmp_path / "drop.txt").write_text("\n".join([RE_A[0], RE_A[1], RE_A[3]]) + "\n", encoding="utf-8")
    result = review(p["vi.txt"], str(tmp_path / "drop.txt"), ReviewOptions(model=None, against=p["a.txt"]))
    k = next(k for k, link in enumerate(result.alignment.links) if link.src == (2,) and not link.tgt)
    assert any(f.link == k and f.code == "omission" and f.severity.value == "error" for f in result.flags)
    r = result.risks[k]
    assert r is not None and r.score > 0.95 and r.evidence[0].signal == "flag:omission"
    assert "nothing in the rendering" in r.evidence[0].reason
    assert link_order(result, "risk")[0] == k
    assert to_dict(result)["links"][k]["risk"]["score"] == r.score


def test_an_unpaired_link_without_a_warning_stays_low():
    link = Link(src=(3,), tgt=())
    info = Flag(link=0, code="omission", severity=Severity.INFO, message="only punctuation: '—'")
    low = _unpaired(link, [info])
    assert low is not None and low.score < 0.2 and "info omission" in low.evidence[0].reason
    assert _unpaired(link, []).score < 0.2
    assert _unpaired(Link(src=(), tgt=()), []) is None
    alone = _unpaired(Link(src=(), tgt=(0,)), [], no_source=True)
    assert "no source given" in alone.evidence[0].reason and "nothing in the source" not in alone.evidence[0].reason
