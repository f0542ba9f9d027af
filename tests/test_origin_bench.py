import json

import pytest

from origin_llm.bench import QUESTIONS, main

pytestmark = pytest.mark.slow


def test_benchmark_writes_both_variants_from_the_real_model(tmp_path, capsys):
    """The hint arrives half the pause before its turn; the pause is long enough (0.6 s) for the
    hint's prefill to finish on a slow 2-core machine, so that what is tested is that a hint warms
    the cache, not how fast this machine evaluates a prompt (the benchmark itself uses 0.3 s)."""
    out = tmp_path / "origin.json"
    assert main(["--out", str(out), "--conversations", "1", "--no-openai", "--pause-ms", "1200",
                 "--reply-tokens", "8"]) == 0
    results = json.loads(out.read_text())
    assert set(results["variants"]) == {"embedded", "embedded_hinted", "embedded_naive"}
    assert results["notes"]["openai_llama_server"].startswith("skipped")
    cached, naive = results["turns"]["embedded"], results["turns"]["embedded_naive"]
    assert len(cached) == len(naive) == len(QUESTIONS)
    assert all(t["cached_prompt_tokens"] == 0 for t in naive)
    assert all(t["prompt_tokens"] - t["cached_prompt_tokens"] < 30 for t in cached[1:])
    assert [t["question"] for t in cached] == [t["question"] for t in naive]
    summary = results["variants"]["embedded"]
    assert summary["ttft_ms"]["n"] == len(QUESTIONS) and summary["tokens_per_s"]["p50"] > 0
    hinted = results["turns"]["embedded_hinted"]
    warmed = [t for t in hinted if t["cached_prompt_tokens"] == t["prompt_tokens"] - 1]
    assert len(warmed) >= 3  # a hint that finds the worker busy is dropped, by design
    assert "wrote" in capsys.readouterr().out
