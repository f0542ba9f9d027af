"""The embedded backend: llama-cpp-python running a GGUF chat model in this process.

One `Llama` is loaded once and used by a single worker thread, so generations queue in order and
never overlap; pieces cross to the event loop with ``call_soon_threadsafe``. Each generation
checks a stop flag between tokens, so closing the stream stops the model within one token.
llama.cpp keeps the KV cache of the previous prompt: a follow-up turn of the same conversation
only evaluates the tokens after the longest shared prefix. `prefill` evaluates a prompt ahead
when the worker has nothing else to do (the newest request wins): after a reply is stored, the
next turn's prompt up to the user's words (`open_user_turn`), so that turn evaluates only its
words even when the history window has moved; and for each `turn.prefill` hint the edge sends
while the user speaks or pauses, the whole prompt of the expected turn, so the turn itself
starts sampling at once.
`prompt_cache=False` re-evaluates the whole prompt each time: the naive baseline the benchmark
compares against. `NoRepeatNgrams` (repeat_guard.py) keeps the small model from copying one of
its earlier replies.
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import logging
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from origin_llm.config import ModelConfig, bundled_model_path
from origin_llm.language_model import BackendError, ChatMessage
from origin_llm.ledger import OriginTurnLedger
from origin_llm.repeat_guard import NoRepeatNgrams

log = logging.getLogger(__name__)

TOP_K = 40
TOP_P = 0.95
REPEAT_PENALTY = 1.1
_END = object()
_NEXT_USER = "\x00next user turn\x00"
PREFILL_CHUNK = 8  # tokens evaluated between checks for a waiting turn (~35 ms on one thread; 10 % slower than one batch)


@dataclass(slots=True)
class GenerationRecord:
    """How the last generation on the worker ended: `eos`, `max_tokens`, `cancelled` or `error`."""

    stop_reason: str = ""
    completion_tokens: int = 0
    prompt_tokens: int = 0
    cached_prompt_tokens: int = 0
    repeats_banned: int = 0  # tokens the no-repeat guard banned (steering away from an old reply)


class EmbeddedModel:
    name = "embedded"

    def __init__(self, config: ModelConfig) -> None:
        import llama_cpp
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        path = config.model_path or bundled_model_path()
        self._config = config
        self._llm = llama_cpp.Llama(
            model_path=str(path), n_ctx=config.context_tokens, n_threads=config.threads,
            n_threads_batch=config.threads, seed=config.seed, verbose=False)
        template = self._llm.metadata.get("tokenizer.chat_template")
        if not template:
            raise ValueError(f"{path} has no chat template in its metadata")
        self._formatter = Jinja2ChatFormatter(
            template, eos_token=self._token_text(self._llm.token_eos()),
            bos_token=self._token_text(self._llm.token_bos()))
        self._is_end = functools.partial(llama_cpp.llama_vocab_is_eog, self._llm._model.vocab)
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="llm")
        self.path = path
        self.last = GenerationRecord()
        self.generations = 0
        self.prefills = 0
        self.prefills_yielded = 0  # warm-ups cut short because a turn was waiting
        self.busy = threading.Event()
        self._jobs = 0  # submitted to the worker and not finished
        self._jobs_lock = threading.Lock()
        self._pending: tuple[list[ChatMessage], bool] | None = None  # the warm-up waiting for the worker
        self._open_lock = threading.Lock()
        self._closed = False

    def _token_text(self, token: int) -> str:
        return self._llm.detokenize([token], special=True).decode("utf-8", "replace")

    @functools.lru_cache(maxsize=4096)
    def count_tokens(self, text: str) -> int:
        with self._open_lock:  # tokenizing a freed model crashes the process; raise instead
            if self._closed:
                raise BackendError("the embedded model is closed")
            return len(self._llm.tokenize(text.encode(), add_bos=False, special=False))

    async def stream(self, messages: Sequence[ChatMessage], max_tokens: int,
                     ledger: OriginTurnLedger) -> AsyncIterator[str]:
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue = asyncio.Queue()
        stop = threading.Event()

        def emit(item: object) -> None:
            loop.call_soon_threadsafe(pieces.put_nowait, item)

        def job() -> None:
            reply = None
            try:
                try:
                    reply = self._generate(messages, max_tokens, ledger, stop, emit)
                finally:
                    if not loop.is_closed():
                        emit(_END)
            finally:
                self._finish_job()

        self._job_submitted()
        try:
            future = loop.run_in_executor(self._worker, job)
        except RuntimeError as exc:
            self._job_done()
            raise BackendError("the embedded model is closed") from exc
        try:
            while (piece := await pieces.get()) is not _END:
                yield piece
            await future
        except BackendError:
            raise
        except Exception as exc:
            raise BackendError(f"embedded model failed: {exc or type(exc).__name__}") from exc
        finally:
            stop.set()

    @property
    def idle(self) -> bool:
        """No job running on the worker or waiting for it."""
        return self._jobs == 0

    def prefill(self, messages: Sequence[ChatMessage], *, open_user_turn: bool = False) -> bool:
        """Evaluate the prompt for `messages` ahead of their turn, when the worker has nothing else
        to do; False if this backend will not. One warm-up waits at a time: a newer one replaces
        it, a turn that starts drops it, and a turn that arrives cuts a running one short, so a
        warm-up never delays a turn. With `open_user_turn`, only up to where the last (user's)
        message's words will go."""
        if open_user_turn and (not messages or messages[-1].role != "user"):
            raise ValueError("open_user_turn needs the user's message last")
        with self._jobs_lock:
            if not self._config.prompt_cache or self._closed:
                return False
            self._pending = (list(messages), open_user_turn)
            if self._jobs:
                return True  # the worker takes it when it finishes what it is doing
            self._jobs += 1
        try:
            self._worker.submit(self._finish_job)
        except RuntimeError:  # shut down meanwhile
            self._job_done()
            return False
        return True

    def _finish_job(self) -> None:
        """Runs on the worker at the end of every job: evaluate the waiting warm-up, if any and no
        turn is queued, then count the job done. Taking the warm-up and counting the job done
        happen under one lock, so a warm-up asked for meanwhile is never left behind."""
        while True:
            with self._jobs_lock:
                if self._pending is None or self._jobs > 1:
                    self._jobs -= 1
                    return
                messages, open_user_turn = self._pending
                self._pending = None
            self.prefills += 1
            self._evaluate(functools.partial(self._warm_up_prompt, messages, open_user_turn))

    def _warm_up_prompt(self, messages: list[ChatMessage], open_user_turn: bool) -> str:
        if not open_user_turn:
            return self._render(messages)
        return self._render([*messages[:-1], ChatMessage("user", _NEXT_USER)]).partition(_NEXT_USER)[0]

    def _turn_waiting(self) -> bool:
        """A job besides the running one is queued for the worker (only turns queue: warm-ups wait
        in the one `_pending` slot)."""
        with self._jobs_lock:
            return self._jobs > 1

    def _job_submitted(self) -> None:
        with self._jobs_lock:
            self._jobs += 1

    def _job_done(self) -> None:
        with self._jobs_lock:
            self._jobs -= 1

    def _render(self, messages: Sequence[ChatMessage]) -> str:
        return self._formatter(messages=[{"role": m.role, "content": m.content} for m in messages]).prompt

    def _generate(self, messages: Sequence[ChatMessage], max_tokens: int, ledger: OriginTurnLedger,
                  stop: threading.Event, emit: Callable[[object], None]) -> str | None:
        """Runs on the worker thread; the reply's text, or None if it was cancelled."""
        if stop.is_set():
            self.last = GenerationRecord("cancelled")
            return None
        with self._jobs_lock:
            self._pending = None  # a warm-up asked for before this turn started is stale now
        self.busy.set()
        self.generations += 1
        record = GenerationRecord()
        self.last = record
        try:
            ledger.mark("started")
            llm = self._llm
            prompt = self._render(messages)
            tokens = llm.tokenize(prompt.encode(), add_bos=False, special=True)
            room = llm.n_ctx() - len(tokens)
            if room < 1:
                raise BackendError(f"prompt of {len(tokens)} tokens does not fit the {llm.n_ctx()}-token context")
            if not self._config.prompt_cache:
                llm.reset()
            cached = llm.longest_token_prefix(llm.input_ids[: llm.n_tokens].tolist(), tokens)
            record.prompt_tokens = ledger.prompt_tokens = len(tokens)
            record.cached_prompt_tokens = ledger.cached_prompt_tokens = min(cached, len(tokens) - 1)
            limit = min(max_tokens, room)
            guard = NoRepeatNgrams(
                (llm.tokenize(m.content.encode(), add_bos=False) for m in messages if m.role == "assistant"),
                prompt_tokens=len(tokens))
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            reply: list[str] = []
            record.stop_reason = "max_tokens"
            for token in llm.generate(tokens, top_k=TOP_K, top_p=TOP_P, temp=self._config.temperature,
                                      repeat_penalty=REPEAT_PENALTY,
                                      logits_processor=[guard]):
                ledger.mark("prompt_evaluated")
                if stop.is_set():
                    record.stop_reason = "cancelled"
                    break
                if self._is_end(token):
                    record.stop_reason = "eos"
                    break
                record.completion_tokens = ledger.completion_tokens = record.completion_tokens + 1
                if text := decoder.decode(llm.detokenize([token])):
                    reply.append(text)
                    emit(text)
                if record.completion_tokens >= limit:
                    break
            record.repeats_banned = guard.bans
            if tail := decoder.decode(b"", final=True):
                reply.append(tail)
                emit(tail)
            return None if record.stop_reason == "cancelled" else "".join(reply)
        except BaseException:
            record.stop_reason = "error"
            raise
        finally:
            self.busy.clear()

    def _evaluate(self, prompt: Callable[[], str]) -> None:
        """Bring the KV cache up to the prompt (its tokens beyond the cached prefix), without sampling.

        In chunks of `PREFILL_CHUNK` tokens, stopping as soon as a turn is waiting for the worker:
        a warm-up must never delay the turn it is warming up for (an uncached history can take
        seconds on one thread). What was evaluated stays in the cache, so the turn still starts
        from there."""
        self.busy.set()
        try:
            llm = self._llm
            tokens = llm.tokenize(prompt().encode(), add_bos=False, special=True)
            cached = llm.longest_token_prefix(llm.input_ids[: llm.n_tokens].tolist(), tokens)
            if cached < len(tokens) < llm.n_ctx():
                llm.n_tokens = cached
                for start in range(cached, len(tokens), PREFILL_CHUNK):
                    if self._turn_waiting():
                        self.prefills_yielded += 1
                        break
                    llm.eval(tokens[start:start + PREFILL_CHUNK])
        except Exception:  # an optimisation only: the turn evaluates what is missing
            log.exception("prefilling a prompt failed")
        finally:
            self.busy.clear()

    async def close(self) -> None:
        await asyncio.to_thread(self._worker.shutdown, wait=True, cancel_futures=True)
        with self._open_lock:
            self._closed = True
            self._llm.close()
