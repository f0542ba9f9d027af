"""The scanner proper: normalise, run the rules and the model, combine, decide.

Combination is noisy-OR: score = 1 - (1 - p_model) * prod(1 - severity) over the rules that
matched and the evasion tricks the normaliser had to undo. A strong rule alone can block; several
weak signals add up; the model alone flags what no rule names, and blocks it only when it is
surer than the block threshold asks of named evidence (ScanConfig.model_block_threshold; surer
still on long typed text, ScanConfig.long_text_model_block_threshold). With a
ScanContext the window of recent turns is scored too, and counts only when the turns together
score higher than any of them alone (a flagged turn's score does not raise later turns'); a turn
that follows a remembered flagged turn is flagged at least (scanner.context says why).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from scanner.context import ScanContext
from scanner.language import is_foreign
from scanner.model import LinearModel, sigmoid
from scanner.normalise import Normalised, coerce_text, normalise
from scanner.rules import RuleHit, match_rules
from scanner.verdict import ScanConfig, Verdict

# Unicode tricks never occur in a transcript and rarely in honest typing; spelling a word out
# letter by letter is how people give names and codes to a voice assistant, so it adds nothing.
EVASION_SEVERITY = {
    "invisible characters removed": 0.3,
    "look-alike letters mapped to latin": 0.3,
    "leetspeak digits read as letters": 0.25,
    "spelled-out letters joined": 0.0,
    # Dots typed inside words ("in.str.uc.tio.ns") break a word only for a filter's sake.
    "punctuation inside words removed": 0.2,
    # Typed words with their inner letters shuffled; honest typists swap two letters now and then,
    # and the restored words carry the evidence, so restoring adds nothing by itself.
    "scrambled words restored": 0.0,
    # People paste base64 and hex for honest reasons too; ROT13 and backwards writing they rarely type.
    "base64 text decoded": 0.2,
    "hex text decoded": 0.2,
    "rot13 text decoded": 0.3,
    "reversed text read forwards": 0.3,
    # Morse code and Pig Latin are typed to a text assistant only to hide something.
    "morse code decoded": 0.3,
    "pig latin read as english": 0.3,
    # The other ciphers of garak's encoding probes and the character-injection study of Hackett et
    # al. (2025): nobody types them to an assistant but to hide something.
    "caesar cipher decoded": 0.3,
    "atbash cipher decoded": 0.3,
    "braille decoded": 0.3,
    "upside-down text read": 0.3,
    # Bytes hidden in variation selectors are invisible: their only use is smuggling.
    "variation selector text decoded": 0.3,
}
WINDOW_MARGIN = 0.2  # a window must beat its best single turn by this much to count (0.05 flagged read speech)
# A fragment of one or two words ("now", "not now", "instructions") is too little context for the
# model: its probability there is little more than its bias and two word weights, and speech is
# full of such turns (a VAD splits "Now, as all books..." after "Now"). The model alone never
# flags one: its probability is capped below the lowest flag threshold (validation's floor, 0.5),
# rules still apply, and the session window judges the fragment once the rest arrives.
FRAGMENT_WORDS = 2
FRAGMENT_CEILING = 0.49
# A score at which the verdict is settled: once the model and the rules matched so far reach it
# (and the block threshold), no more rules are tried. Scores below it are exact; above it a
# verdict's score is a lower bound and its reasons name the rules that settled it.
SETTLED_SCORE = 0.99


def is_fragment(canonical: str) -> bool:
    """Whether canonical text has FRAGMENT_WORDS words or fewer (its model score is capped)."""
    return canonical.count(" ") < FRAGMENT_WORDS


def signal_keep(hits: tuple[RuleHit, ...], notes: tuple[str, ...]) -> float:
    """Probability that none of the rule hits and evasion notes means an attack (noisy-OR)."""
    keep = 1.0
    for hit in hits:
        keep *= 1.0 - hit.severity
    for note in notes:
        keep *= 1.0 - EVASION_SEVERITY.get(note, 0.0)
    return keep


@dataclass(frozen=True)
class Assessment:
    """Scores of one text before thresholds are applied."""

    score: float
    model_probability: float
    signal_keep: float  # noisy-OR factor of the rule hits and evasion notes: 1.0 = the model alone
    hits: tuple[RuleHit, ...]
    canonical: str
    model: LinearModel  # the one that scored it (English, or other-language: scanner.language)


@dataclass(frozen=True)
class PreparedInput:
    normalised: Normalised
    original_chars: int
    truncated: bool


def prepare(value: object, max_chars: int) -> PreparedInput:
    """Coerce any input to text, bound its length (head and tail kept), normalise it."""
    text = coerce_text(value)
    original = len(text)
    if original > max_chars:
        head = max_chars // 2
        text = f"{text[:head]}\n{text[original - (max_chars - head):]}"
    normalised = normalise(text)
    if len(normalised.canonical) > 2 * max_chars:  # number words can lengthen a digit flood
        words = normalised.canonical[: 2 * max_chars].rsplit(" ", 1)[0]
        normalised = Normalised(normalised.folded, words, normalised.notes)
    return PreparedInput(normalised, original, original > max_chars)


class InjectionDetector:
    """Rules plus a linear model over one canonical form; cheap enough for every transcript.

    With `foreign_model`, text in another language than English (scanner.language) is scored by
    that model instead of `model`.
    """

    def __init__(
        self, model: LinearModel, config: ScanConfig | None = None, foreign_model: LinearModel | None = None
    ) -> None:
        self.model = model
        self.config = config or ScanConfig()
        self.foreign_model = foreign_model

    def with_config(self, config: ScanConfig) -> InjectionDetector:
        """The same models judged by other thresholds and bounds."""
        return InjectionDetector(self.model, config, self.foreign_model)

    def model_for(self, canonical: str, notes: tuple[str, ...] = ()) -> LinearModel:
        """The model that scores `canonical`: the other-language one where the gate sends it."""
        if self.foreign_model is not None and is_foreign(canonical, notes):
            return self.foreign_model
        return self.model

    def assess(self, canonical: str, folded: str, notes: tuple[str, ...] = ()) -> Assessment:
        model = self.model_for(canonical, notes)
        probability = sigmoid(model.logit(canonical))
        if is_fragment(canonical):
            probability = min(probability, FRAGMENT_CEILING)
        hits = tuple(match_rules(canonical, folded, self._settled_keep(probability)))
        keep = signal_keep(hits, notes)
        return Assessment(1.0 - (1.0 - probability) * keep, probability, keep, hits, canonical, model)

    def _settled_keep(self, probability: float) -> float:
        """The noisy-OR keep factor of rule hits at which the score reaches the settled level."""
        settled = max(SETTLED_SCORE, self.config.block_threshold)
        return (1.0 - settled) / (1.0 - probability) if probability < settled else 1.0

    def scan(self, text: object, context: ScanContext | None = None) -> Verdict:
        started = time.perf_counter_ns()
        config = self.config
        prepared = prepare(text, config.max_chars)
        norm = prepared.normalised
        own = self.assess(norm.canonical, norm.folded, norm.notes)
        chosen, window_note = own, None
        if context is not None and context.turns:
            window_text = context.window(norm.canonical, config.max_chars)
            window = self.assess(window_text, window_text)
            best_single = max(own.score, context.strongest_score())
            if window.score >= config.flag_threshold and window.score > best_single + WINDOW_MARGIN:
                chosen = window
                window_note = f"multi-turn: last {len(context.turns) + 1} turns together score {window.score:.2f}"
        # the turn's own length says whether it is typed or pasted text (a window of short spoken
        # turns together is no pasted document)
        action = config.action_for(chosen.score, model_only=chosen.signal_keep == 1.0, chars=len(norm.canonical))
        own_flag = action == "flag"
        if context is not None and action == "allow":
            back = context.turns_since_flag()
            if back is not None:
                action = "flag"
                # (blocked turns are not remembered, so this counts the turns the origin saw)
                window_note = f"multi-turn: follows a flagged turn, {back} remembered turn{'s' if back > 1 else ''} back"
        if context is not None and action != "block":
            context.remember(norm.canonical, own.score, flagged=own_flag)
        reasons = self._reasons(prepared, chosen, action, window_note)
        elapsed_us = (time.perf_counter_ns() - started) / 1000.0
        return Verdict(action, chosen.score, reasons, elapsed_us)

    def _reasons(
        self, prepared: PreparedInput, chosen: Assessment, action: str, window_note: str | None
    ) -> tuple[str, ...]:
        norm = prepared.normalised
        reasons = [hit.reason for hit in chosen.hits]
        model_name = "model" if chosen.model is self.model else "other-language model"
        model_reason = f"{model_name} {chosen.model_probability:.2f}"
        if action != "allow" and chosen.model_probability >= 0.5:
            words = chosen.model.word_evidence(chosen.canonical)
            if words:
                model_reason += " (" + ", ".join(f"'{word}'" for word, _ in words) + ")"
        reasons.append(model_reason)
        reasons.extend(note for note in norm.notes)
        if window_note:
            reasons.append(window_note)
        if prepared.truncated:
            reasons.append(
                f"input truncated for scoring: {prepared.original_chars} chars, scored the first "
                f"and last {self.config.max_chars // 2}"
            )
        if not norm.canonical:
            reasons.append("no words to score" if prepared.original_chars else "empty input")
        return tuple(reasons)
