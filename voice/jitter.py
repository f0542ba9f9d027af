"""The receive jitter buffer of an aiortc peer connection's audio.

aiortc holds incoming audio until four more packets have arrived (a fixed 80 ms at 20 ms per
packet) and offers no setting for it. On the edge that is 80 ms added to every endpoint decision;
in the probe it is 80 ms added to every measurement of the reply's audio, where a browser's
adaptive buffer on a LAN settles nearer 20-40 ms. `set_audio_prefetch` replaces the buffer of each
audio receiver with one that waits for `frames` packets. Fewer means less latency and less
tolerance of network jitter (a packet later than the buffer is dropped, a 20 ms gap).

It reaches into aiortc's private state, so it checks what it finds and reports whether it could.
Call it after `setRemoteDescription` (the receivers exist) and before media flows.
"""

from __future__ import annotations

import logging

from aiortc import RTCPeerConnection
from aiortc.jitterbuffer import JitterBuffer

log = logging.getLogger(__name__)

AUDIO_CAPACITY = 16
_PRIVATE = "_RTCRtpReceiver__jitter_buffer"


def set_audio_prefetch(pc: RTCPeerConnection, frames: int) -> bool:
    if not 0 <= frames < AUDIO_CAPACITY:
        raise ValueError(f"jitter buffer prefetch must be 0..{AUDIO_CAPACITY - 1} packets, got {frames}")
    done = False
    for transceiver in pc.getTransceivers():
        receiver = transceiver.receiver
        if transceiver.kind != "audio" or not isinstance(getattr(receiver, _PRIVATE, None), JitterBuffer):
            continue
        setattr(receiver, _PRIVATE, JitterBuffer(capacity=AUDIO_CAPACITY, prefetch=frames))
        done = True
    if not done:
        log.warning("could not set the audio jitter buffer (aiortc internals changed?); keeping aiortc's")
    return done
