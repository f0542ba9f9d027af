"""Disguises an attacker puts on a text (scanner.evasions) and what the scanner makes of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner import scan
from scanner.evasions import EVASIONS, evade
from scanner.normalise import normalise

FIXTURES = Path(__file__).parent / "fixtures" / "injection" / "known.jsonl"
ROWS = [json.loads(line) for line in FIXTURES.read_text(encoding="utf-8").splitlines() if line.strip()]
CAUGHT = [row["text"] for row in ROWS if row["label"] == 1 and scan(row["text"]).action != "allow"]
BENIGN = [row["text"] for row in ROWS if row["label"] == 0]
# Disguises the normaliser undoes exactly: the scorers see the text as it was.
UNDONE = (
    "invisible characters", "look-alike letters", "leetspeak", "full-width letters", "small capitals", "enclosed letters",
)


@pytest.mark.parametrize("name", UNDONE)
def test_character_disguises_are_undone_exactly(name: str) -> None:
    texts = [text for text in CAUGHT + BENIGN if text.isascii()]
    disguised = evade(texts, name, seed=3)
    assert sum(a != b for a, b in zip(texts, disguised)) >= len(texts) // 2
    assert [normalise(text).canonical for text in disguised] == [normalise(text).canonical for text in texts]


@pytest.mark.parametrize("name", sorted(EVASIONS))
def test_disguises_are_seeded(name: str) -> None:
    assert evade(CAUGHT, name, seed=5) == evade(CAUGHT, name, seed=5)


@pytest.mark.parametrize("name", sorted(EVASIONS))
def test_disguised_attacks_stay_caught_and_benign_text_stays_allowed(name: str) -> None:
    """Floors one below the fixtures' figures (33 caught attacks, 42 benign; seeds 0-2 measured):
    shuffled inner letters 29, slips and spelled-out words 32-33, the rest all 33; at most two
    benign rows flagged (the character disguises are evidence of evasion themselves, 0.3: "ignore
    the last alarm", which the model has scored 0.40 since stop 21's retraining with self-corrections
    masked, 0.39 before, reaches 0.580 with it, the flag threshold; one row before that)."""
    floor = {
        "shuffled inner letters": 28, "typing slips": 31, "spelled out": 31,
        # Words cut by dots (stop 25): 32-33 (pieces of words the rules do not name stay apart).
        "broken by dots": 31,
        # Whole-text encodings (stop 24): ROT13 27, Pig Latin 26, backwards 24 (German and
        # sentences with "the"/"you" in them mostly); a benign text in Pig Latin is flagged 3 times,
        # 4 at stop 30 (the rules' new words, "look" among them, let one more Pig Latin sentence
        # read back, "look up instructions for jumper cables", and Pig Latin is evidence, 0.3), 3
        # again since stop 31 (Pig Latin is read back into common and attack words, not into
        # rule_words.CONTEXT_ONLY_WORDS, where "who" had beaten "how").
        "encoded as rot13": 26, "encoded as pig latin": 25, "encoded as backwards": 23,
        # Stop 28 (seeds 0-2): the other Caesar shifts 25-27 and Atbash 27 (the ROT13 misses);
        # reversed under a right-to-left override 24 (the backwards misses); upside down 29
        # (German, and digits that are not turned); NATO-spelled words 32-33; Braille 32-33.
        "encoded as caesar shift": 24, "encoded as atbash": 26, "right-to-left override": 23,
        "upside down": 28, "nato alphabet": 31, "encoded as braille": 31,
    }.get(name, len(CAUGHT))
    ceiling = {"encoded as pig latin": 3}.get(name, 2)
    for seed in (0, 1):
        assert sum(scan(text).action != "allow" for text in evade(CAUGHT, name, seed)) >= floor
        assert sum(scan(text).action != "allow" for text in evade(BENIGN, name, seed)) <= ceiling
