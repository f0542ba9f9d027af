"""Runs recogniser calls on worker threads so inference never blocks the event loop, and shares
those workers fairly between sessions.

Why a scheduler rather than `loop.run_in_executor`: an executor is FIFO, so one talkative
session's partials would queue ahead of another session's final transcript. Here:

* finals run before partials (a final is what a user waits on; a partial is a nicety);
* a session has at most one partial queued: a newer one replaces it, and the replaced request
  resolves to None, so a slow machine sheds partials instead of falling behind;
* among partials, the session served longest ago goes first;
* a request whose awaiting task was cancelled (session gone) is skipped, not run.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from voice.asr import SpeechRecognizer, Transcript

FINAL, PARTIAL = 0, 1


@dataclass(order=True)
class _Job:
    sort_key: tuple
    session_id: str = field(compare=False)
    audio: np.ndarray = field(compare=False, repr=False)
    final: bool = field(compare=False)
    future: asyncio.Future = field(compare=False, repr=False)
    loop: asyncio.AbstractEventLoop = field(compare=False, repr=False)
    queued_at: float = field(compare=False, default_factory=time.monotonic)
    superseded: bool = field(compare=False, default=False)


@dataclass(slots=True)
class SchedulerStats:
    """Counters for the benchmarks and /healthz."""

    finals: int = 0
    partials: int = 0
    partials_shed: int = 0
    skipped_cancelled: int = 0
    max_queue_wait_s: float = 0.0


class AsrScheduler:
    """A priority queue of recognition requests served by `workers` threads."""

    def __init__(self, recognizer: SpeechRecognizer, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError("the ASR scheduler needs at least one worker")
        self.recognizer = recognizer
        self.stats = SchedulerStats()
        self._heap: list[_Job] = []
        self._cond = threading.Condition()
        self._seq = itertools.count()
        self._queued_partial: dict[str, _Job] = {}
        self._last_served: dict[str, float] = {}
        self._closed = False
        self._threads = [threading.Thread(target=self._work, name=f"asr-worker-{i}", daemon=True)
                         for i in range(workers)]
        for t in self._threads:
            t.start()

    async def transcribe(self, session_id: str, audio: np.ndarray, *, final: bool) -> Transcript | None:
        """Queue a request and wait for it; a partial may resolve to None when superseded."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()
        with self._cond:
            if self._closed:
                raise RuntimeError("ASR scheduler is closed")
            seq = next(self._seq)
            if final:
                key = (FINAL, 0.0, seq)
            else:
                key = (PARTIAL, self._last_served.get(session_id, 0.0), seq)
                replaced = self._queued_partial.pop(session_id, None)
                if replaced is not None:
                    replaced.superseded = True  # a worker drops it unrun
                    self.stats.partials_shed += 1
                    _resolve(replaced, None)
            job = _Job(key, session_id, audio, final, future, loop)
            if not final:
                self._queued_partial[session_id] = job
            heapq.heappush(self._heap, job)
            self._cond.notify()
        return await future

    def forget(self, session_id: str) -> None:
        """Drop a finished session's fairness state."""
        with self._cond:
            self._last_served.pop(session_id, None)
            self._queued_partial.pop(session_id, None)

    def queue_depth(self) -> int:
        with self._cond:
            return len(self._heap)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            pending, self._heap = self._heap, []
            self._cond.notify_all()
        for job in pending:
            _resolve(job, None)
        for t in self._threads:
            t.join(timeout=10)

    def _next_job(self) -> _Job | None:
        with self._cond:
            while True:
                while not self._heap and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return None
                job = heapq.heappop(self._heap)
                if job.superseded:
                    continue
                if self._queued_partial.get(job.session_id) is job:
                    del self._queued_partial[job.session_id]
                if job.future.cancelled():
                    self.stats.skipped_cancelled += 1
                    continue
                self._last_served[job.session_id] = time.monotonic()
                wait = time.monotonic() - job.queued_at
                self.stats.max_queue_wait_s = max(self.stats.max_queue_wait_s, wait)
                if job.final:
                    self.stats.finals += 1
                else:
                    self.stats.partials += 1
                return job

    def _work(self) -> None:
        while (job := self._next_job()) is not None:
            try:
                result = self.recognizer.transcribe(job.audio, final=job.final)
            except BaseException as exc:  # delivered to the awaiting session, never lost
                _resolve(job, exc)
            else:
                _resolve(job, result)


def _resolve(job: _Job, outcome: object) -> None:
    def settle() -> None:
        if job.future.done():
            return
        if isinstance(outcome, BaseException):
            job.future.set_exception(outcome)
        else:
            job.future.set_result(outcome)

    try:
        job.loop.call_soon_threadsafe(settle)
    except RuntimeError:
        pass  # the loop is closed: nobody is waiting any more
