"""Thresholds and enabled checks for the flag stage (read from a TOML file by
:mod:`translate.checks.configfile`).

Checks *measure* (a score per finding); the numbers here *decide* which scores
become flags and how severe. Every field has a documented default; a TOML file
overrides some of them and CLI options (``--set NAME=VALUE``, ``--disable CODE``)
override the file. ``translate checks --config-template`` prints a complete file
with the defaults and their descriptions.

File layout (all sections optional)::

    # flags.toml
    disabled = ["name-missing", "length-ratio"]   # check codes to skip
    [thresholds]
    chrf_error = 20.0
    length_ratio_max = 2.6
    [severity]            # change the severity of a check: info | warning | error
    repetition = "error"

Unknown keys are an error (a typo must not silently keep a default).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import ConfigError

@dataclass
class FlagConfig:
    """All thresholds of the flag stage. Field docstrings are the documentation."""

    src_lang: str = "vi"
    """Source language code (set by the pipeline from --src-lang)."""
    tgt_lang: str = "nl"
    """Rendering language code (set by the pipeline from --tgt-lang)."""

    # MT-based: rendering vs re-translation (or --against)
    chrf_error: float = 20.0
    """low-chrf is an error when chrF is below this, the pair is an outlier (robust_z) with a second sign, and most of the rendering (unsupported_max_share) has no support in the re-translation."""
    chrf_warning: float = 50.0
    """low-chrf is never raised at or above this chrF; below it a warning needs a robust outlier (robust_z) and a second sign (length off, an unsupported run)."""
    bleu_warning: float = 5.0
    """Warning when sentence BLEU is below this AND a robust outlier of the document (with a second sign, as for chrF)."""
    robust_z: float = -2.5
    """Robust z-score ((x - centre) / spread, centre and spread the document's median and 1.4826 x MAD shrunk to the mt_prior_* values) at or below which a pair is an outlier of its document."""
    chrf_unrelated_z: float = -2.0
    """low-chrf: when most of the rendering (unsupported_max_share, at least unsupported_min_words words) has no support in the re-translation, a chrF z-score at or below this suffices (an unrelated or garbled sentence)."""
    min_scored_for_z: int = 5
    """Fewer pairs than this: the model-free relative (z-score) tests are not applied (the MT-based ones lean on their prior instead)."""
    mt_prior_chrf: float = 48.0
    """Prior centre of sentence chrF of a sound rendering against a real vi->nl re-translation (NTREX/FLORES clean pairs: 46-49)."""
    mt_prior_chrf_spread: float = 12.0
    """Prior robust spread (1.4826 x MAD) of that chrF (measured: 12.2)."""
    mt_short_spread_max: float = 2.0
    """A pair shorter than the document's typical pair has its chrF spread widened by sqrt(typical length / its length), at most this many times: chrF over few n-grams varies more."""
    mt_length_prior_spread: float = 0.16
    """Prior robust spread of log(rendering length / re-translation length) (measured: 0.16; the prior centre is 0, both are Dutch)."""
    mt_prior_weight: float = 8.0
    """Pseudo-pairs of prior blended into the document's median and spread: a short article is judged mostly by the prior, a long one by itself."""
    mt_length_corroborate_z: float = 2.0
    """A length z-score against the re-translation at least this far from 0 is a second sign for low-chrf."""
    mt_short_z: float = -3.5
    """shorter-than-retranslation: warning when the rendering's length z-score against the re-translation is at or below this."""
    mt_short_missing_z: float = -2.5
    """... or at or below this while the re-translation has a run of mt_missing_min_words words with no counterpart in the rendering."""
    mt_short_src_z: float = -1.5
    """shorter-than-retranslation needs the rendering short for its source as well: its length z-score against the source (the document's rendering/source ratio, as truncated measures it) at or below this. Short against the re-translation alone, a rendering of the usual length for its source says the re-translation is long."""
    mt_missing_min_words: int = 5
    """Words (longer than 3 letters) in a run of the re-translation missing from the rendering that, with a short rendering, mark a left-out clause."""
    mt_pairing_margin: float = 15.0
    """A pair whose re-translation has a chrF at least this much higher against a neighbouring pair's rendering than against its own rendering, and than that neighbour's own re-translation has (and at least mt_pairing_min_chrf), holds a mis-paired re-translation: it is not judged against it."""
    mt_pairing_min_chrf: float = 45.0
    """See mt_pairing_margin: the neighbouring rendering must match the re-translation about as well as a sound pair usually does (prior centre mt_prior_chrf 48)."""
    mt_long_z: float = 2.5
    """unsupported-span: raised only in a rendering whose length z-score against the re-translation is at least this (longer than usual: text added)."""
    mt_agree_z: float = -1.0
    """A pair agrees with the re-translation when its chrF z-score is at least this, its length z-score within mt_agree_length_z and no run of unsupported_min_words of the re-translation is missing; length-ratio, number-mismatch and omission warnings on such a pair become info."""
    mt_agree_length_z: float = 1.5
    """See mt_agree_z."""
    unsupported_min_words: int = 4
    """A run of this many consecutive words with no support in the re-translation is a second sign for low-chrf; twice as many in a longer-than-usual rendering is an unsupported-span."""
    unsupported_max_share: float = 0.6
    """Share of the sentence's content words in its longest unsupported run from which low-chrf is an error (next to nothing is in the re-translation)."""
    ngram_coverage_min: float = 0.34
    """A word is supported when at least this share of its character 3-grams occur in the re-translation."""
    token_logprob_max: float = -7.0
    """With token scores (forced decoding): a word with log-probability at or below this is implausible."""
    token_z: float = -3.0
    """... or a word this many robust SDs below the document's median word log-probability."""

    # language
    langid_min_letters: int = 20
    """Segments with fewer letters (names and codes removed) are not language-identified."""
    langid_min_prob: float = 0.6
    """Probability the identifier must give the other language."""
    langid_max_tgt_prob: float = 0.2
    """... while giving the rendering language at most this."""
    vi_diacritic_share: float = 0.25
    """Share of lowercase words carrying Vietnamese-only letters (ơ ư ă ạ ế ...) that marks text as Vietnamese."""

    # source/rendering comparison
    length_ratio_min: float = 0.45
    """Rendering/source character-length ratio below this is an outlier (something left out)."""
    length_ratio_max: float = 2.3
    """Rendering/source character-length ratio above this is an outlier (something added)."""
    length_short_spread_max: float = 1.5
    """A pair shorter than the document's typical pair has its length-ratio spread (and the absolute bounds, in log space) widened by sqrt(typical length / its length), at most this many times."""
    length_z: float = -3.0
    """A pair whose log length ratio is this many robust SDs below the document's is an outlier ..."""
    length_ratio_rel_max: float = 0.7
    """... when its ratio is also at most this (catches a sentence dropped inside a merged 2:1 pair)."""
    merged_omission_z: float = -2.0
    """A merged n:1 pair this many robust SDs shorter than the document's usual ratio, which fits once one source sentence is left out, flags that sentence as omitted."""
    number_extra_long_z: float = 2.5
    """Numbers only in the rendering (none of the source's lost) are a note, unless the pair is at least this robust z longer than the document's pairs (added text) or the addition is a date with a clock time (a dateline): then a warning."""
    omission_gap: float = 1.0
    """A source sentence the alignment could leave out (1:0) for at most this much extra cost (its skip gap; a 1:0 itself costs about 3-4) may be the missing one, paired with a neighbour's rendering or glued onto a neighbour: it is flagged as a possible omission."""
    omission_lone_z: float = -1.0
    """A sentence judged with omission_gap alone (no 1:0 near, not merged) is a warning only when its pair is also at most this robust z short for the document (the rendering lacks something); otherwise a note."""
    omission_alt_gap: float = 3.0
    """The same, within omission_alt_distance sentences of an omission (1:0) the alignment found: something is missing there, the question is only which sentence, so a larger gap still names a sentence as the possible alternative."""
    omission_merged_gap: float = 2.0
    """The same for a sentence that shares its rendering with other source sentences (a merged 2:1, 3:1 or 3:2 link): a short dropped sentence is often glued onto a neighbour that way."""
    omission_alt_slack: float = 0.5
    """Of the alternatives to one omission (1:0), only those within this much of the smallest gap are warnings; the others (named in the 1:0's message) are info, unless their gap is within omission_gap anyway."""
    omission_alt_distance: int = 3
    """How near (in source sentences) an omission a sentence must be to be judged with omission_alt_gap."""
    length_ratio_min_chars: int = 40
    """Length ratio is only judged when the longer side has this many characters."""
    copy_similarity: float = 0.9
    """Rendering identical to the source at or above this character similarity is "copied"."""
    name_min_len: int = 3
    """Names shorter than this are not checked."""

    # repetition
    repeat_word_min: int = 3
    """The same word this many times in a row is an error (generation loop)."""
    repeat_phrase_min_words: int = 2
    """A phrase of at least this many words immediately repeated is flagged."""
    repeat_far_min_words: int = 5
    """A phrase of at least this many words occurring twice anywhere in a sentence is flagged."""

    # page chrome
    menu_run_min: int = 3
    """This many consecutive short paragraphs without sentence punctuation form a menu."""
    menu_max_words: int = 4
    """A menu item has at most this many words."""

    disabled: set[str] = field(default_factory=set)
    """Check codes that do not run."""
    severity: dict[str, str] = field(default_factory=dict)
    """Severity overrides per check code (info | warning | error)."""


THRESHOLD_FIELDS = {f.name: f for f in fields(FlagConfig) if f.name not in {"disabled", "severity"}}
SEVERITIES = {"info", "warning", "error"}


def _field_doc() -> dict[str, str]:
    """Field docstrings read from this file's source (they are the documentation)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(FlagConfig))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, nxt in zip(body, body[1:]):
        if isinstance(node, ast.AnnAssign) and isinstance(nxt, ast.Expr) and isinstance(getattr(nxt, "value", None), ast.Constant):
            docs[node.target.id] = " ".join(str(nxt.value.value).split())  # type: ignore[union-attr]
    return docs


def coerce_threshold(name: str, value: Any, where: str) -> Any:
    f = THRESHOLD_FIELDS.get(name)
    if f is None:
        close = ", ".join(sorted(n for n in THRESHOLD_FIELDS if n[:4] == name[:4])) or "see `translate checks --config-template`"
        raise ConfigError(f"{where}: unknown threshold '{name}'", f"known names include: {close}")
    kind = type(getattr(FlagConfig(), name))
    try:
        if kind is bool:
            if isinstance(value, str):
                if value.lower() not in {"true", "false", "1", "0", "yes", "no"}:
                    raise ValueError
                return value.lower() in {"true", "1", "yes"}
            return bool(value)
        if kind is int:
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            return int(value)
        if kind is float:
            return float(value)
        return str(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: '{name}' must be a {kind.__name__}, got {value!r}", "fix the value") from None


def default_toml() -> str:
    """A complete config file with every default and its description."""
    docs = _field_doc()
    cfg = FlagConfig()
    lines = [
        "# translate: flag-stage configuration (every value below is the default).",
        "# Use with: translate review SRC RENDERING --config flags.toml",
        "",
        "# check codes that do not run (see `translate checks`)",
        "disabled = []",
        "",
        "[thresholds]",
    ]
    for name in THRESHOLD_FIELDS:
        if name in {"src_lang", "tgt_lang"}:
            continue
        value = getattr(cfg, name)
        lines.append(f"# {docs.get(name, '')}")
        lines.append(f"{name} = {value!r}" if not isinstance(value, str) else f'{name} = "{value}"')
    lines += ["", "# severity overrides per check code: info | warning | error", "[severity]", ""]
    return "\n".join(lines)
