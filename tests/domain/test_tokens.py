"""The tokenizer under the notation: pools split with their offsets, words lowercased, minus signs
normalised."""

from __future__ import annotations

from nazh.domain.tokens import Kind, Segment, split_pools, tokenize


def test_split_pools_keeps_offsets_and_columns() -> None:
    segments = split_pools("d20,  2d6 ,p")
    assert segments == [Segment(1, "d20", 0), Segment(2, "  2d6 ", 4), Segment(3, "p", 11)]
    assert [segment.text for segment in segments] == ["d20", "2d6", "p"]
    assert [segment.column for segment in segments] == [1, 7, 12]


def test_tokenize_lowercases_words_and_normalises_minus_signs() -> None:
    tokens = tokenize(Segment(1, "AD2D20 \u2212 7", 0))
    assert [(t.kind, t.text, t.column) for t in tokens] == [
        (Kind.WORD, "ad", 1),
        (Kind.INT, "2", 3),
        (Kind.WORD, "d", 4),
        (Kind.INT, "20", 5),
        (Kind.MINUS, "-", 8),
        (Kind.INT, "7", 10),
    ]
