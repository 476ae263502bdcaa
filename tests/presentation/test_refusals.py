"""The refusals players meet most, in the reader's language: each known reason and hint is one
the domain writes (word for word), and is translated where it is shown; any other stays as the
domain wrote it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.requests.access import GM_WHO, Door, check
from nazh.application.settings.language import Language
from nazh.domain.attributes import CharacterError
from nazh.domain.errors import NazhError
from nazh.domain.notation import parse_roll
from nazh.domain.request import new_request
from nazh.presentation.chat import error_message
from nazh.presentation.i18n import Speaking, Voices
from nazh.presentation.refusals import GM_ACTS, GM_ONLY, KNOWN

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


@pytest.mark.parametrize("act", GM_ACTS)
def test_each_gm_act_is_the_applications_own_words(act: str) -> None:
    assert act in WRITTEN


def test_a_gm_act_refused_speaks_the_readers_language() -> None:
    assert GM_ONLY.format(what="close a request") == f"only {GM_WHO} may close a request"
    with pytest.raises(NazhError) as raised:
        check(Door.CLOSE, new_request("insight"), 1, frozenset(), gm=False)
    translator = GettextCatalogs().translator(Language.FRENCH)
    with Speaking(Voices(translator, translator)):
        refusal = error_message(raised.value)
    assert refusal.splitlines()[0] == (
        "**Impossible de faire ça.** seul un MJ (le rôle-mj du serveur, ou Gérer le serveur "
        "tant qu'aucun n'est défini) peut clore une demande")


def shown(error: NazhError, language: Language) -> str:
    translator = GettextCatalogs().translator(language)
    with Speaking(Voices(translator, translator)):
        return error_message(error)


def test_a_reason_with_values_is_its_template_translated_then_filled_in() -> None:
    error = CharacterError("{name} has no weapon {weapon}",
                           hint="its weapons: {known}; add one with /character weapon",
                           fields={"name": "K*aladin", "weapon": "'Spear'", "known": "Axe"})
    assert error.reason == "K*aladin has no weapon 'Spear'"  # the domain's English, filled in
    assert error.hint == "its weapons: Axe; add one with /character weapon"
    assert shown(error, Language.FRENCH).splitlines() == [
        "**Impossible de faire ça.** K\\*aladin n'a pas l'arme 'Spear'",  # a value escaped
        "Conseil : ses armes : Axe ; ajoutez-en une avec /character weapon"]
    assert shown(error, Language.ENGLISH).splitlines()[0] == (
        "**Can't do that.** K\\*aladin has no weapon 'Spear'")


def test_a_listed_reason_of_a_character_speaks_the_readers_language() -> None:
    error = CharacterError("you have no active character here",
                           hint="make one with /character new, or choose one with "
                                "/character use")
    assert shown(error, Language.BRAZILIAN_PORTUGUESE).splitlines() == [
        "**Não dá para fazer isso.** você não tem personagem ativo aqui",
        "Dica: crie um com /character new ou escolha um com /character use"]
