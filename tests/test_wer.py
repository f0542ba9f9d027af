"""The error rates the tests, the probe and the benchmarks grade recognised speech by."""

from voice.wer import cer, corpus_wer, wer


def test_a_merged_word_costs_two_words_but_few_characters():
    reference = "The capital city of France is Paris."
    assert wer(reference, "the capital city of Francis Paris") == 2 / 7
    assert 0.05 < cer(reference, "the capital city of Francis Paris") < 0.06


def test_audio_cut_short_is_a_large_character_error():
    reference = "The capital city of France is Paris."
    assert cer(reference, "the capital city of France") > 0.25
    assert cer(reference, "") == 1.0
    assert cer(reference, reference.upper()) == 0.0


def test_empty_references():
    assert cer("", "") == 0.0 and cer("", "words") == 1.0
    assert wer("", "") == 0.0 and wer("", "words") == 1.0


def test_normalised_before_comparing():
    assert wer("Mr. Smith paid 1455 dollars", "mister smith paid fourteen fifty five dollars") <= 0.2
    assert corpus_wer([("red green", "red green"), ("blue yellow", "blue")]) == 1 / 4
