"""Keep a small model from answering every turn with one of its earlier replies.

SmolLM2-135M, decoding greedily with its own replies in the prompt, copies them: over the shared
speech set (18 turns of one conversation) half its replies were word for word an earlier one,
and after a few turns every reply was the same sentence. A repetition penalty over the last 64
tokens does not reach an earlier message. This is the "no repeat n-gram" rule of Hugging Face's
`generate`, applied across messages: while a reply is generated, a token that would complete an
n-gram (of tokens) found in an earlier assistant message of the prompt is banned, so the model can
reuse a phrase up to n - 1 tokens long but cannot copy a reply. It costs one dictionary lookup per
token. It goes into llama.cpp's sampling as a logits processor; the OpenAI-compatible backend
serves bigger models, which do not need it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

NGRAM = 4  # tokens; 3-token phrases ("I'm sorry,") may repeat, 4-token runs of an old reply may not


class NoRepeatNgrams:
    """A llama.cpp logits processor banning the completion of n-grams from earlier replies.

    `earlier_replies` are the token ids of the assistant messages already in the prompt.
    `prompt_tokens` is the prompt's length, so what follows it in `input_ids` is the reply.
    """

    def __init__(self, earlier_replies: Iterable[Sequence[int]], prompt_tokens: int, n: int = NGRAM) -> None:
        if n < 2:
            raise ValueError("n must be at least 2")
        self.n = n
        self.prompt_tokens = prompt_tokens
        self.banned_after: dict[tuple[int, ...], set[int]] = {}
        self.bans = 0  # tokens banned so far (how often the guard steered the reply)
        for reply in earlier_replies:
            for start in range(len(reply) - n + 1):
                head = tuple(reply[start:start + n - 1])
                self.banned_after.setdefault(head, set()).add(reply[start + n - 1])

    def __call__(self, input_ids: npt.NDArray[np.intc], scores: npt.NDArray[np.single]) -> npt.NDArray[np.single]:
        generated = len(input_ids) - self.prompt_tokens
        if generated >= self.n - 1 and self.banned_after:
            head = tuple(int(t) for t in input_ids[-(self.n - 1):])
            for token in self.banned_after.get(head, ()):
                if scores[token] != -np.inf:
                    scores[token] = -np.inf
                    self.bans += 1
        return scores
