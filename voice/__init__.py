"""Shared voice primitives: audio frames, resampling, VAD endpointing, streaming ASR, turn ledger.

Every other edgevoice package may import from here; this package imports none of them.
"""
