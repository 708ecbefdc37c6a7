"""Reading the inputs of ``translate compare`` and running the whole comparison.

Line-aligned files (the default) are read like the sacrebleu command reads them:
one segment per line, trailing whitespace stripped, no Unicode normalization
(``nfc=True`` normalizes every file to NFC). With ``documents=True`` each file is a
whole document: it is segmented into sentences, every reference and system is aligned
to the source with the project's aligner, and a segment of the comparison is a group
of source sentences that no alignment splits, with each system's aligned text for it.

:func:`compare_files` is what the CLI calls: read, compare (:mod:`translate.compare.core`),
add the likelihood, build the report (:mod:`translate.compare.report`) and write it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

from ..alignment.aligner import AlignOptions
from .core import Inputs, aggregate_likelihood, compare, word_frequencies
from .report import to_dict, write_html, write_json
from ..data import Document, Paragraph, Segment, Segmentation
from ..errors import ConfigError, DataError, InputError, ModelUnavailable, TranslateError
from ..read.document import read_document
from ..text.segment import segment_document
from ..mt.registry import DEFAULT_ROUTE, load_backend
from ..mt.stage import aligned_translation, translate_segments

RANK_KEYS = {"BLEU": "BLEU", "chrF": "chrF2", "chrF++": "chrF2++", "TER": "TER"}
"""--rank-by name -> the metric key of the comparison."""


def compare_files(
    system_paths: list[str],
    *,
    baseline: str | None = None,
    freq_file: str | None = None,
    paired_bs: int | None = None,
    paired_ar: int | None = None,
    seed: int = 12345,
    rank_by: str = "chrF",
    json_path: str | None = None,
    html_path: str | None = None,
    command: str = "",
    **reading,
) -> dict:
    """``translate compare`` between parsing and printing: read every file (``reading``:
    the keyword arguments of :func:`load_inputs`), compare the systems (paired tests by
    default with two or more systems), add the likelihood when a model is loaded, and write
    the JSON report (``json_path``; '-' is left to the caller) and the HTML page. Returns
    the report (a dict, as written to JSON)."""
    inputs, backend = load_inputs(system_paths, **reading)
    nfc = reading.get("nfc", False)
    system_names_ = [n for n, _ in inputs.systems]
    if (paired_bs or paired_ar) and len(system_names_) < 2:
        raise ConfigError(
            "significance tests need at least two systems", "give two or more system files, or drop --paired-bs/--paired-ar"
        )
    several = len(system_names_) >= 2
    n_bs = (1000 if several else 0) if paired_bs is None else paired_bs
    n_ar = (10000 if several else 0) if paired_ar is None else paired_ar
    frequencies, basis = None, ""
    if freq_file is not None:
        freq_lines, _ = read_lines(freq_file, nfc)
        if not freq_lines:
            raise InputError(f"{freq_file}: frequency file is empty", "give a text file (e.g. training data)")
        frequencies, basis = word_frequencies(freq_lines), f"word counts in {freq_file}"
    result = compare(
        inputs.systems,
        inputs.references,
        baseline=resolve_baseline(baseline, system_names_),
        source=inputs.source,
        docids=inputs.docids,
        paired_bs=n_bs,
        paired_ar=n_ar,
        seed=seed,
        frequencies=frequencies,
        frequency_basis=basis,
        rank_by=RANK_KEYS[rank_by],
        reference_free=inputs.reference_free,
        reference_desc=inputs.reference_desc,
    )
    if backend is not None:
        add_likelihood(result, inputs, backend)
    report = to_dict(inputs, result, command=command)
    if json_path is not None and json_path != "-":
        write_json(report, json_path)
    if html_path is not None:
        write_html(report, html_path)
    return report


# ---------------------------------------------------------------- reading


def read_lines(path: str | Path, nfc: bool = False, warn_nfc: bool = True) -> tuple[list[str], list[str]]:
    """Lines of a line-aligned file as sacrebleu reads them; (lines, warnings)."""
    doc = read_document(path)
    text = doc.original if doc.original is not None else doc.text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    warnings = list(doc.warnings)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    lines = [line.rstrip() for line in lines]
    if nfc:
        lines = [unicodedata.normalize("NFC", line) for line in lines]
    elif warn_nfc:
        odd = sum(1 for line in lines if not unicodedata.is_normalized("NFC", line))
        if odd:
            warnings.append(
                f"{path}: {odd} line(s) are not in Unicode NFC; they are scored as they are, like sacrebleu "
                "does (pass --nfc to normalize every file)"
            )
    return lines, warnings


def system_names(paths: list[str], names: list[str] | None) -> list[str]:
    """Names from --name, else file names without extension, made unique with their folder."""
    if names:
        if len(names) != len(paths):
            raise ConfigError(
                f"{len(names)} --name value(s) for {len(paths)} system(s)", "give one --name per system file, in order"
            )
        if len(set(names)) != len(names):
            raise ConfigError("two --name values are the same", "give each system a distinct name")
        return list(names)
    out = [Path(p).stem or Path(p).name for p in paths]
    if len(set(out)) != len(out):
        out = [str(Path(Path(p).parent.name) / Path(p).stem) if Path(p).parent.name else Path(p).stem for p in paths]
    seen: Counter = Counter()
    unique = []
    for name in out:
        seen[name] += 1
        unique.append(name if seen[name] == 1 and out.count(name) == 1 else f"{name}#{seen[name]}")
    return unique


def resolve_baseline(spec: str | None, names: list[str]) -> str:
    """A system name, or a 1-based index into the systems as given."""
    if spec is None:
        return names[0]
    if spec in names:
        return spec
    if spec.isdigit():
        k = int(spec)
        if 1 <= k <= len(names):
            return names[k - 1]
        raise ConfigError(f"--baseline {spec}: there are {len(names)} systems", f"use 1..{len(names)} or a name")
    raise ConfigError(f"--baseline {spec!r} is not a system name", f"use one of: {', '.join(names)} (or a 1-based index)")


def _check_nonempty(path: str, lines: list[str], what: str) -> None:
    if not lines:
        raise InputError(f"{path}: {what} is empty (0 lines)", "give a file with one line per segment")


def _check_count(path: str, lines: list[str], ref_path: str, n: int) -> None:
    if len(lines) != n:
        more = "extra" if len(lines) > n else "missing"
        raise DataError(
            f"{path}: {len(lines)} lines, but {ref_path} has {n} lines ({more} lines)",
            "every file needs one line per segment, in the same order",
        )


# ---------------------------------------------------------------- document mode


def _segmentation_from_lines(lines: list[str], side: str = "src"):
    """A Segmentation with one segment per line (for translate_segments)."""
    text = "\n".join(lines)
    doc = Document(text=text)
    segments, paragraphs, pos = [], [], 0
    for i, line in enumerate(lines):
        segments.append(Segment(side, i, i, 0, pos, pos + len(line), line))  # type: ignore[arg-type]
        paragraphs.append(Paragraph(side, i, pos, pos + len(line), (i,), line))  # type: ignore[arg-type]
        pos += len(line) + 1
    return Segmentation(document=doc, side=side, paragraphs=paragraphs, segments=segments)  # type: ignore[arg-type]


def document_units(source, translations: list) -> list[tuple[int, ...]]:
    """Partition the source segments into runs that no translation's grouping splits."""
    n = len(source.segments)
    units: list[tuple[int, ...]] = []
    current: list[int] = []
    for i in range(n):
        current.append(i)
        last = i == n - 1
        if last or all(t.groups[i] != t.groups[i + 1] for t in translations):
            units.append(tuple(current))
            current = []
    return units


def load_inputs(
    system_paths: list[str],
    *,
    source: str | None = None,
    refs: list[str] | None = None,
    names: list[str] | None = None,
    docids: str | None = None,
    documents: bool = False,
    pseudo_ref: str | None = None,
    model: str | None = None,
    target_token: str | None = None,
    beam: int = 1,
    src_lang: str = "vi",
    tgt_lang: str = "nl",
    nfc: bool = False,
    backend=None,
):
    """Read every file and build :class:`translate.compare.core.Inputs`; returns
    (inputs, backend) where backend is the loaded model (or None)."""
    refs = list(refs or [])
    if not system_paths:
        raise ConfigError("no system files", "usage: translate compare --ref REF SYS1 SYS2 ...")
    if refs and pseudo_ref:
        raise ConfigError("both --ref and --pseudo-ref given", "use --ref for a human reference, --pseudo-ref only without one")
    seen: dict[str, str] = {}
    for p in system_paths:  # a reference may also be a system (an upper bound), a system not twice
        key = str(Path(p).resolve())
        if key in seen:
            raise ConfigError(f"{p} is given twice as a system", "give each system file once")
        seen[key] = p
    names = system_names(system_paths, names)
    reference_free = not refs
    if reference_free and source is None and pseudo_ref is None:
        raise ConfigError(
            "no reference and no source", "give --ref REF, or --source SRC so that a model translates it (reference-free)"
        )
    if documents and source is None:
        raise ConfigError("--documents needs --source", "give the source document the systems translated")
    if documents and docids:
        raise ConfigError("--docids applies to line-aligned files", "drop --docids with --documents (one document per file)")

    need_model = reference_free and pseudo_ref is None
    if backend is None and (need_model or model):
        backend = _load_backend(model, target_token, beam, required=need_model)
    if documents:
        inputs = _document_inputs(system_paths, names, source, refs, pseudo_ref, backend, src_lang, tgt_lang, nfc)
    else:
        inputs = _line_inputs(system_paths, names, source, refs, pseudo_ref, backend, docids, nfc)
    inputs.reference_free = reference_free
    for name, hyps in inputs.systems:
        if not any(h.strip() for h in hyps):
            inputs.warnings.append(f"system {name}: every segment is empty; it is scored as empty output")
    return inputs, backend


def _load_backend(model: str | None, target_token: str | None, beam: int, required: bool):
    spec = model or DEFAULT_ROUTE
    try:
        return load_backend(spec, target_token=target_token, beam=beam)
    except ModelUnavailable as exc:
        if required:
            raise ModelUnavailable(
                f"no --ref given and the model for a pseudo-reference is not available: {exc.message}",
                "give --ref REF or --pseudo-ref FILE, or --model with a local model folder",
            ) from None
        raise


def _pseudo_reference_desc(backend, path: str | None) -> list[str]:
    if path:
        return [f"pseudo-reference file {path}"]
    return [f"MarianMT re-translation of the source ({backend.signature()})"]


def _line_inputs(system_paths, names, source, refs, pseudo_ref, backend, docids, nfc):
    warnings: list[str] = []

    def load(path: str, what: str) -> list[str]:
        # NFC matters for what is scored (references, systems), not for ids or lengths
        lines, warn = read_lines(path, nfc, warn_nfc=what in ("reference", "pseudo-reference", "system output"))
        warnings.extend(warn)
        _check_nonempty(path, lines, what)
        return lines

    first_path, n = None, 0

    def check(path: str, lines: list[str]) -> None:
        nonlocal first_path, n
        if first_path is None:
            first_path, n = path, len(lines)
        else:
            _check_count(path, lines, first_path, n)

    def read(path: str, what: str) -> list[str]:
        lines = load(path, what)
        check(path, lines)
        return lines

    # read in this order (references, source, pseudo-reference, systems): the first file sets the line count
    references = [read(r, "reference") for r in refs]
    src_lines = None if source is None else read(source, "source")
    if pseudo_ref is not None:
        references.append(read(pseudo_ref, "pseudo-reference"))
    sys_lines = [read(path, "system output") for path in system_paths]
    doc_lines = None
    if docids is not None:
        raw = load(docids, "document id file")
        doc_lines = [line.split("\t", 1)[0].strip() for line in raw]
        check(docids, doc_lines)
    desc = list(refs)
    if not refs:
        if pseudo_ref is None:
            translation = translate_segments(_segmentation_from_lines(src_lines or []), backend)
            references.append(translation.texts)
        desc = _pseudo_reference_desc(backend, pseudo_ref)
    return Inputs(
        systems=list(zip(names, sys_lines)),
        references=references,
        source=src_lines,
        docids=doc_lines,
        system_paths=list(system_paths),
        reference_paths=list(refs) or ([pseudo_ref] if pseudo_ref else []),
        source_path=source,
        labels=[str(i + 1) for i in range(n)],
        reference_desc=desc,
        mode="lines",
        warnings=warnings,
    )


def _document_inputs(system_paths, names, source, refs, pseudo_ref, backend, src_lang, tgt_lang, nfc):
    warnings: list[str] = []

    def load(path: str, side: str, lang: str, what: str):
        doc = read_document(path, lang)
        warnings.extend(doc.warnings)
        seg = segment_document(doc, side, lang)  # type: ignore[arg-type]
        if not seg.segments:
            raise InputError(f"{path}: {what} is empty (no sentences)", "give a document with text")
        return seg

    options = AlignOptions(src_lang=src_lang, tgt_lang=tgt_lang)
    src = load(source, "src", src_lang, "source")
    def grouped(path: str, what: str):
        # the one routine that groups a translation by source segment (also --against in review);
        # sentences aligned to nothing (0:1) join the group before them: no system text is lost
        return aligned_translation(src, load(path, "tgt", tgt_lang, what), "aligned", options, keep_unpaired=True)[0]

    ref_tr = [grouped(r, "reference") for r in refs]
    if not refs:
        ref_tr = [grouped(pseudo_ref, "pseudo-reference") if pseudo_ref is not None else translate_segments(src, backend)]
    sys_tr = [grouped(p, "system output") for p in system_paths]
    units = document_units(src, ref_tr + sys_tr)
    texts = lambda tr: [tr.for_segments(u) for u in units]  # noqa: E731
    source_lines = [" ".join(src.segments[i].text for i in u) for u in units]
    if nfc:
        norm = lambda xs: [unicodedata.normalize("NFC", x) for x in xs]  # noqa: E731
    else:
        norm = lambda xs: xs  # noqa: E731  (read_document already returns NFC text)
    merged = sum(1 for u in units if len(u) > 1)
    notes = [
        f"documents: {len(src.segments)} source sentences in {len(units)} segments "
        f"({merged} of them groups of sentences that an alignment joins)"
    ]
    return Inputs(
        systems=[(n, norm(texts(t))) for n, t in zip(names, sys_tr)],
        references=[norm(texts(t)) for t in ref_tr],
        source=norm(source_lines),
        docids=None,
        system_paths=list(system_paths),
        reference_paths=list(refs) or ([pseudo_ref] if pseudo_ref else []),
        source_path=source,
        labels=[f"s{u[0] + 1}" if len(u) == 1 else f"s{u[0] + 1}-{u[-1] + 1}" for u in units],
        reference_desc=list(refs) if refs else _pseudo_reference_desc(backend, pseudo_ref),
        mode="documents",
        warnings=warnings,
        notes=notes,
    )


def add_likelihood(result, inputs, backend) -> None:
    """Forced-decoding log-likelihood of each system given the source, when the backend
    can score tokens (``score_tokens``); otherwise a note says why it was skipped."""
    if inputs.source is None:
        result.likelihood_note = "likelihood skipped: no --source given"
        return
    if not backend.can_score:
        result.likelihood_note = (
            f"likelihood skipped: the backend ({backend.signature()}) has no forced-decoding scores (score_tokens)"
        )
        return
    values = {}
    try:
        for name, hyps in inputs.systems:
            values[name] = aggregate_likelihood(backend.score_tokens(list(inputs.source), list(hyps)), len(hyps))
    except (TranslateError, TypeError, ValueError, RuntimeError) as exc:
        result.likelihood_note = f"likelihood skipped: forced decoding failed ({type(exc).__name__}: {exc})"
        return
    result.likelihood = values
    result.likelihood_note = f"mean log-probability per token of each system given the source under {backend.signature()}"
