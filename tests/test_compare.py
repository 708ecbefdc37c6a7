"""`translate compare`: scores equal the sacrebleu command, significance equals
sacrebleu --paired-bs/--paired-ar with the same seed, N systems, errors, outputs."""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli.main import app
from translate.compare.core import (
    METRICS,
    Scorer,
    bucket_label,
    compare,
    disagreement,
    frequency_buckets,
    paired_test,
    rank,
    tokens,
)
from translate.errors import ConfigError, DataError

runner = CliRunner()
SEED = 7
N = 120

_WORDS = (
    "de het een en van in op met voor niet is zijn was werd heeft hebben naar bij uit om ook "
    "maar dat die dit deze er als dan nog wel al door over tegen tussen onder regering minister "
    "stad land jaar week dag procent miljoen euro politie school ziekenhuis rivier brug huis "
    "vrouw man kinderen studenten boeren bedrijf markt prijs water energie gezondheid verkiezing "
    "Hanoi Vietnam Nederland Amsterdam Mekong zei meldde besloot bouwde opende verhoogde daalde"
).split()


def _corpus(seed: int = 0, n: int = N) -> list[str]:
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        k = rng.randint(3, 45)
        words = [rng.choice(_WORDS) for _ in range(k)]
        if rng.random() < 0.4:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 9999)))
        lines.append(" ".join(words).capitalize() + ".")
    return lines


def _corrupt(lines: list[str], rate: float, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for line in lines:
        words = line.split()
        kept = []
        for w in words:
            r = rng.random()
            if r < rate / 2:
                continue  # drop
            if r < rate:
                w = rng.choice(_WORDS)  # replace
            kept.append(w)
        out.append(" ".join(kept))
    return out


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cmp")
    ref = _corpus(1)
    texts = {
        "ref": ref,
        "src": _corpus(2),
        "sysA": _corrupt(ref, 0.1, 11),
        "sysB": _corrupt(ref, 0.3, 12),
        "sysC": _corrupt(ref, 0.12, 13),
        "sysD": _corrupt(ref, 0.6, 14),
    }
    paths = {}
    for name, lines in texts.items():
        p = d / f"{name}.txt"
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths[name] = p
    docs = [f"doc{i // 25}" for i in range(N)]
    (d / "docids.tsv").write_text("\n".join(docs) + "\n", encoding="utf-8")
    paths["docids"] = d / "docids.tsv"
    return paths


@pytest.fixture(scope="module")
def small(files, tmp_path_factory) -> dict[str, Path]:
    """The first 30 lines of every file (for command-line tests: quicker)."""
    d = tmp_path_factory.mktemp("small")
    out = {}
    for name, p in files.items():
        q = d / p.name
        q.write_text("\n".join(_lines(p)[:SMALL]) + "\n", encoding="utf-8")
        out[name] = q
    return out


SMALL = 30


def _lines(p: Path) -> list[str]:
    return [x.rstrip() for x in p.read_text(encoding="utf-8").split("\n")[:-1]]


def _sacrebleu(args: list[str], seed: int = SEED) -> str:
    env = dict(os.environ, SACREBLEU_SEED=str(seed))
    r = subprocess.run(
        [sys.executable, "-m", "sacrebleu", *args, "-w", "4", "-q"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    return r.stdout


_NUM = r"-?\d+\.\d+"


def _parse_table(text: str) -> dict[str, dict[str, dict[str, float]]]:
    """Parse sacrebleu's multi-system text table: system -> metric -> {score, mean, ci, p}."""
    rows = [[c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")]
    header = [re.sub(r"\s*\(.*\)", "", h) for h in rows[0][1:]]
    out: dict[str, dict[str, dict[str, float]]] = {}
    current = None
    for cells in rows[1:]:
        name, values = cells[0], cells[1:]
        if name:
            current = Path(name.replace("Baseline: ", "")).stem
            out[current] = {}
            for metric, cell in zip(header, values):
                nums = [float(x) for x in re.findall(_NUM, cell)]
                entry = {"score": nums[0]}
                if len(nums) == 3:
                    entry.update(mean=nums[1], ci=nums[2])
                out[current][metric] = entry
        else:
            for metric, cell in zip(header, values):
                m = re.search(r"p = (" + _NUM + ")", cell)
                if m:
                    out[current][metric]["p"] = float(m.group(1))
    return out


SYSTEMS = ["sysA", "sysB", "sysC", "sysD"]


DOCIDS = [f"d{i // 30}" for i in range(N)]


@pytest.fixture(scope="module")
def result(files):
    systems = [(n, _lines(files[n])) for n in SYSTEMS]
    return compare(
        systems, [_lines(files["ref"])], paired_bs=200, paired_ar=200, seed=SEED, source=_lines(files["src"]), docids=DOCIDS
    )


@pytest.fixture(scope="module")
def cli_bs(files):
    """`sacrebleu REF -i SYS... -m bleu chrf ter --paired-bs --paired-bs-n 200` (seed 7)."""
    sysargs = [str(files[n]) for n in SYSTEMS]
    return _parse_table(
        _sacrebleu([str(files["ref"]), "-i", *sysargs, "-m", "bleu", "chrf", "ter", "--paired-bs", "--paired-bs-n", "200", "-f", "text"])
    )


@pytest.fixture(scope="module")
def cli_ar(files):
    """`sacrebleu REF -i SYS... -m bleu chrf ter --chrf-word-order 2 --paired-ar --paired-ar-n 200` (seed 7)."""
    sysargs = [str(files[n]) for n in SYSTEMS]
    return _parse_table(
        _sacrebleu([str(files["ref"]), "-i", *sysargs, "-m", "bleu", "chrf", "ter", "--chrf-word-order", "2",
                    "--paired-ar", "--paired-ar-n", "200", "-f", "text"])
    )


def test_corpus_scores_equal_sacrebleu_command(files, result, cli_bs, cli_ar):
    one = json.loads(_sacrebleu([str(files["ref"]), "-i", str(files["sysA"]), "-m", "bleu", "chrf", "ter", "-f", "json"]))
    assert [e["name"] for e in one] == ["BLEU", "chrF2", "TER"]
    for entry in one:
        key = entry["name"]
        assert result.corpus["sysA"][key].score == pytest.approx(entry["score"], abs=1e-4)
        assert result.corpus["sysA"][key].signature == entry["signature"]
    assert result.corpus["sysA"]["BLEU"].verbose == one[0]["verbose_score"]
    for n in SYSTEMS:
        for key in ("BLEU", "chrF2", "TER"):
            assert result.corpus[n][key].score == pytest.approx(cli_bs[n][key]["score"], abs=1e-4), (n, key)
        assert result.corpus[n]["chrF2++"].score == pytest.approx(cli_ar[n]["chrF2++"]["score"], abs=1e-4)
        assert result.corpus[n]["chrF2++"].signature.replace("nw:2", "nw:0") == result.corpus[n]["chrF2"].signature


def test_paired_bootstrap_equals_sacrebleu(result, cli_bs):
    bs = result.tests[0]
    assert bs.kind == "bs" and bs.n == 200 and bs.seed == SEED
    for n in SYSTEMS:
        for key in ("BLEU", "chrF2", "TER"):
            mine, theirs = bs.results[n][key], cli_bs[n][key]
            assert mine.mean == pytest.approx(theirs["mean"], abs=2e-4)
            assert mine.ci == pytest.approx(theirs["ci"], abs=2e-4)
            if n == "sysA":
                assert mine.p_value is None
            else:
                assert mine.p_value == pytest.approx(theirs["p"], abs=2e-4)
    assert "bs:200" in bs.signatures["BLEU"] and f"seed:{SEED}" in bs.signatures["BLEU"]
    # sysB (rate .3) and sysD (.6) are far from the baseline (.1): significance must say so
    assert bs.results["sysB"]["chrF2"].p_value < 0.05
    assert bs.results["sysD"]["chrF2"].p_value < 0.05


def test_approximate_randomization_equals_sacrebleu(result, cli_ar):
    ar = result.tests[1]
    assert ar.kind == "ar" and ar.n == 200
    for n in SYSTEMS[1:]:
        for key in ("BLEU", "chrF2++", "TER"):
            assert ar.results[n][key].p_value == pytest.approx(cli_ar[n][key]["p"], abs=2e-4), (n, key)
    assert ar.signatures["chrF2++"].startswith("nrefs:1|ar:200|seed:7")


def test_seed_changes_resampling_and_is_reproducible(files):
    systems = [(n, _lines(files[n])[:40]) for n in SYSTEMS[:3]]
    ref = [_lines(files["ref"])[:40]]
    scorer = Scorer(ref)
    a = paired_test(systems, ref, "sysA", "bs", 50, seed=3, scorer=scorer)
    b = paired_test(systems, ref, "sysA", "bs", 50, seed=3, scorer=scorer)
    c = paired_test(systems, ref, "sysA", "bs", 50, seed=4, scorer=scorer)
    assert a.results["sysC"]["chrF2"].mean == b.results["sysC"]["chrF2"].mean
    assert a.results["sysC"]["chrF2"].mean != c.results["sysC"]["chrF2"].mean
    assert os.environ.get("SACREBLEU_SEED") != "3"  # restored after the call


def test_ranking_and_baseline(files, result):
    assert result.ranking == ["sysA", "sysC", "sysB", "sysD"]  # by chrF2: corruption rate .1 < .12 < .3 < .6
    assert rank(result.corpus, "TER") == ["sysA", "sysC", "sysB", "sysD"]
    assert result.baseline == "sysA"
    systems = [(n, _lines(files[n])[:20]) for n in SYSTEMS[:2]]
    c = compare(systems, [_lines(files["ref"])[:20]], baseline="sysB")
    assert c.baseline == "sysB" and c.tests == []


def test_sentence_scores_equal_sacrebleu_functions(files, result):
    from sacrebleu.metrics import BLEU, CHRF

    hyps, ref = _lines(files["sysB"]), _lines(files["ref"])
    bleu, chrf = BLEU(effective_order=True), CHRF()
    for i in range(0, N, 7):
        assert result.segment_scores["sysB"][i]["chrF2"] == pytest.approx(chrf.sentence_score(hyps[i], [ref[i]]).score)
        assert result.segment_scores["sysB"][i]["BLEU"] == pytest.approx(bleu.sentence_score(hyps[i], [ref[i]]).score)
    top = result.disagreement[0]
    assert result.spread[top] == max(result.spread)


def test_buckets_and_documents(files, result):
    systems = [(n, _lines(files[n])) for n in SYSTEMS[:2]]
    ref = _lines(files["ref"])
    c = result
    assert sum(b.count for b in c.length_buckets) == N
    assert c.length_basis.startswith("source")
    assert [b.label for b in c.documents] == ["d0", "d1", "d2", "d3"]
    assert all(b.count == 30 for b in c.documents)
    # a document's score is the corpus score of its lines
    scorer = Scorer([ref[:30]])
    assert c.documents[0].scores["sysA"]["chrF2"] == pytest.approx(scorer.corpus(systems[0][1][:30])["chrF2"].score)
    # frequency buckets count every reference word once
    total = sum(len(tokens(r)) for r in ref)
    assert sum(b.count for b in c.freq_buckets) == total


def test_frequency_buckets_by_hand():
    freq = Counter({"de": 5, "kat": 1, "zit": 2})
    b = {x.label: x for x in frequency_buckets([("s", ["de kat zit", "de hond"])], ["de kat zat", "de kat"], freq, cutoffs=(1, 2, 5))}
    # reference words: de(5) x2 -> '>=5'; kat(1) x2 -> '1'; zat(0) -> '<1'
    assert b[">=5"].count == 2 and b[">=5"].scores["s"]["recall"] == 100.0
    assert b["1"].count == 2 and b["1"].scores["s"]["recall"] == 50.0 and b["1"].scores["s"]["precision"] == 100.0
    assert b["<1"].count == 1 and b["<1"].scores["s"]["recall"] == 0.0
    assert b["<1"].scores["s"]["precision"] == 0.0  # 'hond' (freq 0) is not in its reference
    assert b["[2,5)"].count == 0 and b["[2,5)"].scores["s"]["recall"] is None  # 'zit' only in the hypothesis
    assert b["[2,5)"].scores["s"]["precision"] == 0.0 and b["[2,5)"].scores["s"]["f1"] is None
    assert bucket_label(7, (1, 2, 5)) == ">=5" and bucket_label(3, (1, 2, 5)) == "[2,5)"


def test_disagreement_order():
    scores = {"a": [{"chrF2": 10.0}, {"chrF2": 50.0}, {"chrF2": 30.0}], "b": [{"chrF2": 10.0}, {"chrF2": 90.0}, {"chrF2": 0.0}]}
    order, spread = disagreement(scores)
    assert order == [1, 2, 0] and spread == [0.0, 40.0, 30.0]


def test_core_errors(files):
    ref = _lines(files["ref"])
    with pytest.raises(DataError, match="sysX: 3 segments"):
        compare([("sysX", ref[:3]), ("b", ref)], [ref])
    with pytest.raises(ConfigError, match="at least two systems"):
        compare([("a", ref)], [ref], paired_bs=10)
    with pytest.raises(ConfigError, match="seed"):
        paired_test([("a", ref), ("b", ref)], [ref], "a", "bs", 10, seed=0)


# ---------------------------------------------------------------- command line


def _run(args: list[str]):
    return runner.invoke(app, ["compare", *args])


def test_cli_three_systems_json_html(small, tmp_path):
    out, page = tmp_path / "c.json", tmp_path / "c.html"
    r = _run(["--ref", str(small["ref"]), "--source", str(small["src"]), str(small["sysA"]), str(small["sysB"]),
              str(small["sysC"]), "--name", "alpha", "--name", "beta", "--name", "gamma", "--baseline", "2",
              "--paired-bs", "100", "--paired-ar", "100", "--docids", str(small["docids"]),
              "--json", str(out), "--html", str(page)])
    assert r.exit_code == 0, r.output
    assert "\x1b[" not in r.output  # no colour in a pipe
    # 80 columns, except lines that carry a file path or a signature (kept whole to copy)
    assert max(len(line) for line in r.output.splitlines() if "/" not in line and "|" not in line) <= 80
    assert "alpha" in r.output and "beta (baseline)" in r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "translate-compare" and data["reference_free"] is False
    assert [s["name"] for s in data["systems"]] == ["alpha", "beta", "gamma"]
    assert data["baseline"] == "beta" and data["ranking"][0] == "alpha"
    assert {t["test"] for t in data["significance"]} == {"bs", "ar"}
    assert data["significance"][0]["results"]["alpha"]["chrF2"]["significant"] is True
    assert len(data["per_segment"]) == SMALL and len(data["documents"]) == 2
    assert set(data["signatures"]) == set(METRICS)
    text = page.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "class=\"sortable" in text and "<script>" in text
    assert 'id="segments"' in text and "REFERENCE-FREE" not in text


def test_cli_html_escapes_text(tmp_path):
    ref = tmp_path / "ref.txt"
    ref.write_text("een <b>vet</b> & \"zo\"\nde twee\n", encoding="utf-8")
    a = tmp_path / "a.txt"
    a.write_text("<script>alert(1)</script>\nde twee\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("een vet\nde drie\n", encoding="utf-8")
    page = tmp_path / "p.html"
    r = _run(["--ref", str(ref), str(a), str(b), "--html", str(page), "--paired-bs", "20", "--paired-ar", "0"])
    assert r.exit_code == 0, r.output
    text = page.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;b&gt;vet&lt;/b&gt; &amp; &quot;zo&quot;" in text


@pytest.mark.parametrize("cut,word", [(-1, "missing"), (1, "extra")])
def test_cli_missing_or_extra_lines(small, tmp_path, cut, word):
    lines = _lines(small["sysB"])
    bad = tmp_path / "bad.txt"
    bad_lines = lines[:cut] if cut < 0 else lines + ["een regel te veel"]
    bad.write_text("\n".join(bad_lines) + "\n", encoding="utf-8")
    r = _run(["--ref", str(small["ref"]), str(small["sysA"]), str(bad)])
    assert r.exit_code == 2
    msg = r.output.strip()
    assert len(msg.splitlines()) == 1 and msg.startswith("error:")
    assert "bad.txt" in msg and f"{len(bad_lines)} lines" in msg and f"{SMALL} lines" in msg and word in msg
    assert "Traceback" not in r.output


def test_cli_empty_system_and_blank_system(small, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = _run(["--ref", str(small["ref"]), str(small["sysA"]), str(empty)])
    assert r.exit_code == 2 and "empty.txt" in r.output and "empty (0 lines)" in r.output
    blank = tmp_path / "blank.txt"
    blank.write_text("\n" * SMALL, encoding="utf-8")
    out = tmp_path / "b.json"
    r = _run(["--ref", str(small["ref"]), str(small["sysA"]), str(blank), "--json", str(out), "--paired-bs", "20", "--paired-ar", "0"])
    assert r.exit_code == 0, r.output
    assert "every segment is empty" in r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["systems"][1]["scores"]["BLEU"] == 0.0 and data["ranking"] == ["sysA", "blank"]


def test_cli_usage_errors(small, tmp_path):
    ref, a, b = str(small["ref"]), str(small["sysA"]), str(small["sysB"])
    cases = [
        (["--ref", ref, a, "--paired-bs", "100"], "at least two systems"),
        (["--ref", ref, a, str(tmp_path / "nope.txt")], "no such file"),
        (["--ref", ref, a, b, "--name", "x"], "1 --name value(s) for 2 system(s)"),
        (["--ref", ref, a, b, "--baseline", "zzz"], "not a system name"),
        (["--ref", ref, a, b, "--baseline", "3"], "there are 2 systems"),
        (["--ref", ref, a, a], "given twice"),
        ([a, b], "no reference and no source"),
        (["--ref", ref, a, b, "--docids", str(small["src"])], None),  # count matches: fine
        (["--ref", ref, a, b, "--docids", str(tmp_path)], "is a directory"),
    ]
    for args, message in cases:
        r = _run(args + ["--paired-ar", "0"] if "--paired-bs" in args else args + ["--paired-bs", "0", "--paired-ar", "0"])
        if message is None:
            assert r.exit_code == 0, r.output
            continue
        assert r.exit_code == 2, (args, r.output)
        assert message in r.output, (args, r.output)
        assert "Traceback" not in r.output


def test_cli_single_system_scores_only(small):
    r = _run(["--ref", str(small["ref"]), str(small["sysA"]), "--quiet"])
    assert r.exit_code == 0, r.output
    assert "sysA" in r.output and "Significance" not in r.output


def test_cli_reference_free_with_pseudo_ref(small, tmp_path):
    out = tmp_path / "rf.json"
    page = tmp_path / "rf.html"
    r = _run(["--source", str(small["src"]), "--pseudo-ref", str(small["ref"]), str(small["sysA"]), str(small["sysB"]),
              "--paired-bs", "50", "--paired-ar", "0", "--json", str(out), "--html", str(page)])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("REFERENCE-FREE")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["reference_free"] is True and "REFERENCE-FREE" in data["reference_free_note"]
    assert data["reference"]["kind"] == "pseudo-reference"
    assert 'id="reference-free"' in page.read_text(encoding="utf-8")


def test_likelihood_detected_with_hasattr(small):
    from translate.compare.inputs import add_likelihood, load_inputs

    table = dict(zip(_lines(small["src"]), _lines(small["ref"])))

    from translate.mt.base import Backend

    class Plain(Backend):
        def signature(self):
            return "fake"

        def translate(self, sentences):
            return [table[s] for s in sentences]

    class Scoring(Plain):
        can_score = True

        def score_tokens(self, sources, targets):
            return [[-0.5] * max(1, len(t.split())) if t.startswith("Een") else [-2.0] for t in targets]

    for backend, expect in ((Plain(), None), (Scoring(), True)):
        inputs, be = load_inputs([str(small["sysA"]), str(small["sysB"])], source=str(small["src"]), backend=backend)
        assert inputs.reference_free and inputs.references[0] == _lines(small["ref"])  # the "model" output
        c = compare(inputs.systems, inputs.references, reference_free=True)
        add_likelihood(c, inputs, be)
        if expect is None:
            assert c.likelihood is None and "score_tokens" in c.likelihood_note
        else:
            assert set(c.likelihood) == {"sysA", "sysB"} and all(v < 0 for v in c.likelihood.values())


def test_reference_free_with_tiny_model(small, tiny_model, tmp_path):
    """Pseudo-reference from a real (tiny, random) MarianMT model; short outputs keep it quick."""
    from translate.compare.inputs import add_likelihood, load_inputs
    from translate.compare.report import render_terminal, to_dict
    from translate.mt.registry import load_backend
    from rich.console import Console

    paths = {}
    for name in ("src", "sysA", "sysB"):
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text("\n".join(_lines(small[name])[:4]) + "\n", encoding="utf-8")
    backend = load_backend(str(tiny_model), max_length=12)
    inputs, be = load_inputs([str(paths["sysA"]), str(paths["sysB"])], source=str(paths["src"]), backend=backend)
    assert inputs.reference_free and len(inputs.references[0]) == 4
    assert "MarianMT re-translation" in inputs.reference_desc[0] and str(tiny_model) in inputs.reference_desc[0]
    c = compare(inputs.systems, inputs.references, reference_free=True, reference_desc=inputs.reference_desc, paired_bs=20)
    add_likelihood(c, inputs, be)
    assert c.likelihood_note  # values when the backend has score_tokens, else why not
    console = Console(record=True, width=80)
    render_terminal(to_dict(inputs, c), console)
    text = console.export_text()
    assert text.startswith("REFERENCE-FREE") and "reference-free comparison" in text


def test_cli_model_for_likelihood_with_pseudo_ref(small, tiny_model, tmp_path):
    out = tmp_path / "m.json"
    r = _run(["--source", str(small["src"]), "--pseudo-ref", str(small["ref"]), "--model", str(tiny_model),
              str(small["sysA"]), str(small["sysB"]), "--paired-bs", "20", "--paired-ar", "0", "--json", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["reference_free"] and data["likelihood"]["note"]
    if data["likelihood"]["values"] is None:
        assert "score_tokens" in data["likelihood"]["note"] or "failed" in data["likelihood"]["note"]


def test_cli_reference_free_without_model_is_one_line(small, monkeypatch):
    import translate.mt.hub as hub

    monkeypatch.setattr(hub, "hub_cached", lambda model, revision=None: False)  # as on a machine without the model
    r = _run(["--source", str(small["src"]), str(small["sysA"]), str(small["sysB"])])
    assert r.exit_code == 2
    assert r.output.startswith("error: no --ref given") and len(r.output.strip().splitlines()) == 1
    assert "--pseudo-ref" in r.output


VI_DOC = """Hà Nội có 8,5 triệu dân vào năm 2024. Thành phố nằm bên sông Hồng.

Chính phủ đã xây 12 cây cầu mới. Giá nhà tăng 7% trong một năm. Nhiều sinh viên sống ở ngoại ô.
"""
NL_DOC = """Hanoi had in 2024 8,5 miljoen inwoners. De stad ligt aan de Rode Rivier.

De regering bouwde 12 nieuwe bruggen. De huizenprijzen stegen in een jaar met 7%. Veel studenten wonen in de buitenwijken.
"""
# merges two sentences, drops one, adds one
SYS_DOC = """Hanoi had in 2024 8,5 miljoen inwoners en de stad ligt aan de Rode Rivier.

De regering bouwde 12 nieuwe bruggen. Dit is een zin die er niet hoort. Veel studenten wonen in de buitenwijken.
"""


def test_documents_mode_aligns_and_keeps_every_sentence(tmp_path):
    from translate.compare.inputs import load_inputs

    src, ref, sys_a = tmp_path / "vi.txt", tmp_path / "nl.txt", tmp_path / "sys.txt"
    src.write_text(VI_DOC, encoding="utf-8")
    ref.write_text(NL_DOC, encoding="utf-8")
    sys_a.write_text(SYS_DOC, encoding="utf-8")
    inputs, _ = load_inputs([str(sys_a), str(ref)], source=str(src), refs=[str(ref)], names=["sys", "upper"], documents=True)
    n = len(inputs.references[0])
    assert inputs.mode == "documents" and 1 <= n <= 5 and len(inputs.labels) == n
    # every sentence of every file is in exactly one segment, in order
    assert " ".join(inputs.source) == " ".join(VI_DOC.split())
    assert " ".join(inputs.references[0]) == " ".join(NL_DOC.split())
    assert " ".join(inputs.systems[0][1]) == " ".join(SYS_DOC.split())
    assert inputs.systems[1][1] == inputs.references[0]
    c = compare(inputs.systems, inputs.references, source=inputs.source)
    assert c.corpus["upper"]["chrF2"].score == 100.0 and c.ranking == ["upper", "sys"]
    r = _run(["--documents", "--source", str(src), "--ref", str(ref), str(sys_a), str(ref), "--paired-bs", "0", "--paired-ar", "0"])
    assert r.exit_code == 0, r.output
    assert "documents:" in r.output
    r = _run(["--documents", "--ref", str(ref), str(sys_a)])
    assert r.exit_code == 2 and "--documents needs --source" in r.output


def test_sufficient_statistics_of_slices_add_up_to_the_corpus_score():
    """review-corpus scores each document in its worker and sums: exactly sacrebleu's corpus score."""
    from translate.compare.core import SufficientStats, corpus_scores, scores_from_stats, sufficient_stats

    hyps = ["De kat zit op de mat.", "Het regent vandaag in Hanoi.", "Twee mannen liepen naar huis", "Ja."]
    refs = ["De kat zat op de mat.", "Vandaag regent het in Hanoi.", "Twee mannen gingen naar huis.", "Nee."]
    whole = corpus_scores(hyps, [refs])
    parts = [sufficient_stats(hyps[:1], refs[:1]), sufficient_stats([], []), sufficient_stats(hyps[1:], refs[1:])]
    parts = [SufficientStats.from_json(json.loads(json.dumps(p.to_json()))) for p in parts]  # as stored on disk
    summed = scores_from_stats(parts)
    assert set(summed) == set(whole)
    for key in whole:
        assert summed[key].score == whole[key].score
        assert summed[key].signature == whole[key].signature
    assert scores_from_stats([sufficient_stats([], [])]) is None
