"""The no-repeat rule on its own, with made-up token ids and scores (the model's test is in
test_origin_embedded.py)."""

import numpy as np
import pytest

from origin_llm.repeat_guard import NoRepeatNgrams


def scores() -> np.ndarray:
    return np.zeros(10, dtype=np.single)


def test_bans_the_token_that_would_complete_an_earlier_ngram():
    guard = NoRepeatNgrams([[1, 2, 3, 4, 5]], prompt_tokens=2, n=3)
    out = guard(np.array([9, 9, 2, 3], dtype=np.intc), scores())  # reply so far: 2 3 -> 4 is banned
    assert out[4] == -np.inf and np.isfinite(np.delete(out, 4)).all()
    assert guard.bans == 1


def test_the_prompt_itself_is_not_treated_as_reply():
    guard = NoRepeatNgrams([[1, 2, 3]], prompt_tokens=4, n=3)
    out = guard(np.array([0, 0, 1, 2], dtype=np.intc), scores())  # no reply tokens yet
    assert np.isfinite(out).all() and guard.bans == 0


def test_shorter_runs_and_no_history_are_free():
    assert np.isfinite(NoRepeatNgrams([], prompt_tokens=0)(np.array([1, 2, 3], dtype=np.intc), scores())).all()
    guard = NoRepeatNgrams([[1, 2]], prompt_tokens=0, n=3)  # a reply shorter than n has no n-grams
    assert np.isfinite(guard(np.array([1, 2], dtype=np.intc), scores())).all()


def test_n_below_two_is_refused():
    with pytest.raises(ValueError):
        NoRepeatNgrams([[1]], prompt_tokens=0, n=1)
