"""The game's words in each language Nazh speaks, with where each comes from.

One row per term: its kind, its English (the rules' and Nazh's key), and per language the word
and its source (see :data:`SOURCES`); ``REVIEW`` marks a word drafted for Nazh that waits for a
native speaker's review against the official edition. es-419 uses es-ES's words. The players'
glossaries (``docs/i18n/glossary.<lang>.md``) are written from this table by
``scripts/extract_messages``; :func:`in_english` reads a term typed in any of the languages.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from nazh.application.settings.language import Language

FOUNDRY_PT = "foundry-pt-BR"
FOUNDRY_FR = "foundry-fr"
DEVIR_ES = "devir-es"
REVIEW = "review"
SOURCES: Mapping[str, str] = {
    FOUNDRY_PT: "the Foundry VTT Cosmere RPG system's Brazilian Portuguese translation "
                "(the-metalworks/cosmere-rpg, src/lang/pt-BR.json, 2025-10-22); Tria "
                "Editora's printed terms not yet checked against it",
    FOUNDRY_FR: "the Foundry VTT Cosmere RPG system's French translation "
                "(the-metalworks/cosmere-rpg, src/lang/fr.json, 2025-07-25); Don't Panic "
                "Games' printed terms not yet checked against it",
    DEVIR_ES: "Devir's Spanish edition of the Cosmere RPG's Mistborn book (Nacidos de la "
              "bruma), the same core rules, as a public rules digest quotes it",
    REVIEW: "drafted for Nazh: awaiting a native speaker's review against the official edition",
}
"""Where the words come from."""
LANGUAGES = ("es", "pt-BR", "fr")
"""The glossaries (es: es-ES and es-419)."""
KINDS = ("attribute", "defense", "skill", "resource", "condition", "damage type", "role",
         "action", "reaction", "weapon trait", "plot die", "test")
"""The kinds of terms, in the order the glossaries list them."""


@dataclass(frozen=True, slots=True)
class Term:
    """One of the game's words: its English and each language's (word, source)."""

    kind: str
    english: str
    es: tuple[str, str]
    pt: tuple[str, str]
    fr: tuple[str, str]

    def in_language(self, language: str) -> tuple[str, str]:
        """``(word, source)`` in ``language`` (``es``, ``pt-BR`` or ``fr``)."""
        return {"es": self.es, "pt-BR": self.pt, "fr": self.fr}[language]


def _t(kind: str, english: str, *words: str) -> Term:
    """A term from its English and each language's word then source (es, pt-BR, fr)."""
    es, es_source, pt, pt_source, fr, fr_source = words
    return Term(kind, english, (es, es_source), (pt, pt_source), (fr, fr_source))


D, P, F, R = DEVIR_ES, FOUNDRY_PT, FOUNDRY_FR, REVIEW
TERMS: tuple[Term, ...] = (
    _t("attribute", "Strength", "Fuerza", D, "Força", P, "Force", F),
    _t("attribute", "Speed", "Velocidad", D, "Velocidade", P, "Vitesse", F),
    _t("attribute", "Intellect", "Intelecto", D, "Intelecto", P, "Intelligence", F),
    _t("attribute", "Willpower", "Voluntad", D, "Vontade", P, "Volonté", F),
    _t("attribute", "Awareness", "Discernimiento", D, "Consciência", P, "Perception", F),
    _t("attribute", "Presence", "Presencia", D, "Presença", P, "Présence", F),
    _t("defense", "Physical", "Física", D, "Físico", P, "Physique", F),
    _t("defense", "Cognitive", "Cognitiva", D, "Cognitivo", P, "Cognitif", F),
    _t("defense", "Spiritual", "Espiritual", D, "Espiritual", P, "Spirituel", F),
    _t("defense", "Deflect", "Desvío", D, "Deflexão", P, "Déviation", F),
    _t("skill", "Agility", "Agilidad", R, "Agilidade", P, "Agilité", F),
    _t("skill", "Athletics", "Atletismo", D, "Atletismo", P, "Athlétisme", F),
    _t("skill", "Heavy Weaponry", "Armamento pesado", D, "Armas Pesadas", P, "Armes lourdes",
       F),
    _t("skill", "Light Weaponry", "Armamento ligero", D, "Armas Leves", P, "Armes légères", F),
    _t("skill", "Stealth", "Sigilo", R, "Furtividade", P, "Discrétion", F),
    _t("skill", "Thievery", "Hurto", D, "Ladroagem", P, "Larcin", F),
    _t("skill", "Crafting", "Manufactura", D, "Manufatura", P, "Artisanat", F),
    _t("skill", "Deduction", "Deducción", R, "Dedução", P, "Déduction", F),
    _t("skill", "Discipline", "Disciplina", D, "Disciplina", P, "Discipline", F),
    _t("skill", "Intimidation", "Intimidación", R, "Intimidação", P, "Intimidation", F),
    _t("skill", "Lore", "Saber", D, "Saber", P, "Connaissances", F),
    _t("skill", "Medicine", "Medicina", D, "Medicina", P, "Médecine", F),
    _t("skill", "Deception", "Engaño", R, "Dissimulação", P, "Tromperie", F),
    _t("skill", "Insight", "Perspicacia", D, "Intuição", P, "Perspicacité", F),
    _t("skill", "Leadership", "Liderazgo", D, "Liderança", P, "Commandement", F),
    _t("skill", "Perception", "Percepción", D, "Percepção", P, "Perception", F),
    _t("skill", "Persuasion", "Persuasión", R, "Persuasão", P, "Persuasion", F),
    _t("skill", "Survival", "Supervivencia", R, "Sobrevivência", P, "Survie", F),
    _t("resource", "Health", "Salud", D, "Vida", P, "Santé", F),
    _t("resource", "Focus", "Concentración", D, "Foco", P, "Concentration", F),
    _t("resource", "Investiture", "Investidura", D, "Investidura", P, "Investiture", F),
    _t("resource", "Recovery die", "Dado de recuperación", D, "Dado de Recuperação", P,
       "Dé de récupération", F),
    _t("condition", "Afflicted", "Afligido", R, "Afligido", P, "Affligé", F),
    _t("condition", "Determined", "Decidido", R, "Determinado", P, "Déterminé", F),
    _t("condition", "Disoriented", "Desorientado", R, "Desorientado", P, "Désorienté", F),
    _t("condition", "Empowered", "Potenciado", R, "Potencializado", P, "Renforcé", F),
    _t("condition", "Enhanced", "Mejorado", R, "Aprimorado", P, "Amélioré", F),
    _t("condition", "Exhausted", "Agotado", D, "Exausto", P, "Épuisé", F),
    _t("condition", "Focused", "Concentrado", R, "Focado", P, "Concentré", F),
    _t("condition", "Immobilized", "Inmovilizado", R, "Imobilizado", P, "Immobilisé", F),
    _t("condition", "Prone", "Derribado", R, "Prostrado", P, "À terre", F),
    _t("condition", "Restrained", "Apresado", R, "Restringido", P, "Entravé", F),
    _t("condition", "Slowed", "Ralentizado", R, "Lento", P, "Ralenti", F),
    _t("condition", "Stunned", "Aturdido", D, "Atordoado", P, "Étourdi", F),
    _t("condition", "Surprised", "Sorprendido", D, "Surpreendido", P, "Surpris", F),
    _t("condition", "Unconscious", "Inconsciente", R, "Inconsciente", P, "Inconscient", F),
    _t("damage type", "Energy", "Energía", R, "Energia", P, "Énergie", F),
    _t("damage type", "Impact", "Impacto", R, "Impacto", P, "Impact", F),
    _t("damage type", "Keen", "Cortante", R, "Cortante", P, "Tranchant", F),
    _t("damage type", "Spirit", "Espíritu", R, "Espiritual", P, "Spirituel", F),
    _t("damage type", "Vital", "Vital", D, "Vital", P, "Vital", F),
    _t("role", "Minion", "Esbirro", R, "Capanga", P, "Sbire", F),
    _t("role", "Rival", "Rival", R, "Rival", P, "Rival", F),
    _t("role", "Boss", "Jefe", R, "Chefe", P, "Boss", F),
    _t("action", "Strike", "Golpear", R, "Golpear", P, "Frapper", F),
    _t("action", "Gain Advantage", "Obtener ventaja", R, "Ganhar Vantagem", P,
       "Obtenir un avantage", F),
    _t("action", "Recover", "Recuperarse", R, "Recuperar", P, "Récupération", F),
    _t("action", "Brace", "Parapetarse", R, "Proteger-se", R, "Se mettre à couvert", R),
    _t("action", "Unarmed", "Desarmado", R, "Golpe Desarmado", P, "Frappe à mains nues", F),
    _t("reaction", "Dodge", "Esquivar", R, "Esquivar", P, "Esquiver", F),
    _t("reaction", "Aid", "Ayudar", R, "Auxiliar", P, "Soutenir", F),
    _t("reaction", "Reactive Strike", "Golpe reactivo", R, "Golpe Reativo", P,
       "Attaque en réaction", F),
    _t("weapon trait", "Momentum", "Impulso", R, "Ímpeto", P, "Élan", F),
    _t("weapon trait", "Offhand", "Mano torpe", R, "Mão Inábil", P, "Main secondaire", F),
    _t("weapon trait", "Cumbersome", "Engorrosa", R, "Desajeitada", P, "Encombrant", F),
    _t("weapon trait", "Dangerous", "Peligrosa", R, "Perigosa", P, "Dangereux", F),
    _t("weapon trait", "Deadly", "Letal", R, "Mortal", P, "Mortel", F),
    _t("weapon trait", "Fragile", "Frágil", R, "Frágil", P, "Fragile", F),
    _t("weapon trait", "Indirect", "Indirecta", R, "Indireta", P, "Indirect", F),
    _t("weapon trait", "Loaded", "Cargada", R, "Carregada", P, "Chargé", F),
    _t("plot die", "Plot die", "Dado de trama", D, "Dado de Trama", P, "Dé d'intrigue", F),
    _t("plot die", "Opportunity", "Oportunidad", D, "Oportunidade", P, "Opportunité", F),
    _t("plot die", "Complication", "Complicación", D, "Complicação", P, "Complication", F),
    _t("plot die", "Raise the stakes", "Subir la apuesta", R, "Aumentar as Apostas", P,
       "Faire monter les enjeux", F),
    _t("test", "Advantage", "Ventaja", R, "Vantagem", P, "Avantage", F),
    _t("test", "Disadvantage", "Desventaja", R, "Desvantagem", P, "Désavantage", F),
    _t("test", "Graze", "Roce", R, "Raspão", P, "Superficiel", F),
    _t("test", "Critical hit", "Impacto crítico", R, "Crítico", P, "Critique", F),
    _t("test", "Injury", "Herida", R, "Lesão", P, "Blessure", F),
    _t("test", "Ranks", "Grados", D, "Graduações", P, "Rangs", R),
    _t("test", "Endeavor", "Empeño", D, "Empreitada", R, "Entreprise", R),
    _t("test", "Difficulty class (DC)", "Clase de dificultad (CD)", R,
       "Classe de dificuldade (CD)", R, "Degré de difficulté (DD)", R),
)
"""The game's words, by kind."""


def folded(text: str) -> str:
    """``text`` as typed words are compared: no accents, case, spaces, hyphens or underscores."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(char))
    return "".join(char for char in plain.casefold() if char.isalnum())


def _index(kinds: Iterable[str]) -> dict[str, str]:
    index: dict[str, str] = {}
    for term in TERMS:
        if term.kind in kinds:
            for word in (term.english, term.es[0], term.pt[0], term.fr[0]):
                index.setdefault(folded(word), term.english)
    return index


def in_english(kinds: Iterable[str], typed: str) -> str:
    """``typed``, or the English of the term of one of ``kinds`` it names in any language."""
    return _index(tuple(kinds)).get(folded(typed), typed)


_COLUMNS = {Language.SPANISH: "es", Language.LATIN_AMERICAN_SPANISH: "es",
            Language.BRAZILIAN_PORTUGUESE: "pt-BR", Language.FRENCH: "fr"}


def is_term(kind: str, english: str) -> bool:
    """Whether ``english`` is a term of ``kind`` (a homebrew skill, a notation: not)."""
    wanted = folded(english)
    return any(term.kind == kind and folded(term.english) == wanted for term in TERMS)


def word_in(language: Language | None, kind: str, english: str) -> str:
    """The glossary's word for ``english`` (a term of ``kind``) in ``language``, else itself."""
    column = _COLUMNS.get(language) if language is not None else None
    if column is None:
        return english
    wanted = folded(english)
    for term in TERMS:
        if term.kind == kind and folded(term.english) == wanted:
            return term.in_language(column)[0]
    return english
