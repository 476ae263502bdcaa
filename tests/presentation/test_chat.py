"""The one sanitizer of text from outside: printable, length-limited, no markup, no mention."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.domain.errors import NazhError
from nazh.presentation.chat import error_message, shown, text_units

ANY_TEXT = st.text(st.characters(codec=None, categories=None)
                   | st.sampled_from("\ud800\udfff\x00\x07\n\u202e*_`<@#>\\"), max_size=200)
"""Any text: lone surrogates, control and format characters, markdown, mentions."""


@pytest.mark.parametrize(("text", "expected"), [
    ("Veyla Tarn", "Veyla Tarn"),
    ("\ud800", "\\\\ud800"),
    ("a\nb\tc\x07", "a\\\\nb\\\\tc\\\\x07"),
    ("\u202egnp.exe", "\\\\u202egnp.exe"),
    ("**bold** _it_ ~~x~~ `c` |s| [a](b)", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~x\\~\\~ \\`c\\` "
                                          "\\|s\\| \\[a\\](b)"),
    ("<@123> <#4> <:e:5> <t:6>", "\\<@123> \\<#4> \\<:e:5> \\<t:6>"),
    ("@everyone and @Here", "@\u200beveryone and @\u200bHere"),
    ("# Heading", "\\# Heading"),
    ("> quote", "\\> quote"),
    ("- item", "\\- item"),
    ("12. item", "\\12. item"),
    ("a - b # c", "a - b # c"),
    ("", ""),
])
def test_text_from_outside_is_shown_without_markup(text: str, expected: str) -> None:
    assert shown(text, 100) == expected


def test_it_is_cut_to_its_limit() -> None:
    assert shown("x" * 50, 10) == "x" * 9 + "…"
    assert shown("\x07" * 10, 10) == "\\\\x07\\\\x07\\\\…"


def test_inside_a_code_span_only_backticks_are_replaced() -> None:
    assert shown("a`b*c\ud800", 40, code=True) == "a'b*c\\ud800"


@given(ANY_TEXT, st.integers(1, 120), st.booleans())
def test_any_text_is_shown_as_printable_utf_8_on_one_line(text: str, limit: int,
                                                          code: bool) -> None:
    result = shown(text, limit, code=code)
    result.encode("utf-8")
    assert "\n" not in result
    assert all(c.isprintable() or c == "\u200b" for c in result)
    assert len(result) <= 2 * limit + 1


@given(ANY_TEXT, ANY_TEXT)
def test_an_error_with_any_text_renders_as_utf_8(reason: str, hint: str) -> None:
    error_message(NazhError(reason, hint=hint)).encode("utf-8")


def test_discord_counts_characters_beyond_the_basic_plane_twice() -> None:
    assert text_units("Kaladin") == 7
    assert text_units("⚔️ ✓") == 4
    assert text_units("😀") == 2
    assert text_units("\ud800") == 1
