"""`python -m scanner.known_words`: rebuild scanner/data/known_words.txt.

scanner.scrambled never restores a known word, nor to a rule word that shares its shape with one
or that a slip of one letter turns into one. Known words are the words of the benign training
texts (commonest first; run this after changing them, then retrain the model, whose features are
computed on the restored text) and then the whole words of the edge's recogniser vocabulary
(Whisper's byte-pair vocabulary: 18,000 frequent English words such as "cellar", "patents" and
"revel", which the benign texts lack and which are a shuffle or a slip away from "caller",
"patients" and "reveal"; it holds no misspellings such as "ingore" or "promt").
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from scanner.scrambled import KNOWN_WORDS_FILE, MIN_LENGTH

MIN_BENIGN_COUNT = 2  # a word seen once may be someone's typo


def benign_words(texts: Iterable[str]) -> list[str]:
    """Words of at least MIN_LENGTH letters seen MIN_BENIGN_COUNT times in canonical benign text,
    commonest first (scanner.scrambled keeps the commonest as its fast path)."""
    from scanner.normalise import canonical, coerce_text, fold

    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(canonical(fold(coerce_text(text), []), [], restore=False)[1])
    kept = [(word, count) for word, count in counts.items() if count >= MIN_BENIGN_COUNT and len(word) >= MIN_LENGTH]
    return [word for word, _ in sorted(kept, key=lambda item: (-item[1], item[0]))]


def recogniser_words() -> list[str]:
    """Lower-case whole words of MIN_LENGTH letters or more in Whisper's vocabulary, sorted."""
    from voice.whisper_asr import bundled_model_dir

    tokens = (bundled_model_dir() / "vocabulary.txt").read_text(encoding="utf-8").splitlines()
    # "Ġ" marks a token that starts a word; a whole word is letters only after it
    return sorted({t[1:] for t in tokens if t.startswith("Ġ") and len(t) > MIN_LENGTH and t[1:].isascii() and t[1:].isalpha() and t[1:].islower()})


def main(argv: list[str] | None = None) -> int:
    from scanner.dataset import DEV_SET, read_rows_or_report
    from scanner.train import synthetic_rows

    parser = argparse.ArgumentParser(prog="python -m scanner.known_words", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEV_SET, help="labelled JSONL whose benign rows count (default: the dev set)")
    parser.add_argument("--out", type=Path, default=KNOWN_WORDS_FILE)
    args = parser.parse_args(argv)
    rows = read_rows_or_report(args.data, "scanner.known_words")
    if rows is None:
        return 2
    texts = [row.text for row in (*rows, *synthetic_rows()) if row.label == 0]
    words = benign_words(texts)
    seen = set(words)
    vocabulary = [word for word in recogniser_words() if word not in seen]
    args.out.write_text("\n".join(words + vocabulary) + "\n", encoding="utf-8")
    print(f"{len(words)} known words from {len(texts)} benign texts and {len(vocabulary)} more from the recogniser's vocabulary -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
