"""Origin benchmark: time to first token and tokens/s over 5-turn conversations.

    python -m origin_llm.bench --out docs/bench/origin.json

Every turn goes through the whole origin (real uvicorn server, real WebSocket, real credential,
SQLite store) via `OriginProbe`; stage times come from the origin's own ledger in `reply.done`.
Variants, interleaved conversation by conversation so machine load drifts hit all alike:

- `embedded`: the shipped configuration (llama.cpp reuses the KV cache of the shared prefix);
- `embedded_hinted`: the same, with the edge's `turn.prefill` hint (the words, sent when the
  user pauses, before the endpoint decision) arriving half of `--pause-ms` before each turn;
- `embedded_naive`: the baseline, the whole prompt evaluated again every turn;
- `openai_llama_server`: the OpenAI-compatible backend against `python -m llama_cpp.server`
  running the same GGUF (skipped, with the reason recorded, if that server cannot start).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np

from origin_llm.config import DEFAULT_MAX_REPLY_TOKENS, DEFAULT_THREADS, ModelConfig, OriginConfig, bundled_model_path
from origin_llm.embedded_model import EmbeddedModel
from origin_llm.local_server import LlamaServer, LocalOrigin
from origin_llm.probe import OriginProbe
from voice.wire import ConversationStart, TurnPrefill, make_edge_token

QUESTIONS = (
    "Hi! Can you help me plan a trip to {country}?",
    "What is the capital of {country}?",
    "What is it famous for?",
    "How do I get there from London?",
    "Thanks. What should I see first?",
)
COUNTRIES = ("France", "Italy", "Japan", "Canada", "Egypt", "Peru", "Norway", "Kenya", "Chile", "India")
SECRET = os.urandom(32)


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "mean": None}
    a = np.asarray(values, dtype=np.float64)
    return {"n": int(a.size), "p50": round(float(np.percentile(a, 50)), 2),
            "p95": round(float(np.percentile(a, 95)), 2), "mean": round(float(a.mean()), 2)}


async def run_conversation(origin: LocalOrigin, conversation_id: str, country: str, pause_s: float,
                           hint: bool = False) -> list[dict]:
    probe = await OriginProbe.connect(origin.url, make_edge_token(SECRET, "bench-edge"))
    try:
        await probe.send(ConversationStart(conversation_id))
        turns = []
        for index, template in enumerate(QUESTIONS):
            question = template.format(country=country)
            if index or hint:  # the user listens, then speaks (and pauses: the edge sends its hint)
                await asyncio.sleep(pause_s / 2)
                if hint:
                    await probe.send(TurnPrefill(conversation_id, question))
                await asyncio.sleep(pause_s / 2)
            answer = await probe.ask(conversation_id, f"{conversation_id}-t{index}", question, timeout=120)
            if answer.done is None:  # counted, not hidden: a turn that fails is a result too
                turns.append({"turn": index + 1, "question": question, "error": answer.error.code,
                              "message": answer.error.message})
                continue
            turns.append({"turn": index + 1, "question": question, "client_ttft_ms": round(answer.client_ttft_ms or 0.0, 3),
                          "reply": answer.done.text, **asdict(answer.done.ledger)})
        return turns
    finally:
        await probe.close()


def summarise(all_turns: list[dict], loop: dict) -> dict:
    def tokens_per_s(t: dict) -> float | None:
        gen = t["generation_ms"]
        return None if not gen or t["completion_tokens"] < 2 else (t["completion_tokens"] - 1) / (gen / 1000.0)

    turns = [t for t in all_turns if "error" not in t]
    later = [t for t in turns if t["turn"] > 1]
    return {
        "turns": len(all_turns),
        "failed_turns": {code: sum(1 for t in all_turns if t.get("error") == code)
                         for code in sorted({t["error"] for t in all_turns if "error" in t})},
        "ttft_ms": percentiles([t["ttft_ms"] for t in turns]),
        "ttft_ms_turns_2_to_5": percentiles([t["ttft_ms"] for t in later]),
        "prompt_eval_ms": percentiles([t["prompt_eval_ms"] for t in turns if t["prompt_eval_ms"] is not None]),
        "queue_wait_ms": percentiles([t["queue_wait_ms"] for t in turns if t["queue_wait_ms"] is not None]),
        "tokens_per_s": percentiles([v for t in turns if (v := tokens_per_s(t)) is not None]),
        "client_ttft_ms": percentiles([t["client_ttft_ms"] for t in turns]),
        "client_minus_origin_ttft_ms": percentiles([t["client_ttft_ms"] - t["ttft_ms"] for t in turns]),
        "prompt_tokens": percentiles([t["prompt_tokens"] for t in turns if t["prompt_tokens"] is not None]),
        "cached_prompt_tokens": percentiles([t["cached_prompt_tokens"] for t in turns
                                             if t["cached_prompt_tokens"] is not None]),
        "completion_tokens": percentiles([t["completion_tokens"] for t in turns]),
        "origin_event_loop": loop,
    }


async def bench(conversations: int, threads: int, with_openai: bool, pause_s: float, reply_tokens: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="origin-bench-"))
    origins: dict[str, LocalOrigin] = {}
    notes: dict[str, str] = {}
    server: LlamaServer | None = None
    models: list[EmbeddedModel] = []
    for name, cache in (("embedded", True), ("embedded_hinted", True), ("embedded_naive", False)):
        model_config = ModelConfig(threads=threads, prompt_cache=cache, max_reply_tokens=reply_tokens)
        model = await asyncio.to_thread(EmbeddedModel, model_config)
        models.append(model)
        config = OriginConfig(port=0, db_path=workdir / f"{name}.sqlite3", secret=SECRET, model=model_config)
        origins[name] = LocalOrigin(config, model)
    if with_openai:
        try:
            server = LlamaServer(threads)
            await asyncio.to_thread(server.wait_ready)
            config = OriginConfig(port=0, db_path=workdir / "openai.sqlite3", secret=SECRET, model=ModelConfig(
                backend="openai", base_url=server.base_url, model_name="smollm2", max_reply_tokens=reply_tokens))
            origins["openai_llama_server"] = LocalOrigin(config)
        except Exception as exc:  # recorded in the results, not hidden
            notes["openai_llama_server"] = f"skipped: llama_cpp.server could not start: {exc}"
            if server is not None:
                server.stop()
                server = None
    else:
        notes["openai_llama_server"] = "skipped: --no-openai"
    for origin in origins.values():
        await asyncio.to_thread(origin.start)
    turns: dict[str, list[dict]] = {name: [] for name in origins}
    try:
        await run_conversation(origins["embedded"], "warmup", "Brazil", pause_s)  # page the model in once
        for origin in origins.values():
            origin.state.monitor.reset()
        for c in range(conversations):
            for name, origin in origins.items():
                turns[name] += await run_conversation(origin, f"conv{c}", COUNTRIES[c % len(COUNTRIES)], pause_s,
                                                      hint=name == "embedded_hinted")
            print(f"conversation {c + 1}/{conversations}: " + ", ".join(
                f"{name} ttft {turns[name][-1].get('ttft_ms', float('nan')):.0f} ms" for name in origins),
                file=sys.stderr)
        loops = {name: origin.state.monitor.stats() for name, origin in origins.items()}
    finally:
        for origin in origins.values():
            await asyncio.to_thread(origin.stop)
        for model in models:
            await model.close()
        if server is not None:
            server.stop()
    return {
        "variants": {name: summarise(turns[name], loops[name]) for name in origins},
        "notes": notes,
        "turns": turns,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m origin_llm.bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, default=Path("docs/bench/origin.json"))
    p.add_argument("--conversations", type=int, default=6, help="5-turn conversations per variant")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS, help="llama.cpp threads (default: the origin's)")
    p.add_argument("--no-openai", action="store_true", help="skip the OpenAI-compatible backend")
    p.add_argument("--reply-tokens", type=int, default=DEFAULT_MAX_REPLY_TOKENS,
                   help="longest reply, in tokens (default: the origin's)")
    p.add_argument("--pause-ms", type=float, default=300.0,
                   help="between a reply and the next question (a real user takes seconds)")
    args = p.parse_args(argv)
    if args.conversations < 1 or args.pause_ms < 0 or not 1 <= args.reply_tokens <= 4096:
        p.error("--conversations must be at least 1, --pause-ms not negative, --reply-tokens 1..4096")
    load_before = os.getloadavg()
    started = time.time()
    results = asyncio.run(bench(args.conversations, args.threads, not args.no_openai, args.pause_ms / 1000.0,
                                args.reply_tokens))
    import llama_cpp

    results = {
        "command": "python -m origin_llm.bench " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version(),
                    "llama_cpp_python": llama_cpp.__version__, "model": bundled_model_path().name,
                    "threads": args.threads, "load_average_before": [round(x, 2) for x in load_before],
                    "load_average_after": [round(x, 2) for x in os.getloadavg()]},
        "questions": list(QUESTIONS),
        "countries": [COUNTRIES[c % len(COUNTRIES)] for c in range(args.conversations)],
        "pause_between_turns_ms": args.pause_ms,
        "duration_s": round(time.time() - started, 1),
        **results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    for name, summary in results["variants"].items():
        print(f"{name:>20}: ttft p50 {summary['ttft_ms']['p50']} ms p95 {summary['ttft_ms']['p95']} ms | "
              f"turns 2-5 p50 {summary['ttft_ms_turns_2_to_5']['p50']} ms | prompt eval p50 "
              f"{summary['prompt_eval_ms']['p50']} ms | {summary['tokens_per_s']['p50']} tok/s | "
              f"loop max {summary['origin_event_loop']['max_ms']} ms | failed {summary['failed_turns'] or 0}")
    for name, note in results["notes"].items():
        print(f"{name}: {note}")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
