"""The seam between the origin and whatever generates replies.

A `LanguageModel` streams the reply to a chat as text pieces. It never blocks the event loop:
the embedded backend generates on its own worker thread, the OpenAI-compatible one awaits HTTP.
Closing the stream (the consumer is cancelled, or calls ``aclose()``) stops the generation; the
backend marks the turn's ledger (`started`, `prompt_evaluated`) and fills its token counts.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from origin_llm.config import ModelConfig
from origin_llm.ledger import OriginTurnLedger


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Literal["system", "user", "assistant"]
    content: str


class BackendError(RuntimeError):
    """The model backend failed; the message says why, for the edge's `error` frame."""


class LanguageModel(Protocol):
    name: str

    def count_tokens(self, text: str) -> int:
        """Tokens `text` costs in a prompt (an estimate where the backend's tokenizer is remote)."""
        ...

    def stream(self, messages: Sequence[ChatMessage], max_tokens: int,
               ledger: OriginTurnLedger) -> AsyncIterator[str]:
        """The reply to `messages`, piece by piece; raises `BackendError`."""
        ...

    def prefill(self, messages: Sequence[ChatMessage], *, open_user_turn: bool = False) -> bool:
        """Start evaluating the prompt for `messages` before their turn arrives, if the backend
        can and is idle; returns at once, False if it will not. `open_user_turn`: the last message
        is the user's, words not known yet: evaluate only what comes before them."""
        ...

    async def close(self) -> None: ...


async def load_model(config: ModelConfig) -> LanguageModel:
    """Build the backend `config` names; loading a model file happens off the event loop."""
    if config.backend == "openai":
        from origin_llm.openai_model import OpenAIChatModel

        return OpenAIChatModel(config)
    from origin_llm.embedded_model import EmbeddedModel

    return await asyncio.to_thread(EmbeddedModel, config)
