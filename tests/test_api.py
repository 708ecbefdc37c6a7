"""The public API (issue 13): ``from translate import ...`` with a tested ``__all__``."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import translate

# The public names. Adding one is a decision: add it here too; removing one breaks users.
PUBLIC = {
    "__version__",
    "review", "review_tm", "review_files", "align_files", "align", "flag", "ReviewOptions", "AlignOptions", "FlagConfig",
    "read_document", "segment_document", "load_backend", "Backend", "DecodeOptions",
    "to_dict", "write_json", "Outputs", "write_outputs",
    "Severity", "Document", "Segment", "Paragraph", "Segmentation", "Link", "Alignment", "Translation",
    "PairScore", "DocScores", "Evidence", "Flag", "ReviewResult",
    "TranslateError", "InputError", "ConfigError", "OutputError", "ModelError", "ModelUnavailable", "DataError",
}
HEAVY = ("torch", "transformers", "ctranslate2")


def test_all_is_the_public_set_without_duplicates():
    assert len(translate.__all__) == len(set(translate.__all__))
    assert set(translate.__all__) == PUBLIC


def test_every_public_name_is_its_home_modules_object():
    for name in translate.__all__:
        if name == "__version__":
            continue
        value = getattr(translate, name)
        home = importlib.import_module(translate._EXPORTS[name], "translate")
        assert value is getattr(home, name), name
    from translate.data import ReviewResult
    from translate.errors import TranslateError
    from translate.pipeline import review

    assert (translate.review, translate.ReviewResult, translate.TranslateError) == (review, ReviewResult, TranslateError)
    assert all(issubclass(getattr(translate, n), translate.TranslateError) for n in PUBLIC if n.endswith(("Error", "Unavailable")))


def test_version_is_the_packages():
    from importlib.metadata import version

    assert translate.__version__ == version("translate")


def test_no_public_name_shadows_a_submodule():
    """``from translate import align, flag`` are the functions, also after their stage
    packages were imported (a subpackage named ``align`` would replace the attribute)."""
    submodules = {m.name for m in pkgutil.iter_modules(translate.__path__)}
    assert not (PUBLIC & submodules)
    import translate.alignment.aligner as A
    import translate.checks.flag as F

    from translate import align, flag

    assert A.__name__ == "translate.alignment.aligner" and align is A.align
    assert flag is F.flag and callable(flag)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        translate.no_such_name  # noqa: B018
    assert "review" in dir(translate)


def test_import_translate_loads_no_model_library():
    """``import translate`` and the public names load neither torch nor transformers nor CTranslate2;
    a model-free review through the public API does not either."""
    code = (
        "import sys, translate\n"
        f"heavy = {HEAVY!r}\n"
        "assert not [m for m in heavy if m in sys.modules], 'import translate'\n"
        "for name in translate.__all__: getattr(translate, name)\n"
        "assert not [m for m in heavy if m in sys.modules], 'public names'\n"
        "from pathlib import Path\n"
        "demo = Path(translate.__file__).resolve().parents[1] / 'corpora' / 'demo'\n"
        "r = translate.review(str(demo / 'vi.txt'), str(demo / 'nl.txt'), translate.ReviewOptions(model=None))\n"
        "assert isinstance(r, translate.ReviewResult) and r.flags\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
