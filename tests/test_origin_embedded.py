"""The embedded llama.cpp backend with the real SmolLM2 model."""

import asyncio
import threading
import time

import pytest

from origin_llm.config import ModelConfig
from origin_llm.embedded_model import EmbeddedModel
from origin_llm.language_model import ChatMessage
from origin_llm.ledger import OriginTurnLedger
from origin_llm.prompt import VOICE_SYSTEM_PROMPT

pytestmark = pytest.mark.slow


def chat(*turns: str) -> list[ChatMessage]:
    roles = ["user", "assistant"]
    return [ChatMessage("system", VOICE_SYSTEM_PROMPT)] + [ChatMessage(roles[i % 2], t) for i, t in enumerate(turns)]


@pytest.fixture(scope="module")
def model():
    engine = EmbeddedModel(ModelConfig())
    yield engine
    asyncio.run(engine.close())


async def generate(model, messages, max_tokens=32) -> tuple[str, OriginTurnLedger]:
    ledger = OriginTurnLedger(model.name)
    ledger.mark("received")
    text = "".join([piece async for piece in model.stream(messages, max_tokens, ledger)])
    return text, ledger


async def test_answers_and_marks_the_ledger(model):
    text, ledger = await generate(model, chat("What is the capital of France?"))
    assert "Paris" in text
    assert {"started", "prompt_evaluated"} <= set(ledger.marks)
    assert ledger.prompt_tokens > 10 and 0 < ledger.completion_tokens <= 32
    assert model.last.stop_reason == "eos"


async def wait_idle(model) -> None:
    for _ in range(500):  # a warm-up runs while nothing else wants the worker
        if model.idle:
            return
        await asyncio.sleep(0.01)


async def test_follow_up_evaluates_little_more_than_the_users_words(model):
    first, ledger1 = await generate(model, chat("What is the capital of France?"))
    assert model.prefill(chat("What is the capital of France?", first, ""), open_user_turn=True)
    await wait_idle(model)
    _, ledger2 = await generate(model, chat("What is the capital of France?", first, "And of Spain?"))
    assert ledger2.cached_prompt_tokens >= ledger1.prompt_tokens + ledger1.completion_tokens
    # the reply and the next user header were evaluated ahead; left: the words and the assistant header
    assert ledger2.prompt_tokens - ledger2.cached_prompt_tokens <= model.count_tokens("And of Spain?") + 6


async def test_without_the_prompt_cache_everything_is_evaluated_again(model):
    naive = await asyncio.to_thread(EmbeddedModel, ModelConfig(prompt_cache=False))
    try:
        first, _ = await generate(naive, chat("What is the capital of France?"))
        _, ledger = await generate(naive, chat("What is the capital of France?", first, "And of Spain?"))
        assert ledger.cached_prompt_tokens == 0
    finally:
        await naive.close()


async def test_generation_stops_at_max_tokens(model):
    _, ledger = await generate(model, chat("Write a very long story about a dragon, at least five hundred words."),
                               max_tokens=12)
    assert ledger.completion_tokens == 12 and model.last.stop_reason == "max_tokens"


async def test_closing_the_stream_stops_the_worker_within_a_token(model):
    stream = model.stream(chat("Write a very long story about a dragon, at least five hundred words."), 400,
                          OriginTurnLedger(model.name))
    await anext(stream)
    await stream.aclose()
    deadline = time.monotonic() + 2.0
    while model.busy.is_set():
        assert time.monotonic() < deadline
        await asyncio.sleep(0.005)
    tokens = model.last.completion_tokens
    assert model.last.stop_reason == "cancelled" and tokens < 400
    await asyncio.sleep(0.2)
    assert model.last.completion_tokens == tokens  # nothing more was generated


async def test_generations_queue_on_one_worker_and_the_loop_keeps_running(model):
    ticks = 0

    async def heartbeat():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    beating = asyncio.create_task(heartbeat())
    try:
        (a, la), (b, lb) = await asyncio.gather(
            generate(model, chat("Name three colours."), 24), generate(model, chat("Name three animals."), 24))
    finally:
        beating.cancel()
    assert a and b
    first, second = sorted([la, lb], key=lambda ledger: ledger.marks["started"])
    assert second.marks["started"] >= first.marks["prompt_evaluated"]  # never two generations at once
    elapsed = max(la.marks["started"], lb.marks["started"]) - min(la.marks["received"], lb.marks["received"])
    assert ticks >= 5 and elapsed > 0


async def test_incomplete_utf8_is_held_until_its_last_byte(model):
    text, _ = await generate(model, chat("How do you say thank you in Japanese?"), 24)
    assert any(ord(c) > 0x3000 for c in text)  # CJK: three UTF-8 bytes, often split across tokens
    assert "\ufffd" not in text


async def test_a_prefilled_prompt_is_answered_without_evaluating_it_again(model):
    question = chat("What is the capital of Japan?")
    assert model.prefill(question)
    await wait_idle(model)
    _, ledger = await generate(model, question)
    assert ledger.cached_prompt_tokens == ledger.prompt_tokens - 1
    assert model.prefills >= 1


async def test_a_turn_cuts_a_long_warm_up_short(model):
    """A warm-up of a long, uncached prompt yields to a turn that arrives meanwhile; what it did
    evaluate stays cached for the turn."""
    history = [m for i in range(30) for m in (ChatMessage("user", f"Tell me fact number {i} about the sea."),
                                              ChatMessage("assistant", "It is salty."))]
    long_prompt = [ChatMessage("system", "You are brief.")] + history + [ChatMessage("user", "And one more?")]
    yielded = model.prefills_yielded
    assert model.prefill(long_prompt)
    while not model.busy.is_set():  # the warm-up has started
        await asyncio.sleep(0.001)
    _, ledger = await generate(model, long_prompt)  # queued behind the warm-up on the one worker
    assert model.prefills_yielded == yielded + 1
    assert 0 < ledger.cached_prompt_tokens < ledger.prompt_tokens - 1


async def test_a_warm_up_asked_for_during_a_reply_waits_for_it_and_the_newest_wins(model):
    stream = model.stream(chat("Write a very long story about a dragon, at least five hundred words."), 40,
                          OriginTurnLedger(model.name))
    await anext(stream)
    prefills = model.prefills
    assert model.prefill(chat("What is the capital of Italy?"))
    assert model.prefill(chat("What is the capital of Peru?"))  # replaces the one before
    assert model.prefills == prefills  # nothing evaluated while the reply is generated
    await stream.aclose()
    await wait_idle(model)
    assert model.prefills == prefills + 1
    _, ledger = await generate(model, chat("What is the capital of Peru?"))
    assert ledger.cached_prompt_tokens == ledger.prompt_tokens - 1


async def test_a_turn_drops_the_warm_up_waiting_before_it(model):
    blocker = threading.Event()
    model._worker.submit(blocker.wait)  # hold the worker, as a long job would
    prefills = model.prefills
    assert model.prefill(chat("What is the capital of Chile?"))
    reply = asyncio.ensure_future(generate(model, chat("What is the capital of Spain?")))
    await asyncio.sleep(0.05)
    blocker.set()
    await reply
    await wait_idle(model)
    assert model.prefills == prefills  # the turn made the waiting warm-up stale


async def test_a_reply_does_not_copy_an_earlier_reply(model):
    """Greedy SmolLM2 answers a repeated question by copying its earlier answer word for word;
    the guard bans every 4-token run of it."""
    question = "Tell me one fact about the sea."
    first, _ = await generate(model, chat(question), max_tokens=40)
    second, _ = await generate(model, chat(question, first, question), max_tokens=40)
    assert second.strip() and second.strip() != first.strip()
    old = model._llm.tokenize(first.encode(), add_bos=False)
    new = model._llm.tokenize(second.encode(), add_bos=False)
    old_grams = {tuple(old[i:i + 4]) for i in range(len(old) - 3)}
    copied = [tuple(new[i:i + 4]) for i in range(len(new) - 3) if tuple(new[i:i + 4]) in old_grams]
    assert len(copied) <= 1  # re-tokenising a whole reply may merge its first token differently
    assert model.last.repeats_banned > 0


def test_an_open_user_turn_must_end_with_the_users_message(model):
    with pytest.raises(ValueError):
        model.prefill(chat("Hello?", "Hi."), open_user_turn=True)
