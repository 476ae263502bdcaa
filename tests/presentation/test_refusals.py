"""The refusals players meet most, in the reader's language: each known reason and hint is one
the domain writes (word for word), and is translated where it is shown; any other stays as the
domain wrote it."""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import pytest

from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.characters.rolls import damage_type_of
from nazh.application.encounters.access import OWNER_OR_GM, gm_only, owner_or_gm
from nazh.application.encounters.turns import TurnAct
from nazh.application.requests.access import GM_WHO, Door, check
from nazh.application.settings.language import Language
from nazh.domain.adversary import HealthRange, check_tier
from nazh.domain.attack import check_attack, prepare
from nazh.domain.attack_odds import attack_terms, check_test, parse_damage
from nazh.domain.attributes import Attribute, CharacterError
from nazh.domain.character import check_text
from nazh.domain.encounter.acts import Affliction, give_condition
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.damage_types import DamageType
from nazh.domain.encounter.flow import choose_speed
from nazh.domain.encounter.timing import Phase, Speed
from nazh.domain.endeavor import start_endeavor
from nazh.domain.errors import NazhError
from nazh.domain.injury import Band, InjuryTerms
from nazh.domain.notation import parse_roll
from nazh.domain.physical import TableDice, check_faces, parse_faces
from nazh.domain.request import new_request
from nazh.domain.rolling import check_judged
from nazh.domain.session import check_name
from nazh.domain.target_odds import Target, check_target
from nazh.domain.targets import check_names
from nazh.domain.weapon import Weapon, check_damage, check_fixed
from nazh.domain.wounds import Wound
from nazh.presentation.chat import error_message
from nazh.presentation.i18n import Speaking, Voices
from nazh.presentation.refusal_texts import KNOWN
from nazh.presentation.refusals import GM_ACTS, GM_ONLY, OWNER_ACTS, OWNER_ONLY, WORDS
from tests.domain.encounter.builders import enemy, fight, player

if TYPE_CHECKING:
    from nazh.application.encounters.model import EncounterRecord

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


def test_a_notation_refusal_with_values_speaks_the_readers_language() -> None:
    spanish = refusal("2d6 x", Language.SPANISH).splitlines()
    assert (spanish[0], spanish[-1]) == (
        '**No se puede tirar eso.** reserva 1 "2d6 x": «x» inesperado',
        "Pista: separa las reservas con comas; una reserva se escribe como 2d6+3, d20 o a1d20+5")
    french = refusal("30d6", Language.FRENCH).splitlines()
    assert (french[0], french[-1]) == (
        '**Impossible de lancer ça.** groupe 1 "30d6" : au plus 20 dés par groupe (reçu : 30)',
        "Conseil : limites : 1-20 dés par groupe, 2-1000 faces, modificateur -1000..+1000")
    assert refusal("2d6 x", Language.ENGLISH).splitlines()[0] == (
        '**Can\'t roll that.** pool 1 "2d6 x": unexpected \'x\'')


def test_a_reason_not_known_stays_as_the_domain_wrote_it() -> None:
    error = NazhError("{name} did something Nazh lists nowhere", fields={"name": "Kal"})
    assert shown(error, Language.SPANISH) == (
        "**No se puede hacer eso.** Kal did something Nazh lists nowhere")


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
        "Conseil : ses armes : Axe ; ajoutez-en une avec /personnage arme"]
    assert shown(error, Language.ENGLISH).splitlines()[0] == (
        "**Can't do that.** K\\*aladin has no weapon 'Spear'")


def test_a_listed_reason_of_a_character_speaks_the_readers_language() -> None:
    error = CharacterError("you have no active character here",
                           hint="make one with /character new, or choose one with "
                                "/character use")
    assert shown(error, Language.BRAZILIAN_PORTUGUESE).splitlines() == [
        "**Não dá para fazer isso.** você não tem personagem ativo aqui",
        "Dica: crie um com /personagem novo ou escolha um com /personagem usar"]


def refused(act: Callable[[], object], language: Language) -> str:
    """The refusal ``act`` raises, as a reader of ``language`` reads it."""
    with pytest.raises(NazhError) as raised:
        act()
    return shown(raised.value, language)


def test_an_encounters_refusal_with_values_speaks_the_readers_language() -> None:
    golem = replace(enemy("Golem"), immunities=frozenset({ConditionName.PRONE}))
    immune = lambda: give_condition(fight(golem), "Golem", Affliction(ConditionName.PRONE))  # noqa: E731
    assert refused(immune, Language.FRENCH) == (
        "**Impossible de faire ça.** Golem est immunisé contre À terre")  # the glossary's word
    assert refused(immune, Language.ENGLISH) == "**Can't do that.** Golem is immune to Prone"
    surprised = give_condition(fight(player("Kaladin")), "Kaladin",
                               Affliction(ConditionName.SURPRISED)).encounter
    assert refused(lambda: choose_speed(surprised, "Kaladin", Speed.FAST),
                   Language.BRAZILIAN_PORTUGUESE) == (
        "**Não dá para fazer isso.** Kaladin está Surpreendido: sem turno rápido")


def test_a_requests_refusal_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: new_request("insight", dc=50), Language.BRAZILIAN_PORTUGUESE) == (
        "**Não dá para fazer isso.** dc vai de 0 a 40 (recebido: 50)")


def test_an_endeavors_refusal_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: start_endeavor("Escape", 0, 3),
                   Language.LATIN_AMERICAN_SPANISH) == (
        "**No se puede hacer eso.** successes va de 1 a 20 (se dio 0)")


def test_a_sessions_refusal_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: check_name("x" * 300), Language.FRENCH) == (
        "**Impossible de faire ça.** le nom d'une session a au plus 100 caractères (reçu : 300)")


def test_a_rolls_refusal_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: check_judged(parse_roll("p"), 15), Language.SPANISH).splitlines() == [
        "**No se puede hacer eso.** una CD necesita una reserva que juzgar, y p es solo el dado "
        "de trama (CD 15)", "Pista: añade una reserva como 1d20, o quita la CD"]


def test_a_field_holding_a_turns_act_reads_as_the_verb() -> None:
    error = NazhError("you have no combatant that can {wording} now",
                      hint="it is round {round}, the {phase} phase",
                      fields={"wording": "Recover", "round": 2, "phase": "slow players"})
    assert shown(error, Language.FRENCH).splitlines() == [
        "**Impossible de faire ça.** vous n'avez aucun combattant qui puisse récupérer "
        "maintenant", "Conseil : c'est le round 2, phase joueurs lents"]
    assert shown(error, Language.ENGLISH).splitlines()[0] == (
        "**Can't do that.** you have no combatant that can Recover now")


@pytest.mark.parametrize("word", WORDS)
def test_each_word_a_field_may_hold_is_the_domains_own(word: str) -> None:
    phases = {phase.title for phase in Phase}  # fast players: a phase as a sentence says it
    assert word in WRITTEN | phases or word == "recover"  # recover: TurnAct's Recover, a verb


def test_a_gm_act_on_an_encounter_refused_speaks_the_readers_language() -> None:
    with pytest.raises(NazhError) as raised:
        gm_only("start an encounter")(cast("EncounterRecord", None), 1, False)
    assert shown(raised.value, Language.SPANISH) == (
        "**No se puede hacer eso.** solo un DJ (el rol-dj del servidor, o Gestionar servidor "
        "mientras no haya uno) puede empezar un encuentro")


@pytest.mark.parametrize("act", OWNER_ACTS)
def test_each_act_on_a_combatant_is_the_applications_own_words(act: str) -> None:
    turns = {f"{wording} for {{name}}" for wording in (a.wording for a in TurnAct)}
    assert act in WRITTEN | turns  # a turn's act: its wording, for whom


def test_an_act_on_a_combatant_refused_speaks_the_readers_language() -> None:
    assert OWNER_ONLY.replace("{what}", "") == OWNER_OR_GM
    kaladin = player("Kaladin")
    record = cast("EncounterRecord", SimpleNamespace(encounter=fight(replace(kaladin,
                                                                             owner_id=7))))
    with pytest.raises(NazhError) as raised:
        owner_or_gm("Kaladin", "remove {name}")(record, 8, False)
    assert raised.value.reason == "only Kaladin's player or a GM may remove Kaladin"
    assert shown(raised.value, Language.FRENCH) == (
        "**Impossible de faire ça.** seul le joueur de Kaladin ou un MJ peut retirer Kaladin")


def test_an_attacks_refusal_with_values_speaks_the_readers_language() -> None:
    too_hard = lambda: check_attack(parse_roll("1d20+5"), parse_roll("2d6"), 150)  # noqa: E731
    assert refused(too_hard, Language.FRENCH) == (
        "**Impossible de faire ça.** defense : doit aller de 0 à 100 (reçu : 150)")
    assert refused(too_hard, Language.ENGLISH) == (
        "**Can't do that.** defense: must be 0-100 (got 150)")
    assert refused(lambda: check_names("Kal", ("Shallan", "kal"), None),
                   Language.BRAZILIAN_PORTUGUESE).splitlines() == [
        "**Não dá para fazer isso.** kal aparece duas vezes como alvo",
        "Dica: cada alvo é atacado uma vez"]


def test_the_odds_refusal_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: attack_terms(15, None), Language.SPANISH).splitlines() == [
        "**No se puede hacer eso.** defensa necesita daño: las probabilidades de un ataque "
        "necesitan ambos",  # the options as a Spanish client names them
        "Pista: da la defensa del objetivo y los dados de daño, p. ej. defensa 15 y daño 2d6, "
        "o ninguno de los dos para las probabilidades de una tirada"]
    assert refused(lambda: check_test(parse_roll("2d20+1")), Language.FRENCH).splitlines()[0] == (
        '**Impossible de faire ça.** le test d\'une attaque a exactement un d20 (2d20+1 en a 2)')
    assert refused(lambda: parse_damage("2d6, 1d4"), Language.LATIN_AMERICAN_SPANISH
                   ).splitlines()[0] == (
        "**No se puede hacer eso.** el daño es una reserva de dados, no 2 (2d6, 1d4)")
    assert refused(lambda: check_target(Target(deflect=99)),
                   Language.BRAZILIAN_PORTUGUESE).splitlines() == [
        "**Não dá para rolar isso.** a deflexão deve estar entre 0 e 20 (recebido: 99)",
        "Dica: o valor de deflexão do alvo, ex.: 2"]


def test_an_injury_rolls_refusal_with_values_speaks_the_readers_language() -> None:
    too_many = lambda: InjuryTerms(injuries=99).check()  # noqa: E731
    assert refused(too_many, Language.FRENCH).splitlines() == [
        "**Impossible de lancer ça.** blessures doit être compris entre 0 et 10 (reçu : 99)",
        "Conseil : blessures est combien de blessures le personnage a déjà subies, de 0 à 10"]
    assert refused(too_many, Language.ENGLISH).splitlines() == [
        "**Can't roll that.** injuries must be between 0 and 10 (got 99)",
        "Hint: injuries is how many injuries the character has already taken, 0 to 10"]


def test_physical_dices_refusal_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: parse_faces("17, x"), Language.SPANISH).splitlines() == [
        "**No se puede hacer eso.** física: 'x' no es la cara de un dado",
        "Pista: las caras son números enteros separados por comas, p. ej. 17,5"]
    assert refused(lambda: check_faces(parse_roll("1d20"), (21,)), Language.FRENCH) == (
        "**Impossible de faire ça.** physical : la face 1 est 21, mais ce dé est un d20 "
        "(de 1 à 20)")
    assert refused(lambda: TableDice((9,)).roll(6), Language.BRAZILIAN_PORTUGUESE) == (
        "**Não dá para fazer isso.** física: a face 1 é 9, mas esse dado é um d6")


def test_a_sheets_refusal_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: check_fixed(1200, "Axe"), Language.FRENCH) == (
        "**Impossible de faire ça.** Axe : des dégâts fixes vont de 1 à 999 (reçu : 1200)")
    assert refused(lambda: HealthRange(80, 40).check(), Language.BRAZILIAN_PORTUGUESE) == (
        "**Não dá para fazer isso.** uma faixa de vida vai de 1 a 999, do menor ao maior "
        "(recebido: 80-40)")
    assert refused(lambda: check_tier(7), Language.SPANISH) == (
        "**No se puede hacer eso.** el nivel de amenaza va de 1 a 4 (se dio 7)")
    spear = Weapon("Spear", "heavy-weaponry", "1d8", damage_type="keen")
    wrong_type = lambda: damage_type_of(spear, DamageType.IMPACT)  # noqa: E731
    assert refused(wrong_type, Language.FRENCH).splitlines()[0] == (
        "**Impossible de faire ça.** type : Spear inflige des dégâts de type tranchant")
    assert refused(wrong_type, Language.ENGLISH).splitlines()[0] == (
        "**Can't do that.** type: the Spear deals keen damage")


def test_a_notation_refusal_inside_an_options_speaks_the_readers_language() -> None:
    too_many = lambda: prepare("30d20", "2d6", None)  # noqa: E731
    french = refused(too_many, Language.FRENCH).splitlines()
    assert (french[0], french[-1]) == (
        '**Impossible de lancer ça.** test : groupe 1 "30d20" : au plus 20 dés par groupe '
        "(reçu : 30)",
        "Conseil : limites : 1-20 dés par groupe, 2-1000 faces, modificateur -1000..+1000")
    assert refused(too_many, Language.ENGLISH).splitlines()[0] == (
        '**Can\'t roll that.** test: pool 1 "30d20": at most 20 dice per pool (got 30)')
    assert refused(lambda: parse_damage("2d6 x"), Language.SPANISH).splitlines()[0] == (
        "**No se puede tirar eso.** damage «2d6 x»: «x» inesperado")
    assert refused(lambda: check_damage("30d6", "Axe"), Language.BRAZILIAN_PORTUGUESE
                   ).splitlines() == [
        "**Não dá para fazer isso.** Axe: o dano '30d6' não são dados (no máximo 20 dados por "
        "grupo (recebido: 30))", "Dica: ex.: 1d8 ou 2d6+2"]
    assert refused(lambda: check_damage("30d6", "Axe"), Language.ENGLISH).splitlines()[0] == (
        "**Can't do that.** Axe: the damage '30d6' is not dice (at most 20 dice per pool "
        "(got 30))")


def test_a_sheets_own_check_with_values_speaks_the_readers_language() -> None:
    assert refused(lambda: check_text("a weapon's name", " Axe"), Language.FRENCH) == (
        "**Impossible de faire ça.** le nom d'une arme fait de 1 à 64 caractères, sans espace "
        "aux extrémités (reçu : ' Axe')")
    assert refused(lambda: Attribute.named("luck"), Language.SPANISH).splitlines() == [
        "**No se puede hacer eso.** 'luck' no es un atributo",
        "Pista: uno de estos: strength, speed, intellect, willpower, awareness, presence"]


def test_an_injury_keeps_its_days_in_the_readers_language() -> None:
    vicious = Wound(Band.VICIOUS, 99)
    assert refused(vicious.check, Language.FRENCH) == (
        "**Impossible de faire ça.** il reste de 1 à 36 jours à une blessure grave (reçu : 99)")
    assert refused(vicious.check, Language.ENGLISH) == (
        "**Can't do that.** a vicious injury has 1 to 36 days left (got 99)")
    assert refused(Wound(Band.FLESH, 2).check, Language.BRAZILIAN_PORTUGUESE) == (
        "**Não dá para fazer isso.** um ferimento superficial não é contado em dias")


def test_keeping_an_adversary_refused_to_a_player_speaks_the_readers_language() -> None:
    error = NazhError("only a server's GMs keep adversaries",
                      hint="make a player character (kind:character)")
    assert shown(error, Language.FRENCH).splitlines()[0] == (
        "**Impossible de faire ça.** seuls les MJ d'un serveur gardent des adversaires")


def test_target_options_without_an_attack_are_named_as_the_readers_command_names_them() -> None:
    given = Target(deflect=2, pierce=True, health=12)
    assert refused(lambda: attack_terms(None, None, target=given), Language.FRENCH
                   ).splitlines()[0] == (
        "**Impossible de faire ça.** déviation, perforant et santé demandent défense et dégâts : "
        "elles décrivent la cible d'une attaque")
    assert refused(lambda: attack_terms(None, None, target=given), Language.ENGLISH
                   ).splitlines()[0] == (
        "**Can't do that.** deflect, pierce and health need defense and damage: they describe "
        "the target of an attack")
    assert refused(lambda: attack_terms(None, None, target=Target(pierce=True)),
                   Language.BRAZILIAN_PORTUGUESE).splitlines()[0] == (
        "**Não dá para fazer isso.** perfurante precisa de defesa e dano: descreve o alvo de um "
        "ataque")
