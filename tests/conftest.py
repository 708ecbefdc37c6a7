"""Shared fixtures: the tiny Marian model (built once per session), corpora paths."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path(os.environ.get("TRANSLATE_CORPORA", ROOT.parent / "shared" / "corpora"))
DEMO = ROOT / "corpora" / "demo"

# No test may touch the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
# Engine cache (CTranslate2 conversions, translation database) in a temp dir, never ~/.cache.
os.environ.setdefault("TRANSLATE_CACHE_DIR", tempfile.mkdtemp(prefix="translate-test-cache-"))


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_tiny_marian", ROOT / "scripts" / "build_tiny_marian.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    """Folder of a tiny random MarianMT model saved like a hub model."""
    out = tmp_path_factory.mktemp("tiny-marian")
    return _load_builder().build(out, seed=0)


@pytest.fixture(scope="session")
def tiny_multilingual_model(tmp_path_factory) -> Path:
    """Tiny model whose vocabulary has target tokens >>nld<< and >>eng<<."""
    out = tmp_path_factory.mktemp("tiny-marian-mul")
    return _load_builder().build(out, seed=1, target_tokens=[">>nld<<", ">>eng<<"])


@pytest.fixture(scope="session")
def engine_model(tmp_path_factory) -> Path:
    """Tiny multilingual model whose output depends on the input (larger init), with a
    non-zero final_logits_bias (as real multilingual OPUS-MT models) and a bias towards
    </s> so that some outputs stop early and others run to the length cap."""
    out = tmp_path_factory.mktemp("tiny-marian-engine")
    return _load_builder().build(
        out, seed=1, target_tokens=[">>nld<<", ">>eng<<"], init_std=0.3, logits_bias=1.0, eos_bias=6.0
    )


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"shared corpora not found at {CORPORA}")
    return CORPORA


@pytest.fixture(scope="session")
def seed_page(corpora) -> Path:
    files = sorted((corpora / "seed").glob("*.txt"))
    if not files:
        pytest.skip("seed page not found")
    return files[0]


def pytest_collection_modifyitems(config, items):
    """One rule for the real corpora (issue 13): a test that uses the ``corpora`` fixture (also
    through ``seed_page``) is marked ``corpora``; a ``corpora`` test skips when the folder is absent."""
    skip = pytest.mark.skip(reason=f"shared corpora not found at {CORPORA} (set TRANSLATE_CORPORA)")
    for item in items:
        if "corpora" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpora)
        if item.get_closest_marker("corpora") and not CORPORA.is_dir():
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    """Say how many corpus tests ran (``.ci/run`` relies on it to show they did)."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for outcome in counts:
        for rep in terminalreporter.stats.get(outcome, []):
            if "corpora" in getattr(rep, "keywords", {}) and rep.when in ("call", "setup"):
                counts[outcome] += 1
    terminalreporter.write_line(f"corpus tests ({CORPORA}): {counts['passed']} passed, "
                                f"{counts['failed']} failed, {counts['skipped']} skipped")
