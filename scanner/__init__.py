"""Prompt-injection scanner: every final transcript is checked before it may leave the edge.

    from scanner import scan, ScanContext
    context = ScanContext()              # one per session, kept by the edge
    verdict = scan(transcript, context)  # Verdict(action, score, reasons, elapsed_us)

`action` is "allow" (forward), "flag" (forward with the verdict attached) or "block" (the text
never leaves the edge). Scanning appends the turn to `context`, so an attack split across turns
is caught. Runtime needs only numpy, the standard library and the scanner's one compiled module
(its feature hashing, scanner/_hashing.c, built by pip install); the weights of the two models
(English, and other languages: scanner.language) ship in scanner/data and are loaded once, at import.

`scanner` may import only from `scanner` and `voice`.
"""

from __future__ import annotations

from scanner.context import ScanContext
from scanner.detector import InjectionDetector
from scanner.model import FOREIGN_WEIGHTS, LinearModel
from scanner.verdict import Action, ScanConfig, Verdict

__all__ = ["Action", "InjectionDetector", "ScanConfig", "ScanContext", "Verdict", "default_detector", "scan"]

_DEFAULT = InjectionDetector(LinearModel.load(), foreign_model=LinearModel.load(FOREIGN_WEIGHTS))


def default_detector() -> InjectionDetector:
    """The detector `scan` uses: committed weights (English and other-language), default ScanConfig."""
    return _DEFAULT


def scan(text: str, context: ScanContext | None = None, config: ScanConfig | None = None) -> Verdict:
    """Scan one transcript (or typed text). Never raises on any str, bytes or None input."""
    detector = _DEFAULT if config is None else _DEFAULT.with_config(config)
    return detector.scan(text, context)

_DEFAULT.scan("warm up the first-call paths so the first real transcript is not the slow one")
