import numpy as np
import pytest
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription

from latency_probe.wav_track import WavTrack
from voice.jitter import set_audio_prefetch


async def offer_answer_pair():
    caller = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    caller.addTrack(WavTrack(np.zeros(960, np.int16)))
    callee = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    await caller.setLocalDescription(await caller.createOffer())
    await callee.setRemoteDescription(RTCSessionDescription(caller.localDescription.sdp, "offer"))
    return caller, callee


async def test_audio_receivers_get_the_requested_prefetch():
    caller, callee = await offer_answer_pair()
    try:
        assert set_audio_prefetch(callee, 1)
        receiver = callee.getTransceivers()[0].receiver
        assert receiver._RTCRtpReceiver__jitter_buffer._prefetch == 1
        with pytest.raises(ValueError):
            set_audio_prefetch(callee, 16)
    finally:
        await caller.close()
        await callee.close()


async def test_a_connection_without_audio_reports_it_could_not():
    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    try:
        assert set_audio_prefetch(pc, 2) is False
    finally:
        await pc.close()
