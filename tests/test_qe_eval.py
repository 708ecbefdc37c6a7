"""eval/qe.py: its rank statistics, and a small run on the real corpora (skipped when absent)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("qe_eval", ROOT / "eval" / "qe.py")
qe = importlib.util.module_from_spec(spec)
spec.loader.exec_module(qe)


def test_auc_and_spearman():
    assert qe.auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert qe.auc([0, 0, 1, 1], [0.4, 0.3, 0.2, 0.1]) == 0.0
    assert qe.auc([0, 1], [0.5, 0.5]) == 0.5  # a tie counts half
    assert qe.spearman([1, 2, 3, 4], [10, 20, 30, 400]) == pytest.approx(1.0)
    assert qe.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert qe.precision_at([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1], 2) == 0.5


@pytest.mark.skipif(not qe.DATA.is_dir(), reason="realmt corpora absent")
def test_small_run_prints_the_table(capsys):
    code = qe.main(["--limit", "12", "--against", "opus", "nllb13", "--margin", "-1"])
    out = capsys.readouterr().out
    assert "chrF" in out and "risk" in out and "opus+nllb13" in out
    assert code in (0, 1)
