"""The edge relay: WebRTC ingest near the user, VAD and endpointing, streaming ASR, and (with
the scanner) the decision of what text may travel on to the origin.
"""
