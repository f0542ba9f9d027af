"""The OpenAI-compatible backend: streaming Chat Completions over HTTP (server-sent events).

Works with anything that speaks ``POST {base_url}/chat/completions`` with ``stream: true``: vLLM,
the llama.cpp server, Ollama, hosted APIs. The key comes from ``EDGEVOICE_LLM_API_KEY`` (optional
for local servers). Cancelling the stream closes the HTTP response, which is how these servers
learn to stop generating. There is no tokenizer at hand, so `count_tokens` estimates (4 chars a
token) and the server's prompt evaluation cannot be observed: `prompt_evaluated` stays unmarked.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence

import httpx

from origin_llm.config import ModelConfig
from origin_llm.language_model import BackendError, ChatMessage
from origin_llm.ledger import OriginTurnLedger

MAX_EVENT_CHARS = 256 * 1024
CHARS_PER_TOKEN = 4


class OpenAIChatModel:
    name = "openai"

    def __init__(self, config: ModelConfig) -> None:
        self._config = config
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._client = httpx.AsyncClient(
            base_url=config.base_url.rstrip("/"), headers=headers,
            timeout=httpx.Timeout(connect=config.connect_timeout_s, read=None, write=10.0, pool=10.0))

    def count_tokens(self, text: str) -> int:
        return len(text) // CHARS_PER_TOKEN + 1

    async def stream(self, messages: Sequence[ChatMessage], max_tokens: int,
                     ledger: OriginTurnLedger) -> AsyncIterator[str]:
        body = {
            "model": self._config.model_name,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "max_tokens": max_tokens,
            "temperature": self._config.temperature,
            "seed": self._config.seed,
        }
        ledger.mark("started")
        try:
            async with self._client.stream("POST", "/chat/completions", json=body) as response:
                if response.status_code != 200:
                    detail = (await response.aread())[:300].decode("utf-8", "replace")
                    raise BackendError(f"chat completions answered HTTP {response.status_code}: {detail}")
                finished = False
                async for line in response.aiter_lines():
                    if len(line) > MAX_EVENT_CHARS:
                        raise BackendError(f"server-sent event longer than {MAX_EVENT_CHARS} characters")
                    if not line.startswith("data:"):
                        continue  # blank separators, comments, `event:`/`id:` fields
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    pieces, ends = self._pieces(data)
                    finished = finished or ends
                    for piece in pieces:
                        ledger.completion_tokens += 1
                        yield piece
            if not finished:
                raise BackendError("chat completions stream ended before [DONE] or a finish_reason")
        except httpx.HTTPError as exc:
            raise BackendError(f"chat completions request to {self._config.base_url} failed: "
                               f"{exc or type(exc).__name__}") from exc

    @staticmethod
    def _pieces(data: str) -> tuple[list[str], bool]:
        """The content pieces of one event, and whether a choice says it finished."""
        try:
            chunk = json.loads(data)
        except json.JSONDecodeError:
            raise BackendError(f"chat completions sent an event that is not JSON: {data[:80]!r}") from None
        if not isinstance(chunk, dict):
            raise BackendError("chat completions sent an event that is not a JSON object")
        if "error" in chunk:
            raise BackendError(f"chat completions reported an error: {str(chunk['error'])[:300]}")
        pieces, finished = [], False
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, dict):
                continue
            finished = finished or bool(choice.get("finish_reason"))
            delta = choice.get("delta")
            content = delta.get("content") if isinstance(delta, dict) else None
            if isinstance(content, str) and content:
                pieces.append(content)
        return pieces, finished

    def prefill(self, messages: Sequence[ChatMessage], *, open_user_turn: bool = False) -> bool:
        return False  # the Chat Completions API has no way to warm a prompt

    async def close(self) -> None:
        await self._client.aclose()
