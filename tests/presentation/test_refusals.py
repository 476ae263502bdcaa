"""The refusals players meet most, in the reader's language: each known reason and hint is one
the domain writes (word for word), and is translated where it is shown; any other stays as the
domain wrote it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.settings.language import Language
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll
from nazh.presentation.chat import error_message
from nazh.presentation.i18n import Speaking, Voices
from nazh.presentation.refusals import KNOWN

WRITTEN = frozenset(
    node.value
    for path in (Path(__file__).resolve().parents[2] / "nazh").rglob("*.py")
    if "presentation" not in path.parts
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    if isinstance(node, ast.Constant) and isinstance(node.value, str))
"""Every string the code outside the presentation writes (a literal split over lines: whole)."""


@pytest.mark.parametrize("known", KNOWN)
def test_each_known_reason_is_the_domains_own_words(known: str) -> None:
    assert known in WRITTEN


def refusal(text: str, language: Language) -> str:
    translator = GettextCatalogs().translator(language)
    with pytest.raises(NazhError) as raised:
        parse_roll(text)
    with Speaking(Voices(translator, translator)):
        return error_message(raised.value, text)


def test_a_notation_refusal_speaks_the_readers_language() -> None:
    assert refusal("2d6, ", Language.FRENCH).splitlines()[0] == (
        '**Impossible de lancer ça.** groupe 2 "" : groupe vide')
    assert refusal("2d6+1+2", Language.BRAZILIAN_PORTUGUESE).splitlines()[-1] == (
        "Dica: some os modificadores, ex.: +7 em vez de +5+2")
    assert refusal("2d6+1+2", Language.ENGLISH).splitlines()[-1] == (
        "Hint: add the modifiers up, e.g. +7 instead of +5+2")


def test_a_reason_not_known_stays_as_the_domain_wrote_it() -> None:
    spanish = refusal("2d6 x", Language.SPANISH).splitlines()
    assert spanish[0] == '**No se puede tirar eso.** reserva 1 "2d6 x": unexpected \'x\''
    assert "unexpected 'x'" in refusal("2d6 x", Language.ENGLISH)
