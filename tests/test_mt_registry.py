"""The engine registry (issue 13): engines by name, unknown decoding options are an error."""

from __future__ import annotations

import pytest

from translate.errors import ConfigError
from translate.mt.base import Backend, DecodeOptions, decode_options
from translate.mt.registry import ENGINES, engine_names, load_backend, resolve_engine


def test_unknown_decoding_options_are_an_error_not_dropped():
    with pytest.raises(ConfigError) as info:
        load_backend("Helsinki-NLP/opus-mt-vi-en", cache=False, beem=4)
    line = info.value.one_line()
    assert "unknown decoding option beem" in line and "no_repeat_ngram_size" in line and "\n" not in line
    assert info.value.exit_code == 2  # the CLI prints the one line and exits 2
    with pytest.raises(ConfigError, match="options, retry"):
        decode_options(options=None, retry=True)  # None is no excuse: a misspelt name is still reported
    assert decode_options(beam=2, no_repeat_ngram_size=3, batch_size=8) == DecodeOptions(
        beam=2, no_repeat_ngram_size=3, max_batch_sentences=8)


def test_builtin_engines_are_registered_and_auto_resolves_to_an_installed_one():
    assert {"transformers", "ctranslate2"} <= set(ENGINES.names())
    assert engine_names()[0] == "auto"
    assert resolve_engine("auto") in ENGINES.names()
    assert resolve_engine(" Transformers ") == "transformers"
    with pytest.raises(ConfigError) as info:
        resolve_engine("onnx")
    assert "unknown backend 'onnx'" in info.value.one_line()
    assert "choose one of auto, transformers, ctranslate2" in info.value.one_line()


def test_backend_base_says_it_cannot_score():
    class Echo(Backend):
        def signature(self):
            return "echo"

        def translate(self, sentences):
            return list(sentences)

    echo = Echo()
    assert not echo.can_score
    echo.load()  # nothing to load
    with pytest.raises(Exception, match="no forced-decoding scores"):
        echo.score_tokens(["a"], ["b"])


def test_one_module_per_runtime():
    """torch is imported by mt_marian only, ctranslate2 by engine_ct2 only (issue 13), and
    only inside functions: a model-free review never loads either."""
    import ast
    from pathlib import Path

    pkg = Path(__file__).resolve().parents[1] / "translate"
    owners: dict[str, set[str]] = {"torch": set(), "ctranslate2": set()}
    for path in pkg.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_function = {id(n) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                       for n in ast.walk(fn)}
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                root = name.split(".")[0]
                if root in owners:
                    owners[root].add(path.name)
                    assert id(node) in in_function, f"{path.name} imports {name} at module level"
    assert owners == {"torch": {"marian.py"}, "ctranslate2": {"ct2.py"}}
