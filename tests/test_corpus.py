"""translate review-corpus: per-document reports, corpus files, bad documents, resume, workers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli.main import app
from translate.corpus.run import CorpusSettings, discover, review_corpus

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "corpora" / "demo"
VI = (DEMO / "vi.txt").read_text(encoding="utf-8")
NL = (DEMO / "nl.txt").read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def make_corpus(folder: Path, n: int) -> Path:
    """n pairs cut from the demo text (different slices, so different reports)."""
    folder.mkdir(parents=True, exist_ok=True)
    vi, nl = _paragraphs(VI), _paragraphs(NL)
    for i in range(n):
        k = 3 + i % 5
        (folder / f"doc{i:03d}.vi.txt").write_text("\n".join(vi[i % 4: i % 4 + k]) + "\n", encoding="utf-8")
        (folder / f"doc{i:03d}.nl.txt").write_text("\n".join(nl[i % 4: i % 4 + k + 1]) + "\n", encoding="utf-8")
    return folder


def comparable(out: Path) -> dict[str, object]:
    """Every corpus output, minus what is measured (seconds) or cache-dependent (model_use)."""
    got: dict[str, object] = {}
    for line in (out / "summary.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        row.pop("seconds")
        got[f"summary:{row['id']}"] = row
    for name in ("scores.json", "ranked.tsv", "index.html"):
        got[name] = (out / name).read_text(encoding="utf-8")
    for p in sorted((out / "docs").glob("*.json")):
        if p.name.endswith(".done.json"):
            continue
        rep = json.loads(p.read_text(encoding="utf-8"))
        rep["meta"].pop("model_use", None)
        got[p.name] = rep
    return got


def test_folder_reports_and_bad_documents(tmp_path):
    src = make_corpus(tmp_path / "in", 2)
    (src / "empty.vi.txt").write_text("", encoding="utf-8")
    (src / "empty.nl.txt").write_text("Hallo.\n", encoding="utf-8")
    (src / "swapped.vi.txt").write_text(NL, encoding="utf-8")
    (src / "swapped.nl.txt").write_text(VI, encoding="utf-8")
    (src / "binary.vi.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (src / "binary.nl.txt").write_text(NL, encoding="utf-8")
    (src / "lonely.vi.txt").write_text(VI, encoding="utf-8")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["review-corpus", str(src), "--out", str(out), "--workers", "1", "--html"])
    assert res.exit_code == 0, res.output
    rows = {r["id"]: r for r in map(json.loads, (out / "summary.jsonl").read_text().splitlines())}
    assert set(rows) == {"doc000", "doc001", "empty", "swapped", "binary", "lonely"}
    for bad in ("empty", "swapped", "binary", "lonely"):
        assert rows[bad]["status"] == "error" and rows[bad]["error"], bad
    assert "swapped" in rows["swapped"]["error"] and "empty" in rows["empty"]["error"]
    good = rows["doc000"]
    assert good["status"] == "ok" and good["links"] > 0 and sum(good["flags"].values()) >= 0
    # the per-document report is the one `translate review --json` writes
    single = tmp_path / "single.json"
    r2 = CliRunner().invoke(app, ["review", str(src / "doc000.vi.txt"), str(src / "doc000.nl.txt"), "--no-model", "--json", str(single)])
    assert r2.exit_code in (0, 1), r2.output
    a, b = json.loads((out / "docs" / "doc000.json").read_text()), json.loads(single.read_text())
    assert a["summary"] == b["summary"] and a["flags"] == b["flags"] and a["links"] == b["links"]
    assert (out / "docs" / "doc000.html").exists()
    index = (out / "index.html").read_text()
    assert 'href="docs/doc000.html"' in index and "swapped" in index
    ranked = (out / "ranked.tsv").read_text().splitlines()
    assert ranked[1].split("\t")[2].startswith("error")  # failed documents rank first
    scores = json.loads((out / "scores.json").read_text())
    assert scores["documents"] == 6 and scores["errors"] == 4
    # --fail-on: a document that could not be reviewed counts as an error
    res = CliRunner().invoke(app, ["review-corpus", str(src), "--out", str(out), "--workers", "1", "--html", "--fail-on", "error"])
    assert res.exit_code == 1
    assert "0 reviewed, 6 unchanged" in res.output


def test_against_and_manifest_give_corpus_scores(tmp_path):
    src = make_corpus(tmp_path / "in", 3)
    for i in range(3):  # the rendering itself as against: high chrF
        (src / f"doc{i:03d}.against.nl.txt").write_text((src / f"doc{i:03d}.nl.txt").read_text(), encoding="utf-8")
    out = tmp_path / "out"
    res = review_corpus(discover(src), out, CorpusSettings(), workers=1)
    assert res.errors == 0
    sc = json.loads((out / "scores.json").read_text())["scores"]
    assert 60 < sc["chrF2"]["score"] <= 100 and sc["chrF2"]["signature"].startswith("nrefs:1")
    manifest = tmp_path / "m.tsv"
    manifest.write_text("id\tsource\trendering\tagainst\n" + "".join(
        f"x/{i}\tin/doc{i:03d}.vi.txt\tin/doc{i:03d}.nl.txt\tin/doc{i:03d}.against.nl.txt\n" for i in range(3)))
    out2 = tmp_path / "out2"
    res2 = review_corpus(discover(manifest), out2, CorpusSettings(), workers=1)
    assert [r["id"] for r in res2.records] == ["x/0", "x/1", "x/2"]
    assert json.loads((out2 / "scores.json").read_text())["scores"] == json.loads((out / "scores.json").read_text())["scores"]
    # each document's risk is its worst pair's, as in its own report, and ranks the documents
    rows = [json.loads(x) for x in (out / "summary.jsonl").read_text().splitlines()]
    for row in rows:
        links = json.loads((out / "docs" / f"{row['id']}.json").read_text())["links"]
        assert row["risk"] == max(link["risk"]["score"] for link in links if link["risk"])
    ranked = [line.split("\t")[1] for line in (out / "ranked.tsv").read_text().splitlines()[1:]]
    risk = {r["id"]: r["risk"] for r in rows}
    assert [risk[i] for i in ranked] == sorted(risk.values(), reverse=True)


def test_bad_manifest_is_one_line_error(tmp_path):
    m = tmp_path / "m.tsv"
    m.write_text("a\tb\n")
    res = CliRunner().invoke(app, ["review-corpus", str(m), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and "error:" in res.output and "Traceback" not in res.output


def test_resume_after_kill_equals_uninterrupted_run(tmp_path):
    src = make_corpus(tmp_path / "in", 40)
    whole = tmp_path / "whole"
    review_corpus(discover(src), whole, CorpusSettings(), workers=1)
    out = tmp_path / "killed"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "translate.cli.main", "review-corpus", str(src), "--out", str(out), "-j", "1", "-q"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(out.glob("docs/*.done.json"))) < 5:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = len(list((out / "docs").glob("*.done.json")))
    assert 5 <= done_before < 40, "the run ended before it could be killed halfway"
    assert not (out / "summary.jsonl").exists()
    res = review_corpus(discover(src), out, CorpusSettings(), workers=1)
    assert res.skipped == done_before and res.reviewed == 40 - done_before
    assert comparable(out) == comparable(whole)
    # an edited input is reviewed again; the others are skipped
    (src / "doc007.nl.txt").write_text("Iets anders.\n", encoding="utf-8")
    res = review_corpus(discover(src), out, CorpusSettings(), workers=1)
    assert res.reviewed == 1 and res.skipped == 39


@pytest.mark.slow  # two worker processes loading the model: about 25 s
def test_two_workers_with_the_tiny_model_equal_one(tmp_path, tiny_model):
    src = make_corpus(tmp_path / "in", 20)
    runs = {}
    for n in (1, 2):
        out = tmp_path / f"w{n}"
        s = CorpusSettings(model=str(tiny_model), engine="transformers", cache=str(tmp_path / f"cache{n}.db"))
        res = review_corpus(discover(src), out, s, workers=n)
        assert res.errors == 0, [r["error"] for r in res.records if r["error"]]
        runs[n] = comparable(out)
    assert runs[1] == runs[2]
    rep = json.loads((tmp_path / "w2" / "docs" / "doc000.json").read_text())
    assert str(tiny_model) in rep["meta"]["system"]
    assert json.loads((tmp_path / "w2" / "scores.json").read_text())["scores"]["BLEU"]["signature"]


@pytest.mark.slow  # a Ray head and a worker pool: about a minute
def test_ray_local_head_equals_one_worker(tmp_path, tiny_model):
    """Through --ray on a local head (started here on 127.0.0.1, or RAY_ADDRESS from .ci/run)."""
    pytest.importorskip("ray")
    import shutil

    src = make_corpus(tmp_path / "in", 12)
    for i in range(0, 12, 3):  # some documents model-free (plain tasks), the rest on the actors
        (src / f"doc{i:03d}.against.nl.txt").write_text((src / f"doc{i:03d}.nl.txt").read_text(), encoding="utf-8")
    address = os.environ.get("TRANSLATE_TEST_RAY")
    head = None
    if not address:
        # a head of our own, in its own process group (--block), so that only it is stopped
        ray_bin = shutil.which("ray") or str(Path(sys.executable).parent / "ray")
        port = 6390 + os.getpid() % 50
        address = f"127.0.0.1:{port}"
        head = subprocess.Popen([ray_bin, "start", "--head", "--block", "--num-cpus", "2", "--disable-usage-stats",
                                 "--node-ip-address", "127.0.0.1", "--port", str(port), "--include-dashboard", "false"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 180
        while subprocess.run([ray_bin, "status", "--address", address], capture_output=True).returncode != 0:
            if head.poll() is not None or time.time() > deadline:
                os.killpg(head.pid, signal.SIGKILL) if head.poll() is None else None
                pytest.skip("could not start a local Ray head")
            time.sleep(1)
    try:
        env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
        common = ["--model", str(tiny_model), "--backend", "transformers", "-q"]
        for name, extra in (("local", ["-j", "1", "--cache", str(tmp_path / "c1.db")]),
                            ("ray", ["--ray", address, "-j", "2", "--cache", str(tmp_path / "c2.db")])):
            r = subprocess.run([sys.executable, "-m", "translate.cli.main", "review-corpus", str(src), "--out", str(tmp_path / name), *common, *extra],
                               env=env, capture_output=True, text=True, timeout=600)
            assert r.returncode == 0, r.stderr[-2000:]
        assert comparable(tmp_path / "ray") == comparable(tmp_path / "local")
    finally:
        if head is not None:
            os.killpg(head.pid, signal.SIGTERM)
            try:
                head.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(head.pid, signal.SIGKILL)
