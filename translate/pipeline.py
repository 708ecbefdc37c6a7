"""The one module that knows the order of the stages.

    read -> segment -> translate (source segments) -> align -> score -> flag

Translation runs before alignment because the aligner uses the re-translation
(chrF against candidate targets) when there is one; everything still works
model-free. Each call handles one document pair and keeps no global state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from .alignment.aligner import AlignOptions, align, target_only_alignment
from .data import ReviewResult, Translation
from .errors import InputError, ModelError, ModelUnavailable
from .progress import stage
from .report.writers import Outputs, write_outputs
from .checks.flag import FlagConfig, flag
from .read.guards import check_distinct, check_output_path, check_pair
from .read.importers import read_tm
from .read.document import read_document, require_text
from .report.core import Gate, quality_gates, write_json
from .checks.risk import link_risks
from .score import score_document, score_pairs
from .text.segment import segment_document
from .mt.base import Backend, engine_stats
from .mt.registry import DEFAULT_ROUTE, load_backend
from .mt.stage import against_translation, decode_byte_tokens, translate_segments
from .checks.waivers import apply_waivers, load_waivers

_BYTE_TOKEN = re.compile(r"<0x[0-9A-Fa-f]{2}>")


@dataclass
class ReviewOptions:
    src_lang: str = "vi"
    tgt_lang: str = "nl"
    model: str | list[str] | None = DEFAULT_ROUTE
    """Model spec (hub name, folder, or A+B pivot); None to skip re-translation. Several
    (``--model A --model B+C``, e.g. a direct model and a pivot): the first is the
    re-translation the scores and word scores use, and every one weighs in the per-link risk
    (their agreement is their reliability) and the meaning checks, as several ``against``."""
    against: str | list[str] | None = None
    """Path of a given translation of the source, used instead of a model; or several paths
    (``--against A --against B``): the first is the re-translation the scores use, and all
    of them weigh in the per-link risk (agreement among them is their reliability)."""
    target_token: str | None = None
    beam: int = 1
    batch_size: int = 64
    """Most sentences in one batch (the token budget ``batch_tokens`` usually binds first)."""
    engine: str = "auto"
    """Re-translation engine: transformers | ctranslate2 | auto (CTranslate2 when installed)."""
    cache: bool | str | None = None
    """Translation cache: None = default (TRANSLATE_CACHE or the user cache dir), False = off, or a path."""
    max_length: int = 256
    batch_tokens: int | None = None
    progress: bool = False
    """Show progress on stderr for the long stages: translation, forced decoding, alignment
    and flagging (only when stderr is a terminal; stdout is never touched)."""
    align: AlignOptions = field(default_factory=AlignOptions)
    flags: FlagConfig = field(default_factory=FlagConfig)
    checks: list | None = None
    """The checks to run (Check instances, subclasses or codes); None: every registered check,
    plug-ins included (see translate.checks.registry)."""
    backend: Backend | None = None
    """A ready backend (tests, library use); overrides ``model``."""
    waivers: str | None = None
    """Path of a waivers file (translate waive); matching flags are marked waived."""
    token_scores: bool = True
    """Forced decoding of each aligned pair (word log-probs for the flag checks). Cached per
    (source, rendering); pairs edited since the last review need the model. False skips it,
    so a review whose re-translations are all cached never loads the model."""
    swap: bool = False
    """The files were given rendering first: swap them (``--swap``)."""
    check_languages: bool = True
    """Refuse source and rendering that look swapped (language identification)."""
    require_model: bool = False
    """A model that cannot be loaded is an error (ModelUnavailable raised) instead of a
    "re-translation skipped" note. The CLI sets it for an explicit ``--model``, for
    ``--require-model`` and for TRANSLATE_REQUIRE_MODEL=1; only the default route,
    when it is not installed, falls back to the model-free review."""


def review(source_path: str | None, target_path: str, options: ReviewOptions | None = None) -> ReviewResult:
    opt = _stage_options(options)
    if opt.swap and source_path is not None:
        source_path, target_path = target_path, source_path
    if source_path is not None:
        check_distinct(source_path, target_path)

    target_doc = require_text(read_document(target_path, opt.tgt_lang))
    target = segment_document(target_doc, "tgt", opt.tgt_lang)
    skipped: list[str] = []
    warnings = list(target_doc.warnings)

    if source_path is None:
        alignment = target_only_alignment(target)
        skipped.append("no source given: ran only the checks that need no source (no alignment, no re-translation)")
        with stage(f"flagging {len(alignment.links)} sentences", opt.progress):
            flags = flag(None, target, alignment, None, [None] * len(alignment.links), opt.flags, checks=opt.checks)
        _waive(flags, opt, warnings)
        meta = _meta(None, target_path, opt, warnings, alignment.method)
        no_src = "no source given"
        meta["stages"] = {"ran": ["read", "segment", "flag"],
                          "skipped": {"align": no_src, "translate": no_src, "token_scores": no_src, "score": no_src}}
        return ReviewResult(None, target, alignment, None, [None] * len(alignment.links), None, flags, skipped, meta,
                            link_risks(None, target, alignment, None, flags))

    source_doc = require_text(read_document(source_path, opt.src_lang))
    if opt.check_languages:
        warnings += check_pair(source_doc, target_doc, opt.src_lang, opt.tgt_lang)
    source = segment_document(source_doc, "src", opt.src_lang)
    warnings += source_doc.warnings

    start = engine_stats(opt.backend)  # a reused backend has counted earlier runs
    translation, backend = _retranslate(source, opt, warnings, skipped)
    after_translate = engine_stats(backend)

    with stage(f"aligning {len(source.segments)} source and {len(target.segments)} rendering sentences", opt.progress):
        alignment = align(source, target, translation, opt.align)
    scores, doc_scores, flags = _score_and_flag(source, target, alignment, translation, backend, opt, warnings, skipped)
    meta = _meta(source_path, target_path, opt, warnings, alignment.method, translation)
    meta["stages"] = _stages(translation, backend, skipped, opt, aligned=True)
    if backend is not None:
        end = engine_stats(backend)
        meta["model_use"] = _model_use({k: v - start[k] for k, v in after_translate.items()},
                                       {k: v - start[k] for k, v in end.items()}, opt.token_scores,
                                       _uncached_counts(source, alignment, translation, meta["stages"], opt))
    return ReviewResult(source, target, alignment, translation, scores, doc_scores, flags, skipped, meta,
                        link_risks(source, target, alignment, translation, flags))


def review_files(source_path: str | None, target_path: str | None, options: ReviewOptions | None = None, *,
                 tm_path: str | None = None, json_path: str | None = None, outputs: Outputs | None = None,
                 fail_under_chrf: float | None = None, fail_under_bleu: float | None = None) -> tuple[ReviewResult, list[Gate]]:
    """``translate review`` between parsing and printing: every output path is checked
    before the long work (never one of the inputs), then the review of a pair, of a lone
    rendering (``source_path`` None) or of a translation memory (``tm_path``), the quality
    gates measured on it, the JSON report (``json_path``; '-' is left to the caller, who
    prints it) and the other outputs written. Returns (result, gates)."""
    outputs = outputs or Outputs()
    inputs = [source_path, target_path, *_paths(options.against if options else None), tm_path]
    outs = [json_path if json_path != "-" else None]
    outs += list(outputs.paths.values())
    for out in outs:
        if out is not None and str(out) != "-":
            check_output_path(out, inputs)
    if tm_path is not None:
        result = review_tm(tm_path, options)
    else:
        result = review(source_path, str(target_path), options)
    outputs.gates = quality_gates(result, fail_under_chrf, fail_under_bleu)
    if json_path is not None and json_path != "-":
        write_json(result, json_path)
    write_outputs(result, outputs)
    return result, outputs.gates


def _paths(against: str | list[str] | None) -> list[str]:
    return [] if not against else [against] if isinstance(against, str) else list(against)


def align_files(source_path: str, target_path: str, options: AlignOptions | None = None, against: str | None = None,
                model: str | None = None, target_token: str | None = None):
    """``translate align``: read and segment both files, take the similarity text from a
    given translation (``against``) or a model (skipped, with a note, when it is not
    available), align. Returns (source, target, alignment, notes)."""
    opt = options or AlignOptions()
    if Path(source_path).resolve() == Path(target_path).resolve():
        raise InputError(f"{target_path}: the same file is given as source and target", "give the source first, then its translation")
    notes: list[str] = []
    src_doc = read_document(source_path, opt.src_lang)
    tgt_doc = read_document(target_path, opt.tgt_lang)
    notes += src_doc.warnings + tgt_doc.warnings
    source = segment_document(src_doc, "src", opt.src_lang)
    target = segment_document(tgt_doc, "tgt", opt.tgt_lang)
    translation = None
    if opt.use_similarity and against:
        ag_doc = read_document(against, opt.tgt_lang)
        notes += ag_doc.warnings
        ag = segment_document(ag_doc, "tgt", opt.tgt_lang)
        translation = against_translation(source, ag, Path(against).name, opt)
    elif opt.use_similarity and model:
        try:
            translation = translate_segments(source, load_backend(model, target_token=target_token))
        except ModelUnavailable as exc:
            notes.append(f"similarity skipped: {exc.one_line()}")
    return source, target, align(source, target, translation, opt), notes


def _stage_options(options: ReviewOptions | None) -> ReviewOptions:
    """The options with the review's languages handed to the align and flag stages: a copy,
    so the caller's options (often reused for the next pair) stay as they were given."""
    opt = options or ReviewOptions()
    langs = {"src_lang": opt.src_lang, "tgt_lang": opt.tgt_lang}
    return replace(opt, align=replace(opt.align, **langs), flags=replace(opt.flags, **langs))


def _stages(translation, backend, skipped: list[str], opt: ReviewOptions, aligned: bool) -> dict[str, object]:
    """Which stages ran and which were skipped (with the reason), for JSON meta and JUnit."""
    ran = ["read", "segment"]
    skip: dict[str, str] = {}
    if aligned:
        ran.append("align")
    else:
        skip["align"] = "the translation memory is already aligned (--tm)"

    def reason(prefix: str, default: str) -> str:
        for line in skipped:
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
        return default

    if translation is not None:
        ran.append("translate")
    else:
        skip["translate"] = reason("re-translation skipped", "the source has no segments")
    ran.append("score")
    if translation is not None and backend is not None and backend.can_score \
            and not any(line.startswith("token scores skipped") for line in skipped):
        ran.append("token_scores")
    else:
        skip["token_scores"] = reason("token scores skipped",
                                      "no model ran" if backend is None else "the model cannot score words")
    ran.append("flag")
    return {"ran": ran, "skipped": skip}


def _uncached_counts(source, alignment, translation, stages, opt: ReviewOptions) -> dict[str, int] | None:
    """With the cache off (--no-cache) there is no cache wrapper to count: every unique
    source text went through the model, and so did every scored pair."""
    if opt.cache is not False or opt.backend is not None:
        return None
    return {
        "translate": len({s.text for s in source.segments}) if translation is not None else 0,
        "token_scores": (sum(1 for link in alignment.links if link.src and link.tgt)
                         if "token_scores" in stages["ran"] else 0),
    }


def _retranslate(source, opt: ReviewOptions, warnings: list[str], skipped: list[str]) -> tuple[Translation | None, Backend | None]:
    """The translate stage: a given translation (--against), a model, or nothing (said in ``skipped``)."""
    if opt.against:
        given = [_read_against(source, p, opt, warnings) for p in _paths(opt.against)]
        translation = given[0]
        translation.others = given[1:]
        return translation, None
    models = _paths(opt.model)
    if opt.backend is None and not models:
        skipped.append("re-translation skipped: no model (pass --model NAME_OR_FOLDER or --against FILE)")
        return None, None
    try:
        backend = opt.backend or _load(models[0], opt)
        if not source.segments:
            return None, backend
        translation = translate_segments(source, backend)
    except ModelUnavailable as exc:
        if opt.require_model:
            raise
        skipped.append(f"re-translation skipped: {exc.one_line()}")
        return None, None
    for spec in models[1:]:  # further routes: more re-translations for the risk and the meaning checks
        try:
            translation.others.append(translate_segments(source, _load(spec, opt)))
        except ModelUnavailable as exc:
            if opt.require_model:
                raise
            warnings.append(f"re-translation with {spec} skipped: {exc.one_line()}")
    return translation, backend


def _load(spec: str, opt: ReviewOptions) -> Backend:
    return load_backend(spec, target_token=opt.target_token, beam=opt.beam, batch_size=opt.batch_size,
                        engine=opt.engine, cache=opt.cache, max_length=opt.max_length, batch_tokens=opt.batch_tokens,
                        progress=opt.progress)


def _read_against(source, path: str, opt: ReviewOptions, warnings: list[str]) -> Translation:
    """One ``--against`` file: byte-fallback tokens decoded, paired with the source by content."""
    doc = require_text(read_document(path, opt.tgt_lang))
    warnings += doc.warnings
    decoded = decode_byte_tokens(doc.text)
    if decoded != doc.text:
        n = len(_BYTE_TOKEN.findall(doc.text))
        warnings.append(f"{path}: {n} SentencePiece byte token(s) like <0xC3><0xAF> decoded to UTF-8 in the re-translation")
        doc = replace(doc, text=decoded, original=None, offset_map=None)
    tr = against_translation(source, segment_document(doc, "tgt", opt.tgt_lang), Path(path).name, opt.align)
    if tr.unpaired:
        warnings.append(f"{path}: {tr.unpaired} sentence(s) of the re-translation pair with no source sentence; not used")
    return tr


def _score_and_flag(source, target, alignment, translation, backend, opt: ReviewOptions, warnings: list[str], skipped: list[str]):
    """The score and flag stages (with forced-decoding word scores when a model ran)."""
    scores = score_pairs(target, alignment, translation)
    doc_scores = score_document(target, alignment, translation)
    token_scores = None
    if backend is not None and translation is not None:
        if not opt.token_scores:
            skipped.append("token scores skipped: --no-token-scores (checks that point at implausible words did not run)")
        else:
            try:
                token_scores = _token_scores(backend, source, target, alignment, opt.progress)
            except (ModelUnavailable, ModelError) as exc:
                # the re-translations (cached) are valid; only the word scores of new pairs are missing
                skipped.append(f"token scores skipped: {exc.one_line()}")
    with stage(f"flagging {len(alignment.links)} pairs", opt.progress):
        flags = flag(source, target, alignment, translation, scores, opt.flags, token_scores, checks=opt.checks)
    _waive(flags, opt, warnings)
    return scores, doc_scores, flags


def _model_use(after_translate: dict, after_scores: dict, scoring_on: bool,
               uncached: dict[str, int] | None = None) -> dict[str, object]:
    """Which stage ran the model (loading it on first need) and what came from the cache."""
    ran = []
    if after_translate["generate_calls"]:
        ran.append("translate")
    if after_scores["score_calls"] or after_scores["generate_calls"] > after_translate["generate_calls"]:
        ran.append("token_scores")  # a chain translates through its first models before scoring
    if uncached is not None:
        return {
            "loaded": after_scores["loads"] > 0,
            "ran_in": ran,
            "translate": {"cached": 0, "computed": uncached["translate"]},
            "token_scores": {"cached": 0, "computed": uncached["token_scores"]} if scoring_on else "off",
        }
    return {
        "loaded": after_scores["loads"] > 0,
        "ran_in": ran,
        "translate": {"cached": after_translate["cache_hits"], "computed": after_translate["cache_misses"]},
        "token_scores": ({"cached": after_scores["score_cache_hits"], "computed": after_scores["score_cache_misses"]}
                         if scoring_on else "off"),
    }


def _meta(source_path, target_path, opt: ReviewOptions, warnings, method, translation=None) -> dict[str, object]:
    return {
        "source": source_path,
        "target": target_path,
        "src_lang": opt.src_lang,
        "tgt_lang": opt.tgt_lang,
        "system": translation.system if translation else None,
        **({"other_systems": [t.system for t in translation.others]} if translation and translation.others else {}),
        "alignment_method": method,
        "warnings": warnings,
    }


def review_tm(tm_path: str, options: ReviewOptions | None = None) -> ReviewResult:
    """Review an existing translation memory (TMX, XLIFF, two-column TSV).

    The memory is already aligned, so the aligner is skipped: each unit is one
    link. Re-translation, scoring and checks run as in :func:`review`.
    """
    opt = _stage_options(options)
    tm = read_tm(tm_path, opt.src_lang, opt.tgt_lang)
    source, target, alignment = tm.to_review_input()
    skipped: list[str] = []
    warnings = list(target.document.warnings)
    translation, backend = _retranslate(source, opt, warnings, skipped)
    scores, doc_scores, flags = _score_and_flag(source, target, alignment, translation, backend, opt, warnings, skipped)
    meta = _meta(tm_path, tm_path, opt, warnings, alignment.method, translation)
    meta["tm"] = {"format": tm.format, "units": len(tm.units)}
    meta["stages"] = _stages(translation, backend, skipped, opt, aligned=False)
    return ReviewResult(source, target, alignment, translation, scores, doc_scores, flags, skipped, meta,
                        link_risks(source, target, alignment, translation, flags))


_SCORE_CHUNK = 64
"""Pairs per forced-decoding call when a bar shows progress (each pair is scored on its own,
so the chunking changes nothing but how often the bar moves)."""


def _token_scores(backend, source, target, alignment, progress: bool = False):
    """Per-link word log-probabilities by forced decoding, when the backend ``can_score``
    (``score_tokens(sources, targets)``: one list of (start, end, logprob) words per
    pair, offsets into the rendering text); None otherwise."""
    if backend is None or not backend.can_score:
        return None
    scorer = backend.score_tokens
    idx = [k for k, link in enumerate(alignment.links) if link.src and link.tgt]
    srcs = [" ".join(source.segments[i].text for i in alignment.links[k].src) for k in idx]
    tgts = [" ".join(target.segments[i].text for i in alignment.links[k].tgt) for k in idx]
    scored: list = []
    with stage("forced decoding (word scores)", progress and len(idx) >= _SCORE_CHUNK // 2, len(idx)) as advance:
        step = _SCORE_CHUNK if progress else max(len(idx), 1)
        for a in range(0, len(idx), step):
            scored += scorer(srcs[a:a + step], tgts[a:a + step])
            advance(len(srcs[a:a + step]))
    out = [None] * len(alignment.links)
    for k, words in zip(idx, scored):
        out[k] = words
    return out


def _waive(flags, opt: ReviewOptions, warnings: list[str]) -> None:
    if not opt.waivers:
        return
    _, stale = apply_waivers(flags, load_waivers(opt.waivers))
    if stale:
        warnings.append(f"{opt.waivers}: {stale} waiver(s) matched no flag (their text changed or is gone)")
