"""The scheduler's ordering and shedding rules, around a fake recogniser (the real one is
exercised in test_whisper_asr, test_pipeline and the WebRTC tests)."""

import asyncio
import threading
import time

import numpy as np
import pytest

from voice.asr import Transcript
from voice.asr_scheduler import AsrScheduler


class GatedRecognizer:
    """Blocks each call until released, recording the order of calls."""

    max_audio_s = 30.0

    def __init__(self):
        self.calls: list[tuple[float, bool]] = []
        self.gate = threading.Semaphore(0)
        self.fail_on: float | None = None

    def transcribe(self, audio, *, final):
        self.gate.acquire()
        tag = float(audio[0])
        self.calls.append((tag, final))
        if tag == self.fail_on:
            raise RuntimeError("engine exploded")
        return Transcript(f"t{tag:g}", len(audio) / 16000, 0.0)


def audio(tag: float) -> np.ndarray:
    return np.full(160, tag, dtype=np.float32)


async def settle():
    for _ in range(20):
        await asyncio.sleep(0.005)


async def test_finals_jump_ahead_of_partials_and_partials_coalesce():
    rec = GatedRecognizer()
    sched = AsrScheduler(rec, workers=1)
    try:
        blocker = asyncio.ensure_future(sched.transcribe("a", audio(0), final=False))
        await settle()  # worker is now busy with tag 0
        p1 = asyncio.ensure_future(sched.transcribe("a", audio(1), final=False))
        await settle()
        p2 = asyncio.ensure_future(sched.transcribe("a", audio(2), final=False))  # replaces p1
        f3 = asyncio.ensure_future(sched.transcribe("b", audio(3), final=True))
        await settle()
        for _ in range(3):
            rec.gate.release()
        results = await asyncio.gather(blocker, p1, p2, f3)
        assert results[1] is None  # shed
        assert [r.text for r in (results[0], results[2], results[3])] == ["t0", "t2", "t3"]
        assert rec.calls == [(0.0, False), (3.0, True), (2.0, False)]
        assert sched.stats.partials_shed == 1
    finally:
        for _ in range(5):
            rec.gate.release()
        sched.close()


async def test_cancelled_requests_are_skipped_and_errors_delivered():
    rec = GatedRecognizer()
    rec.fail_on = 5.0
    sched = AsrScheduler(rec, workers=1)
    try:
        blocker = asyncio.ensure_future(sched.transcribe("a", audio(4), final=True))
        await settle()
        doomed = asyncio.ensure_future(sched.transcribe("gone", audio(9), final=True))
        failing = asyncio.ensure_future(sched.transcribe("b", audio(5), final=True))
        await settle()
        doomed.cancel()
        rec.gate.release()
        rec.gate.release()
        assert (await blocker).text == "t4"
        with pytest.raises(RuntimeError, match="exploded"):
            await failing
        assert 9.0 not in [c[0] for c in rec.calls]
        assert sched.stats.skipped_cancelled == 1
    finally:
        for _ in range(5):
            rec.gate.release()
        sched.close()


async def test_partials_round_robin_between_sessions():
    rec = GatedRecognizer()
    sched = AsrScheduler(rec, workers=1)
    try:
        first = asyncio.ensure_future(sched.transcribe("chatty", audio(10), final=False))
        await settle()
        rec.gate.release()
        await first  # chatty was served just now
        blocker = asyncio.ensure_future(sched.transcribe("x", audio(11), final=True))
        await settle()
        chatty = asyncio.ensure_future(sched.transcribe("chatty", audio(12), final=False))
        quiet = asyncio.ensure_future(sched.transcribe("quiet", audio(13), final=False))
        await settle()
        for _ in range(3):
            rec.gate.release()
        await asyncio.gather(blocker, chatty, quiet)
        assert [c[0] for c in rec.calls[-2:]] == [13.0, 12.0]
    finally:
        for _ in range(5):
            rec.gate.release()
        sched.close()


async def test_close_releases_waiters_and_threads():
    rec = GatedRecognizer()

    def workers():
        return [t for t in threading.enumerate() if t.name.startswith("asr-worker")]

    before = len(workers())
    sched = AsrScheduler(rec, workers=2)
    assert len(workers()) == before + 2
    pending = asyncio.ensure_future(sched.transcribe("a", audio(1), final=False))
    await settle()
    queued = asyncio.ensure_future(sched.transcribe("b", audio(2), final=False))
    await settle()
    rec.gate.release()
    rec.gate.release()
    await asyncio.to_thread(sched.close)
    await asyncio.wait_for(asyncio.gather(pending, queued, return_exceptions=True), 5)
    deadline = time.monotonic() + 5
    while len(workers()) > before and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert len(workers()) == before
    with pytest.raises(RuntimeError):
        await sched.transcribe("c", audio(3), final=True)
