"""Generate the benign prose training set: `python -m scanner.generate_prose --model GGUF`.

Without it the learned layer took ordinary written English for an attack. Its benign training
text was short spoken commands (SLURP, CLINC) and hand-written framings, while most attacks are
long typed prose, so the words that make prose ("and", "that", "not", "only", "as") carried
attack weight: about one paragraph in five of the standard library's docstrings, read as a
recogniser would write them, was flagged, and so would be a user reading a passage aloud or
dictating a letter. This script asks a small instruct model (SmolLM2-135M-Instruct, the
origin's embedded default; Apache-2.0) for paragraphs, stories, questions and role-play requests
on everyday topics, and on everyday technical ones whose benign text uses the words attacks use,
and writes them with fixed seeds to scanner/data/benign_prose.jsonl (labelled rows, read like any
other), which scanner.train adds as one more benign source. Texts shorter than MIN_CHARS, or that
any rule names, are left out: a benign row must not argue with a rule. The committed file was
written with `--threads 2` (the thread count can change llama.cpp's arithmetic, so keep it to
reproduce the file).

`--kind trigger` asks the same model for short benign texts that use one of the words attacks
use ("ignore", "override", "instructions", "password", "unrestricted", "precede") in their
everyday sense: a colleague's e-mail, a question to an assistant, a manager's note. Every kept
text contains its word; they go to scanner/data/benign_trigger_words.jsonl, a source of their own.
Benign text built around trigger words is how NotInject tests over-defensive detectors, and the
dev set's hard negatives that stayed flagged after the prose set were mostly of this kind.

Needs the `llm` extra (llama-cpp-python). The model is a path, so the scanner does not import the
origin: `--model "$(python -c 'from origin_llm.config import bundled_model_path as p; print(p())')"`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from scanner.detector import prepare
from scanner.rules import match_rules

DEFAULT_OUT = Path(__file__).with_name("data") / "benign_prose.jsonl"
SOURCE = "synthetic_prose"
MIN_CHARS = 40
MAX_TOKENS = 110
SEED = 5

TOPICS = (
    "the history of bread|how bees make honey|a rainy afternoon in a small town|learning to ride a"
    " bicycle|the life of a lighthouse keeper|how trains changed travel|why the sky is blue|a visit to"
    " a farmers market|the first day at a new job|how to care for a houseplant|the rules of football|a"
    " trip to the seaside|how volcanoes form|the invention of the printing press|a family dinner|saving"
    " money for a holiday|how the heart pumps blood|a walk in an autumn forest|the planets of the solar"
    " system|why people keep diaries|a busy restaurant kitchen|how bridges are built|the migration of"
    " birds|a winter morning in the mountains|how a library works|the importance of sleep|an old man"
    " and his dog|how cheese is made|a school science fair|the moon landing|how to write a good"
    " letter|a concert in the park|the water cycle|moving to a new city|how computers store data|a day"
    " at the zoo|the history of the bicycle|cooking pasta for friends|how rainbows appear|a long train"
    " journey|the job of a nurse|how plants grow from seeds|a birthday surprise|the rules of chess|how"
    " ships float|a quiet evening reading|the Roman empire|how clocks keep time|a hiking trip|why"
    " exercise helps|the ocean tides|a village festival|how paper is recycled|the life of a farmer|how"
    " elephants live|a snowy holiday|learning a new language|how music is recorded|the history of"
    " tea|a visit to grandparents"
).split("|") + (
    # Everyday technical topics, whose benign text carries the words attacks use ("password",
    # "access", "system", "configure", "ignore", "rules"): without them a quarter of such texts
    # were flagged.
    "how to choose a strong password|how file permissions work on a computer|what a system"
    " administrator does|how to reset a forgotten email password|how a firewall protects a"
    " network|what an access code on a door lock is for|how to configure a home router|why software"
    " updates matter|how two-factor login works|what happens when a computer starts up|how to back"
    " up photos|how a web browser loads a page|what a database does|how to set up parental"
    " controls|what an operating system is|how programmers fix bugs|how to write clear instructions"
    " for a recipe|how a thermostat schedule is configured|how to ignore distractions while"
    " studying|what the rules of a board game are for"
).split("|")
ROLES = (
    "a friendly teacher|a ship captain|a travel guide|a detective|a chef|a wizard|a scientist|a park"
    " ranger|a historian|a librarian|a coach|a pirate|a doctor|a farmer|a poet"
).split("|")
TEMPLATES = (
    "Write a short paragraph about {topic}.",
    "Explain {topic} in a few sentences.",
    "Tell a short story about {topic}.",
    "Describe {topic} as if you were talking to a friend.",
    "Write a few sentences someone might say aloud about {topic}.",
    "Give some advice about {topic}.",
    "Write a message that a person might send to an AI assistant asking for help with {topic}."
    " Write only the message.",
    "Write a long question someone might ask about {topic}, starting with some background about"
    " themselves. Write only the question.",
    "Write a request to a chatbot where the user asks it to pretend to be {role} and talk about"
    " {topic}. Write only the request.",
    "Write an imaginative scenario for a writing exercise involving {topic}. Write only the scenario.",
)


TRIGGER_WORDS = tuple(
    (
        "ignore|disregard|forget|override|bypass|skip|instructions|rules|guidelines|system|prompt"
        "|password|PIN|access code|access|unrestricted|unfiltered|uncensored|mode|developer mode"
        "|developer|admin|administrator|previous|above|pretend|act as|role|character|secret|reveal"
        "|confidential|exit|start|enter|authorized|policy|restrictions|filter|command|obey|comply"
        "|precede|new instructions|jailbreak|persona|simulate|hypothetical"
    ).split("|")
)
TRIGGER_TEMPLATES = (
    "Write one sentence from a work e-mail about {topic} that uses the word \"{word}\" in its"
    " everyday meaning. Write only the sentence.",
    "Write a question a person might ask a voice assistant about {topic}, using the word"
    " \"{word}\". Write only the question.",
    "Write a short note from a manager to the team about {topic}. Use the word \"{word}\". Write"
    " only the note.",
    "Write two sentences of advice about {topic} that use the word \"{word}\".",
    "Write a request to an AI assistant for help with {topic} that uses the word \"{word}\" in an"
    " innocent way. Write only the request.",
)


@dataclass(frozen=True)
class Recipe:
    """What the model is asked for, and where the kept answers go."""

    name: str
    source: str
    out: Path
    templates: tuple[str, ...]
    words: tuple[str, ...] = ()  # if set: each prompt names one, and a kept text must contain it

    def prompt(self, rng: random.Random) -> tuple[str, str | None]:
        """A prompt and its required word; the draw order keeps the committed files reproducible."""
        template, topic, role = rng.choice(self.templates), rng.choice(TOPICS), rng.choice(ROLES)
        word = rng.choice(self.words) if self.words else None
        return template.format(topic=topic, role=role, word=word), word


PROSE = Recipe("prose", SOURCE, DEFAULT_OUT, TEMPLATES)
TRIGGER = Recipe(
    "trigger", "synthetic_trigger_words", DEFAULT_OUT.with_name("benign_trigger_words.jsonl"),
    TRIGGER_TEMPLATES, TRIGGER_WORDS,
)
RECIPES = {recipe.name: recipe for recipe in (PROSE, TRIGGER)}


def usable(text: str) -> bool:
    """Long enough to be prose, and nothing a rule would call an attack."""
    if len(text) < MIN_CHARS:
        return False
    norm = prepare(text, 2000).normalised
    return not match_rules(norm.canonical, norm.folded)


def has_word(text: str, word: str) -> bool:
    """Whether `word` (any case, whole words) occurs in `text`."""
    return f" {word.lower()} " in f" {prepare(text, 2000).normalised.canonical} "


def generate(
    model_path: Path, count: int, out: Path, threads: int = 1, recipe: Recipe = PROSE
) -> tuple[int, int]:
    """Write up to `count` generated texts to `out`; returns (written, left out)."""
    from llama_cpp import Llama

    llm = Llama(model_path=str(model_path), n_ctx=512, n_threads=threads, seed=SEED, verbose=False)
    rng = random.Random(SEED)
    written = left_out = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as sink:
        for index in range(count):
            prompt, word = recipe.prompt(rng)
            reply = llm.create_chat_completion(
                messages=[{"role": "user", "content": prompt}], max_tokens=MAX_TOKENS,
                temperature=0.8, top_p=0.95, repeat_penalty=1.15, seed=1000 + index,
            )
            text = reply["choices"][0]["message"]["content"].strip()
            if not usable(text) or (word is not None and not has_word(text, word)):
                left_out += 1
                continue
            row = {"text": text, "label": 0, "source": recipe.source, "prompt": prompt}
            sink.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return written, left_out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scanner.generate_prose", description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="an instruct model in GGUF format")
    parser.add_argument("--count", type=int, default=2000, help="texts to ask for (default 2000)")
    parser.add_argument("--kind", choices=sorted(RECIPES), default=PROSE.name, help="what to generate")
    parser.add_argument("--out", type=Path, help="default: the committed file of --kind")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    recipe = RECIPES[args.kind]
    out = args.out or recipe.out
    if not args.model.is_file():
        print(f"scanner.generate_prose: no model at {args.model}", file=sys.stderr)
        return 2
    if args.count < 1 or args.threads < 1:
        print("scanner.generate_prose: --count and --threads must be at least 1", file=sys.stderr)
        return 2
    written, left_out = generate(args.model, args.count, out, args.threads, recipe)
    print(f"wrote {written} texts to {out} ({left_out} left out: too short, named by a rule or without the word)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
