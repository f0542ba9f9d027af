"""Headless latency probe: a real aiortc client that plays WAV files as its microphone and
measures what the edge (and later the origin) did with them.
"""
