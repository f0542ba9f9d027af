"""The edge's outgoing voice: the real track and the real Piper voice, driven without WebRTC."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from edge_relay.reply_audio import FRAME_SAMPLES, ReplyAudioTrack, ReplyVoice
from tests.conftest import wait_until
from voice.frames import AUDIBLE_DB, level_db


async def frames(track, n):
    out = []
    for _ in range(n):
        f = await track.recv()
        out.append(f.to_ndarray().reshape(-1))
    return out


async def test_track_paces_20ms_frames_and_sends_silence_when_idle():
    track = ReplyAudioTrack()
    t0 = time.monotonic()
    got = await frames(track, 25)
    elapsed = time.monotonic() - t0
    assert 0.4 <= elapsed <= 0.8  # 25 frames of 20 ms, in real time
    assert all(f.size == FRAME_SAMPLES and not f.any() for f in got)


async def test_stop_silences_the_very_next_frame():
    started = []
    track = ReplyAudioTrack(on_first_audio=lambda turn, at: started.append((turn, at)))
    tone = (np.sin(np.arange(48_000) / 48_000 * 2 * np.pi * 440) * 8000).astype(np.int16)
    track.enqueue("t1", tone)
    loud = await frames(track, 5)
    assert all(level_db(f) > AUDIBLE_DB for f in loud) and started and started[0][0] == "t1"
    assert track.playing and track.stop()
    after = await frames(track, 3)
    assert not any(f.any() for f in after) and not track.playing


async def test_sound_after_silence_leaves_with_the_frame_being_waited_for():
    """The track is waiting for its next 20 ms slot when a clause arrives: that frame leaves at
    once, with the sound, instead of at the slot; the frames after it keep the 20 ms pace."""
    track = ReplyAudioTrack()
    await frames(track, 3)
    waiting = asyncio.ensure_future(track.recv())
    await asyncio.sleep(0.002)
    slot = track._start + (track._index + 1) * FRAME_SAMPLES / 48_000  # when it would have left
    tone = (np.sin(np.arange(4_800) / 48_000 * 2 * np.pi * 440) * 8000).astype(np.int16)
    track.enqueue("t1", tone)
    first = await waiting
    left = time.monotonic()
    assert level_db(first.to_ndarray().reshape(-1)) > AUDIBLE_DB and track.wakes == 1
    assert left < slot - 0.005, "the sound waited for the old slot"
    rest = [await track.recv() for _ in range(3)]
    assert [f.pts for f in rest] == [first.pts + (i + 1) * FRAME_SAMPLES for i in range(3)]
    track.enqueue("t1", tone)  # more sound while sound plays: no wake, the pace holds
    assert track.wakes == 1


@pytest.fixture
def tts_executor():
    pool = ThreadPoolExecutor(1, thread_name_prefix="tts-test")
    yield pool
    pool.shutdown()


async def test_voice_speaks_clauses_in_order_and_reports_them(piper, tts_executor):
    track = ReplyAudioTrack()
    marks = []
    voice = ReplyVoice(piper, tts_executor, track, on_synthesis=lambda t, what: marks.append((t, what)))
    try:
        for delta in ["Hello", " there", ",", " my", " friend", ".", " How", " are", " you", "?"]:
            voice.add_text("t1", delta)
        voice.finish("t1")
        assert await wait_until(lambda: marks.count(("t1", "audio")) >= 2)
        assert marks[0] == ("t1", "start") and ("t1", "audio") in marks
        assert track.playing
    finally:
        await voice.close()


async def test_unspeakable_long_and_empty_replies_do_not_break_the_voice(piper, tts_executor):
    track = ReplyAudioTrack()
    silent = []
    voice = ReplyVoice(piper, tts_executor, track, on_silent=silent.append)
    consumer = asyncio.ensure_future(frames(track, 100_000))
    try:
        voice.add_text("emoji", "😀🎉🔥 ✨")
        voice.finish("emoji")
        voice.finish("empty")
        voice.add_text("cjk", "你好世界。")
        voice.finish("cjk")
        assert await wait_until(lambda: set(silent) >= {"emoji", "empty", "cjk"})
        voice.add_text("long", "This sentence goes on. " * 40)
        voice.finish("long")
        voice.add_text("after", "Still talking.")
        voice.finish("after")
        assert await wait_until(lambda: track.playing)
        assert not consumer.done()  # the track kept sending
        assert voice.interrupt()
        assert not track.playing
    finally:
        consumer.cancel()
        await voice.close()


async def test_interrupt_drops_queued_clauses_and_later_text_of_the_turn(piper, tts_executor):
    track = ReplyAudioTrack()
    marks = []
    voice = ReplyVoice(piper, tts_executor, track, on_synthesis=lambda t, what: marks.append((t, what)))
    try:
        voice.add_text("t1", "One sentence here. Two sentences here. Three sentences here. ")
        voice.interrupt(also={"t2"})
        voice.add_text("t1", "More text after the barge-in.")
        voice.add_text("t2", "A reply that was still being written.")
        voice.finish("t1")
        voice.finish("t2")
        await asyncio.sleep(1.0)
        assert not track.playing
        assert ("t2", "audio") not in marks
        assert marks.count(("t1", "audio")) <= 1  # at most the clause already in synthesis
    finally:
        await voice.close()


def test_a_clause_starts_with_an_audible_frame(piper):
    """The lead-in silence and the inaudible onset are cut, so the first 20 ms frame on the track
    is already heard (the listener does not wait a frame for the voice), without a click."""
    from edge_relay.reply_audio import trim_leading_silence
    from voice.frames import resample

    for text in ("Has never been surpassed.", "Now.", "The Chinese took impressions from wood blocks.",
                 "Then in the same operations with ugly ones."):
        # Piper samples its noise afresh on every call: some renderings start audible at once, so
        # a known lead-in of silence makes "the silence is cut" hold on every run. The lead-in is a
        # whole number of the trimmer's 5 ms windows (rate // 200): 50 ms at 22,050 Hz is 1,102
        # samples, ten windows 1,100, and a voice audible at once was cut two samples early.
        lead = 10 * (piper.sample_rate // 200)
        raw = np.concatenate([np.zeros(lead, np.int16), *piper.synthesize(text)])
        trimmed = trim_leading_silence(raw, piper.sample_rate)
        assert lead <= len(raw) - len(trimmed) < lead + piper.sample_rate // 2, text
        first = resample(trimmed, piper.sample_rate, 48_000)[:FRAME_SAMPLES]
        assert level_db(first) >= AUDIBLE_DB, text
        assert abs(int(trimmed[0])) < 200  # faded in
    silence = np.zeros(1000, np.int16)
    assert trim_leading_silence(silence, 22_050) is silence


def test_a_loud_click_before_a_soft_stretch_is_not_where_the_clause_starts():
    """The first 5 ms may be loud and the rest of the first frame too soft to hear (a CI run's
    Piper rendering read -45.4 dB): the start is where the whole first 20 ms frame is heard."""
    from edge_relay.reply_audio import trim_leading_silence
    from voice.frames import resample

    rate = 22_050
    step = rate // 200
    tone = lambda n, amplitude: (amplitude * np.sin(np.arange(n) * 2 * np.pi * 220 / rate)).astype(np.int16)
    click, soft, voice = tone(step, 400), tone(3 * step, 40), tone(rate // 5, 3000)  # -38, -58, -21 dB
    raw = np.concatenate([np.zeros(10 * step, np.int16), click, soft, voice])
    trimmed = trim_leading_silence(raw, rate)
    first = resample(trimmed, rate, 48_000)[:FRAME_SAMPLES]
    assert level_db(first) >= AUDIBLE_DB
    assert 10 * step < len(raw) - len(trimmed) <= 14 * step  # past the silence, not into the voice
