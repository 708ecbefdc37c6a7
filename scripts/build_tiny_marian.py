#!/usr/bin/env python3
"""Build a tiny MarianMT model from scratch, saved like a hub model.

SentencePiece models are trained on a few lines of Vietnamese (source) and Dutch
(target) written here, the vocabulary is their union (as in OPUS-MT), and the
weights are random (seeded). The result loads with ``MarianMTModel.from_pretrained``
and ``MarianTokenizer.from_pretrained`` exactly like ``Helsinki-NLP/opus-mt-*``, so
tests exercise the real loading and generation code offline. Its translations are
nonsense, deterministic for a seed.

    python scripts/build_tiny_marian.py OUT_DIR [--seed 0] [--d-model 32] [--layers 1]
        [--vocab-size 120] [--target-tokens '>>nld<<,>>eng<<']

The OPUS-MT-sized variant for speed benchmarks: --d-model 512 --layers 6 --heads 8
--ffn 2048 --vocab-size 53685 (the dimensions of opus-mt-vi-en).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

SOURCE_LINES = [
    "Tỉnh ủy Tuyên Quang đã ban hành Đề án 16-ĐA/TU ngày 3 tháng 1 năm 2020.",
    "Năm 2024, 96,3% bí thư chi bộ hoàn thành tốt nhiệm vụ.",
    "Bà Lý Thị Xiến là bí thư chi bộ thôn Sơn Thủy, xã Tân Mỹ.",
    "Chất lượng sinh hoạt chi bộ được nâng cao rõ rệt.",
    "Đảng mạnh từ mỗi chi bộ mạnh.",
    "Các đảng viên tham gia đầy đủ các buổi sinh hoạt.",
    "Người dân tin tưởng vào sự lãnh đạo của chi bộ.",
    "Hội nghị được tổ chức tại Hà Nội vào sáng thứ Hai.",
    "Giá vé tàu tăng 15% so với năm ngoái.",
    "Học sinh trở lại trường sau kỳ nghỉ hè.",
]
TARGET_LINES = [
    "Het Provinciaal Partijcomité van Tuyen Quang vaardigde Project 16-DA/TU uit op 3 januari 2020.",
    "In 2024 voerde 96,3% van de partijcelsecretarissen hun taken goed uit.",
    "Mevrouw Ly Thi Xien is secretaris van de partijcel van het dorp Son Thuy, gemeente Tan My.",
    "De kwaliteit van de partijcelactiviteiten is duidelijk verbeterd.",
    "Een sterke partij ontstaat uit elke sterke partijcel.",
    "De partijleden nemen volledig deel aan de bijeenkomsten.",
    "De mensen vertrouwen op het leiderschap van de partijcel.",
    "De conferentie werd maandagochtend in Hanoi gehouden.",
    "De prijs van treinkaartjes steeg met 15% ten opzichte van vorig jaar.",
    "Leerlingen gaan na de zomervakantie terug naar school.",
]


def train_spm(lines: list[str], prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(lines * 3) + "\n")
        corpus = fh.name
    spm.SentencePieceTrainer.train(
        input=corpus,
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=-1,  # Marian adds </s> itself
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
    )
    Path(corpus).unlink()


def build(
    out: str | Path,
    *,
    seed: int = 0,
    d_model: int = 32,
    layers: int = 1,
    heads: int = 2,
    ffn: int = 64,
    vocab_size: int = 120,
    target_tokens: list[str] | None = None,
    pad_vocab_to: int | None = None,
    max_length: int = 64,
    init_std: float | None = None,
    logits_bias: float = 0.0,
    eos_bias: float = 0.0,
    source_lines: list[str] | None = None,
    target_lines: list[str] | None = None,
) -> Path:
    """Build and save the model; return its folder."""
    import torch
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        # real text (e.g. NTREX) gives SentencePiece models that cut words like OPUS-MT's
        train_spm(source_lines or SOURCE_LINES, tmpdir / "source", vocab_size)
        train_spm(target_lines or TARGET_LINES, tmpdir / "target", vocab_size)
        pieces: dict[str, int] = {"</s>": 0, "<unk>": 1}
        for tok in target_tokens or []:
            pieces.setdefault(tok, len(pieces))
        for name in ("source", "target"):
            sp = spm.SentencePieceProcessor(model_file=str(tmpdir / f"{name}.model"))
            for i in range(sp.get_piece_size()):
                pieces.setdefault(sp.id_to_piece(i), len(pieces))
        if pad_vocab_to:
            k = 0
            while len(pieces) < pad_vocab_to - 1:
                pieces.setdefault(f"\u2581filler{k}", len(pieces))
                k += 1
        pieces["<pad>"] = len(pieces)
        vocab_path = tmpdir / "vocab.json"
        vocab_path.write_text(json.dumps(pieces, ensure_ascii=False), encoding="utf-8")
        tokenizer = MarianTokenizer(
            source_spm=str(tmpdir / "source.model"),
            target_spm=str(tmpdir / "target.model"),
            vocab=str(vocab_path),
            model_max_length=512,
        )
        tokenizer.save_pretrained(str(out))

    vocab = len(pieces)
    config = MarianConfig(
        vocab_size=vocab,
        decoder_vocab_size=vocab,
        d_model=d_model,
        encoder_layers=layers,
        decoder_layers=layers,
        encoder_attention_heads=heads,
        decoder_attention_heads=heads,
        encoder_ffn_dim=ffn,
        decoder_ffn_dim=ffn,
        max_position_embeddings=512,
        pad_token_id=pieces["<pad>"],
        eos_token_id=pieces["</s>"],
        decoder_start_token_id=pieces["<pad>"],
        forced_eos_token_id=pieces["</s>"],
        bad_words_ids=[[pieces["<pad>"]]],
        max_length=max_length,
        num_beams=1,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        activation_function="swish",
        static_position_embeddings=True,
        **({"init_std": init_std} if init_std else {}),
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.eval()
    if logits_bias or eos_bias:
        # Multilingual OPUS-MT models carry a non-zero final_logits_bias; a converter
        # that drops it changes the output (OpenNMT/CTranslate2#832). eos_bias makes
        # some outputs end before the length cap, so both stopping paths are exercised.
        with torch.no_grad():
            gen = torch.Generator().manual_seed(seed)
            model.final_logits_bias.copy_(torch.randn(model.final_logits_bias.shape, generator=gen) * logits_bias)
            model.final_logits_bias[0, pieces["</s>"]] += eos_bias
    model.save_pretrained(str(out))
    return out


def _lines(path: str | None) -> list[str] | None:
    if not path:
        return None
    return [ln.strip() for ln in Path(path).read_text(encoding="utf-8").splitlines() if ln.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--d-model", type=int, default=32)
    ap.add_argument("--layers", type=int, default=1)
    ap.add_argument("--heads", type=int, default=2)
    ap.add_argument("--ffn", type=int, default=64)
    ap.add_argument("--vocab-size", type=int, default=120, help="SentencePiece size per side")
    ap.add_argument("--pad-vocab-to", type=int, default=None, help="pad the joint vocabulary to this size")
    ap.add_argument("--target-tokens", default="", help="comma-separated, e.g. '>>nld<<,>>eng<<'")
    ap.add_argument("--init-std", type=float, default=None, help="weight init std (larger: output depends more on input)")
    ap.add_argument("--logits-bias", type=float, default=0.0, help="std of a random final_logits_bias")
    ap.add_argument("--eos-bias", type=float, default=0.0, help="extra logits bias on </s>")
    ap.add_argument("--source-text", default=None, help="train the source SentencePiece model on this file")
    ap.add_argument("--target-text", default=None, help="train the target SentencePiece model on this file")
    args = ap.parse_args()
    path = build(
        args.out,
        seed=args.seed,
        d_model=args.d_model,
        layers=args.layers,
        heads=args.heads,
        ffn=args.ffn,
        vocab_size=args.vocab_size,
        pad_vocab_to=args.pad_vocab_to,
        target_tokens=[t for t in args.target_tokens.split(",") if t],
        init_std=args.init_std,
        logits_bias=args.logits_bias,
        eos_bias=args.eos_bias,
        source_lines=_lines(args.source_text),
        target_lines=_lines(args.target_text),
    )
    print(path)


if __name__ == "__main__":
    main()
