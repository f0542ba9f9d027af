from voice.clauses import ClauseChunker


def feed(chunker, tokens):
    out = []
    for t in tokens:
        out += chunker.add(t)
    return out, chunker.flush()


def test_first_clause_is_cut_early_at_a_comma_then_at_sentences():
    tokens = ["The", " capital", " of", " France", " is", " Paris", ",", " a", " city", " of", " light", ".",
              " It", " is", " lovely", "."]
    done, rest = feed(ClauseChunker(first_max_words=8), tokens)
    assert done == ["The capital of France is Paris,", "a city of light.", "It is lovely."]
    done, rest = feed(ClauseChunker(first_max_words=4), tokens)
    assert done[0] == "The capital of France" and " ".join(done + rest).startswith("The capital of France is Paris,")
    done, rest = feed(ClauseChunker(), tokens)  # by default the first clause is at most 3 words
    assert done[0] == "The capital" and " ".join(done + rest).startswith("The capital of France is Paris,")
    assert rest == []


def test_long_first_clause_is_cut_at_a_word_boundary():
    tokens = ["Well", " I", " think", " that", " the", " answer", " to", " your", " question", " is", " yes"]
    done, rest = feed(ClauseChunker(first_max_words=6), tokens)
    assert done[0].split()[-1] in ("answer", "to", "your") and len(done[0].split()) >= 6
    assert " ".join(done + rest) == "Well I think that the answer to your question is yes"


def test_decimal_numbers_are_not_sentence_ends():
    done, rest = feed(ClauseChunker(first_max_words=4), ["It", " costs", " 3", ".", "5", " euros", ".", " Cheap"])
    assert done == ["It costs 3.5 euros."] and rest == ["Cheap"]


def test_runaway_text_without_punctuation_is_bounded():
    done, rest = feed(ClauseChunker(max_chars=50), ["word "] * 100)
    assert done and all(len(c) <= 50 for c in done)
    assert "".join(done + rest).replace(" ", "") == "word" * 100


def test_empty_reply():
    assert feed(ClauseChunker(), []) == ([], [])
    assert feed(ClauseChunker(), ["", " ", ""]) == ([], [])


def test_a_word_count_cut_never_ends_on_a_word_that_leans_on_the_next():
    tokens = ["The", " capital", " city", " of", " France", " is", " Paris", "."]
    done, rest = feed(ClauseChunker(first_max_words=4), tokens)
    assert done == ["The capital city", "of France is Paris."] and rest == []
    # only leaning words so far: wait for a word that ends a phrase
    done, rest = feed(ClauseChunker(first_max_words=4),
                      ["and", " so", " it", " is", " the", " very", " one", " of", " it", " all"])
    assert done == ["and so it is the very one"] and rest == ["of it all"]
    # ... at most twice the limit, then cut anyway
    done, rest = feed(ClauseChunker(first_max_words=4),
                      ["and", " so", " it", " is", " the", " very", " of", " a", " the", " x"])
    assert done == ["and so it is the very of a"] and rest == ["the x"]
