"""`python -m scanner.known_words`: rebuild scanner/data/known_words.txt from the benign training texts.

scanner.scrambled never restores a word the benign texts use, nor to a rule word that shares its
shape with one; run this after changing the benign training data (then retrain the model, whose
features are computed on the restored text).
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
    args.out.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} known words from {len(texts)} benign texts -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
