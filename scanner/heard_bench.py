"""`python -m scanner.heard_bench`: the scanner on what the edge actually hears.

`scanner.bench` judges spoken input by `scanner.speech_form`, a text transformation (lower case,
no markup, numbers as words). The edge scans Whisper's output, which also mishears, drops what
Piper cannot say and writes its own punctuation. This benchmark speaks a fixed, seeded sample of
the dev set with Piper (the edge's voice), transcribes it with the edge's Whisper tiny.en, and
scores the transcripts beside the same rows as given and in speech form. Each row is scored by
the model retrained without its source (scanner.validation), at the shipped thresholds, so the
figures compare with the benchmark's "shipped thresholds" rows, not with in-sample scores.

Transcripts are cached in a JSONL file keyed by the text (build/, not committed), so a re-run
only rescores. Needs the `train`, `tts` extras.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from scanner.dataset import DEV_SET, PUBLIC_HELDOUT, LabelledRow, read_public_rows, read_rows_or_report
from scanner.metrics import Confusion
from scanner.speech_form import to_speech_form
from scanner.validation import (
    AS_GIVEN,
    HARD_NEGATIVES,
    SPEECH_FORM,
    SPOKEN_BENIGN,
    SourceHoldout,
    View,
    blocks,
)
from scanner.verdict import ScanConfig

if TYPE_CHECKING:
    from voice.piper_tts import PiperSynthesizer
    from voice.whisper_asr import WhisperRecognizer

HEARD = "heard"
MAX_CHARS = 300  # the latency target's transcripts; longer speech would be several turns
SEED = 17
# The transcripts are a copy of the dev set's texts, so they stay out of the repository (build/ is
# ignored by git): two dev sources state no licence (../shared/data/injection/README.md).
DEFAULT_CACHE = Path(__file__).resolve().parents[1] / "build" / "scanner_heard_transcripts.jsonl"
# Their texts are not written into the results either; the rows still count.
LICENCE_NOT_STATED = frozenset({"gandalf_ignore_instructions", "tensortrust_hijacking"})
WITHHELD = "(withheld: the source states no licence)"


@dataclass(frozen=True)
class HeardRow:
    row: LabelledRow
    heard: str


def sample_rows(rows: list[LabelledRow], per_group: int, seed: int = SEED) -> list[LabelledRow]:
    """Up to `per_group` rows of up to MAX_CHARS characters from every (source, label) group."""
    rng = np.random.default_rng(seed)
    groups: dict[tuple[str, int], list[LabelledRow]] = {}
    for row in rows:
        if 0 < len(row.text) <= MAX_CHARS:
            groups.setdefault((row.source, row.label), []).append(row)
    chosen: list[LabelledRow] = []
    for key in sorted(groups):
        members = groups[key]
        picks = rng.permutation(len(members))[:per_group]
        chosen.extend(members[i] for i in sorted(picks))
    return chosen


def speak_and_hear(piper: PiperSynthesizer | None = None, whisper: WhisperRecognizer | None = None) -> Callable[[str], str]:
    """Text -> what the edge's recogniser writes for Piper saying it (real models, no network)."""
    from voice.frames import pcm_to_float, resample

    if piper is None:
        from voice.piper_tts import PiperSynthesizer

        piper = PiperSynthesizer()
    if whisper is None:
        from voice.whisper_asr import WhisperRecognizer

        whisper = WhisperRecognizer()

    def hear(text: str) -> str:
        chunks = list(piper.synthesize(text))
        if not chunks:
            return ""  # nothing Piper can say (symbols, other scripts)
        pcm = resample(np.concatenate(chunks), piper.sample_rate, 16_000)
        return whisper.transcribe(pcm_to_float(pcm.tobytes()), final=True).text

    return hear


def load_cache(path: Path) -> dict[str, str]:
    """text -> transcript; a line that is not a {"text", "heard"} object (a run killed mid-write)
    is skipped, so its row is heard again."""
    if not path.is_file():
        return {}
    cache = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
            text, heard = entry["text"], entry["heard"]
        except (ValueError, KeyError, TypeError):
            continue
        if isinstance(text, str) and isinstance(heard, str):
            cache[text] = heard
    return cache


def hear_all(rows: Iterable[LabelledRow], cache_path: Path, hear: Callable[[str], str] | None = None) -> list[HeardRow]:
    """Every row with its transcript, from the cache or spoken and heard now (and cached)."""
    cache = load_cache(cache_path)
    out = []
    for row in rows:
        if row.text not in cache:
            if hear is None:
                hear = speak_and_hear()
            cache[row.text] = hear(row.text)
            line = json.dumps({"text": row.text, "heard": cache[row.text]}, ensure_ascii=False) + "\n"
            cache_path.parent.mkdir(parents=True, exist_ok=True)
            with cache_path.open("a+b") as handle:
                if handle.seek(0, 2) > 0:
                    handle.seek(-1, 2)
                    if handle.read(1) != b"\n":
                        line = "\n" + line  # the last run was killed mid-line: start a new one
                handle.write(line.encode("utf-8"))
        out.append(HeardRow(row, cache[row.text]))
    return out


@dataclass(frozen=True)
class ScoredView:
    """One view's scores, and which of them are the model's alone (those block only higher up)."""

    scores: np.ndarray
    model_only: np.ndarray
    chars: np.ndarray  # canonical lengths (the model alone needs a higher score to block a long text)


def score_views(heard_rows: list[HeardRow], holdout: SourceHoldout, config: ScanConfig) -> dict[str, ScoredView]:
    """Scores of each row as given, in speech form and as heard, by the model without its source."""
    texts = {
        AS_GIVEN: [item.row.text for item in heard_rows],
        SPEECH_FORM: [to_speech_form(item.row.text) for item in heard_rows],
        HEARD: [item.heard for item in heard_rows],
    }
    sources = np.array([item.row.source for item in heard_rows])
    scored = {}
    for name, view_texts in texts.items():
        view = View.of(view_texts, config)
        values = np.zeros(len(heard_rows))
        for source in sorted(set(sources)):
            rows = np.flatnonzero(sources == source)
            values[rows] = holdout.scores_without(frozenset({source}), view, rows)
        scored[name] = ScoredView(values, view.model_only(np.arange(len(heard_rows))), view.chars)
    return scored


def summarise(heard_rows: list[HeardRow], scored: dict[str, ScoredView], config: ScanConfig) -> dict:
    from voice.wer import corpus_wer

    labels = np.array([item.row.label for item in heard_rows])
    sources = np.array([item.row.source for item in heard_rows])
    spoken = np.isin(sources, list(SPOKEN_BENIGN)) & (labels == 0)
    hard = np.isin(sources, list(HARD_NEGATIVES)) & (labels == 0)
    attacks = labels == 1
    ascii = np.array([item.row.text.isascii() for item in heard_rows])
    views = {}
    for name, view in scored.items():
        flagged = view.scores >= config.flag_threshold
        blocked = blocks(view.scores, view.model_only, view.chars, config)
        views[name] = {
            "recall": Confusion.of(labels[attacks], flagged[attacks]).summary()["recall"],
            "block_recall": Confusion.of(labels[attacks], blocked[attacks]).summary()["recall"],
            "fpr_spoken": Confusion.of(labels[spoken], flagged[spoken]).summary()["false_positive_rate"],
            "fpr_hard_negatives": Confusion.of(labels[hard], flagged[hard]).summary()["false_positive_rate"],
            # Whisper tiny.en hears only English: other languages (a fifth of the sampled
            # attacks) come out as English-sounding nonsense, so ASCII-only rows are shown apart
            "recall_ascii_only": Confusion.of(labels[attacks & ascii], flagged[attacks & ascii]).summary()["recall"],
            "recall_per_source": {
                source: round(float(flagged[attacks & (sources == source)].mean()), 3)
                for source in sorted(set(sources[attacks]))
            },
        }
    scores = {name: view.scores for name, view in scored.items()}

    def shown(item: HeardRow) -> dict[str, str]:
        if item.row.source in LICENCE_NOT_STATED:
            return {"source": item.row.source, "text": WITHHELD, "heard": WITHHELD}
        return {"source": item.row.source, "text": item.row.text, "heard": item.heard}

    lost = [
        {**shown(item), "as_given": round(float(scores[AS_GIVEN][i]), 3), "heard_score": round(float(scores[HEARD][i]), 3)}
        for i, item in enumerate(heard_rows)
        if attacks[i] and scores[AS_GIVEN][i] >= config.flag_threshold > scores[HEARD][i]
    ]
    gained = [
        {**shown(item), "heard_score": round(float(scores[HEARD][i]), 3)}
        for i, item in enumerate(heard_rows)
        if not attacks[i] and scores[HEARD][i] >= config.flag_threshold > scores[AS_GIVEN][i]
    ]
    pairs = [(to_speech_form(item.row.text), item.heard) for item in heard_rows]
    return {
        "rows": len(heard_rows),
        "attacks": int(attacks.sum()),
        "attacks_ascii_only": int((attacks & ascii).sum()),
        "spoken_benign": int(spoken.sum()),
        "hard_negatives": int(hard.sum()),
        "thresholds": config.thresholds_report(),
        "wer_heard_vs_speech_form": round(corpus_wer(pairs), 4),
        "nothing_heard": sum(1 for item in heard_rows if not item.heard.strip()),
        "views": views,
        "attacks_caught_as_given_missed_as_heard": lost,
        "benign_allowed_as_given_flagged_as_heard": gained,
    }


def public_heard(cache_path: Path, path: Path = PUBLIC_HELDOUT, hear: Callable[[str], str] | None = None) -> dict:
    """The public held-out sets' rows of up to MAX_CHARS characters, heard, scored by the shipped scanner.

    No model here trained on them, so there is nothing to retrain: per family, the rows stopped
    (flagged or blocked) as given, in speech form and as heard, and the benign rows stopped only
    as heard, with what the recogniser wrote.
    """
    from scanner import default_detector

    detector = default_detector()
    short = [row for row in read_public_rows(path) if 0 < len(row.text) <= MAX_CHARS]
    heard_rows = hear_all((row.as_labelled() for row in short), cache_path, hear)
    families: dict[str, dict] = {}
    stopped_only_as_heard = []
    for row, item in zip(short, heard_rows):
        family = families.setdefault(row.family, {"label": row.label, "rows": 0})
        family["rows"] += 1
        actions = {
            AS_GIVEN: detector.scan(row.text).action,
            SPEECH_FORM: detector.scan(to_speech_form(row.text)).action,
            HEARD: detector.scan(item.heard).action,
        }
        for name, action in actions.items():
            counts = family.setdefault(name, {"stopped": 0, "blocked": 0})
            counts["stopped"] += action != "allow"
            counts["blocked"] += action == "block"
        if row.label == 0 and actions[HEARD] != "allow" and actions[AS_GIVEN] == "allow":
            stopped_only_as_heard.append({"family": row.family, "text": row.text, "heard": item.heard})
    pairs = [(to_speech_form(item.row.text), item.heard) for item in heard_rows]
    from voice.wer import corpus_wer

    return {
        "rows": len(heard_rows),
        "wer_heard_vs_speech_form": round(corpus_wer(pairs), 4),
        "families": families,
        "benign_stopped_only_as_heard": stopped_only_as_heard,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scanner.heard_bench", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEV_SET, help="labelled JSONL (default: the dev set)")
    parser.add_argument("--per-group", type=int, default=60, help="rows per (source, label) group (1-10000)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="transcripts JSONL (read and appended)")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--public", action="store_true",
                        help="the public held-out sets (tests/fixtures/injection) instead, scored by the shipped scanner")
    args = parser.parse_args(argv)
    if not 1 <= args.per_group <= 10_000:
        parser.error("--per-group must be 1..10000")
    if args.public:
        if not PUBLIC_HELDOUT.is_file():
            print(f"scanner.heard_bench: no such file: {PUBLIC_HELDOUT}", file=sys.stderr)
            return 2
        result = public_heard(args.cache)
        result["command"] = "python -m scanner.heard_bench " + " ".join(argv if argv is not None else sys.argv[1:])
        for name, family in result["families"].items():
            what = "caught" if family["label"] else "stopped"
            print(f"{name:20s} {what} of {family['rows']}: as given {family[AS_GIVEN]['stopped']}, speech form "
                  f"{family[SPEECH_FORM]['stopped']}, heard {family[HEARD]['stopped']} (blocked {family[HEARD]['blocked']})")
        print(f"{result['rows']} rows; WER heard vs speech form {result['wer_heard_vs_speech_form']:.3f}")
        if args.out:
            args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"wrote {args.out}")
        return 0
    rows = read_rows_or_report(args.data, "scanner.heard_bench")
    if rows is None:
        return 2
    config = ScanConfig()
    sample = sample_rows(rows, args.per_group)
    started = time.perf_counter()
    heard_rows = hear_all(sample, args.cache)
    hearing_s = time.perf_counter() - started
    holdout = SourceHoldout(rows, config)
    result = summarise(heard_rows, score_views(heard_rows, holdout, config), config)
    result["command"] = "python -m scanner.heard_bench " + " ".join(argv if argv is not None else sys.argv[1:])
    result["hearing_seconds_this_run"] = round(hearing_s, 1)
    for name, view in result["views"].items():
        print(f"{name:12s} recall {view['recall']:.3f} (ASCII-only rows {view['recall_ascii_only']:.3f})  "
              f"block recall {view['block_recall']:.3f}  "
              f"FPR spoken {view['fpr_spoken']:.4f}  FPR hard negatives {view['fpr_hard_negatives']:.4f}")
    print(f"{result['rows']} rows ({result['attacks']} attacks); WER heard vs speech form "
          f"{result['wer_heard_vs_speech_form']:.3f}; nothing heard for {result['nothing_heard']}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
