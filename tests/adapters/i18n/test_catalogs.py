"""Each language's messages read from its ``.po`` (no compiled file), with the plural rules of
its catalog's header (CLDR's, written by Babel), and the pseudo-locale marking every message;
which languages say a label (how a clicked card tells its language), a word in its context
(``pgettext``) and a game's word from the glossary."""

from __future__ import annotations

from pathlib import Path

from nazh.adapters.i18n.catalogs import GettextCatalogs, shipped_catalogs
from nazh.application.settings.language import Language
from nazh.presentation.i18n import ENGLISH

TEMPLATE = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Roll"
msgstr ""

msgid "{n} die"
msgid_plural "{n} dice"
msgstr[0] ""
msgstr[1] ""
'''
FRENCH = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Roll"
msgstr "Jet"

msgid "{n} die"
msgid_plural "{n} dice"
msgstr[0] "{n} dé"
msgstr[1] "{n} dés"
'''


def catalogs_in(folder: Path) -> GettextCatalogs:
    (folder / "messages.pot").write_text(TEMPLATE, encoding="utf-8")
    french = folder / "fr" / "LC_MESSAGES"
    french.mkdir(parents=True)
    (french / "messages.po").write_text(FRENCH, encoding="utf-8")
    return GettextCatalogs(folder)


def test_a_language_speaks_its_catalog_with_its_own_plural_rule(tmp_path: Path) -> None:
    french = catalogs_in(tmp_path).translator(Language.FRENCH)
    assert french.gettext("Roll") == "Jet"
    assert french.gettext("Not in the catalog") == "Not in the catalog"
    # French counts 0 and 1 as one (n > 1 is plural); English says "0 dice"
    assert [french.ngettext("{n} die", "{n} dice", n) for n in (0, 1, 2)] == [
        "{n} dé", "{n} dé", "{n} dés"]
    assert [ENGLISH.ngettext("{n} die", "{n} dice", n) for n in (0, 1, 2)] == [
        "{n} dice", "{n} die", "{n} dice"]


def test_a_language_without_a_catalog_speaks_english(tmp_path: Path) -> None:
    catalogs = catalogs_in(tmp_path)
    assert catalogs.translator(Language.SPANISH).gettext("Roll") == "Roll"
    assert catalogs.translator(Language.ENGLISH) is ENGLISH


def test_the_pseudo_locale_marks_every_message_of_the_template(tmp_path: Path) -> None:
    pseudo = catalogs_in(tmp_path).pseudo
    assert pseudo.gettext("Roll") == "[!! Roll !!]"
    assert pseudo.ngettext("{n} die", "{n} dice", 2) == "[!! {n} dice !!]"
    assert pseudo.gettext("Not in the template") == "Not in the template"


def test_the_shipped_catalogs_speak_the_roll_card_in_each_language() -> None:
    catalogs = GettextCatalogs()
    assert {language: catalogs.translator(language).gettext("roll {roll_id}")
            for language in Language} == {
        Language.ENGLISH: "roll {roll_id}", Language.SPANISH: "tirada {roll_id}",
        Language.LATIN_AMERICAN_SPANISH: "tirada {roll_id}",
        Language.BRAZILIAN_PORTUGUESE: "rolagem {roll_id}", Language.FRENCH: "jet {roll_id}"}


def test_each_language_lists_words_by_its_cldr_rule() -> None:
    catalogs = GettextCatalogs()
    words = ["1 A", "2 B", "3 C"]
    assert {language: catalogs.translator(language).listed(words)
            for language in Language} == {
        Language.ENGLISH: "1 A, 2 B, and 3 C", Language.SPANISH: "1 A, 2 B y 3 C",
        Language.LATIN_AMERICAN_SPANISH: "1 A, 2 B y 3 C",
        Language.BRAZILIAN_PORTUGUESE: "1 A, 2 B e 3 C", Language.FRENCH: "1 A, 2 B et 3 C"}
    assert catalogs.translator(Language.FRENCH).listed(words[:2]) == "1 A et 2 B"
    assert catalogs.pseudo.listed(words[:2]) == "[!! 1 A and 2 B !!]"
    assert catalogs.pseudo.listed(words[:1]) == "1 A"


def test_a_label_tells_which_languages_say_it(tmp_path: Path) -> None:
    catalogs = catalogs_in(tmp_path)
    assert catalogs.languages_saying("Jet") == (Language.FRENCH,)
    assert catalogs.languages_saying("Roll") == (Language.ENGLISH,)
    assert catalogs.languages_saying("Kaladin") == ()  # a name: no language's


def test_a_button_s_verb_has_its_own_context_and_a_game_s_word_the_glossary_s() -> None:
    catalogs = GettextCatalogs()
    portuguese = catalogs.translator(Language.BRAZILIAN_PORTUGUESE)
    assert (portuguese.gettext("Roll"), portuguese.pgettext("button", "Roll")) == (
        "Rolagem", "Rolar")
    assert portuguese.term("skill", "Perception") == "Percepção"
    assert portuguese.term("skill", "Underwater Basket Weaving") == "Underwater Basket Weaving"
    assert ENGLISH.term("skill", "Insight") == "Insight"
    assert catalogs.pseudo.term("skill", "Insight") == "[!! Insight !!]"
    assert catalogs.pseudo.term("skill", "1d20+2") == "1d20+2"  # not a game's word


def test_the_shipped_catalogs_are_read_once_per_process() -> None:
    # every bot built in the process (the tests build one each) shares what Babel parsed
    catalogs = shipped_catalogs()
    assert shipped_catalogs() is catalogs
    assert catalogs.translator(Language.FRENCH).gettext("Roll") == \
        GettextCatalogs().translator(Language.FRENCH).gettext("Roll")


def test_the_pseudo_locale_is_read_only_when_asked_for(tmp_path: Path) -> None:
    # a bot without NAZH_PSEUDO_LOCALE never holds it (benchmarks.memory)
    catalogs = catalogs_in(tmp_path)
    (tmp_path / "messages.pot").unlink()
    assert catalogs.translator(Language.FRENCH).gettext("Roll") == "Jet"
    (tmp_path / "messages.pot").write_text(TEMPLATE.replace('"Roll"', '"Dice"'),
                                           encoding="utf-8")
    assert catalogs.pseudo.gettext("Dice") == "[!! Dice !!]"
    assert catalogs.pseudo is catalogs.pseudo


def test_each_language_is_read_when_first_asked_for_and_once(tmp_path: Path) -> None:
    # a bot whose tables all speak English holds no catalog (benchmarks.memory)
    catalogs = catalogs_in(tmp_path)
    french = tmp_path / "fr" / "LC_MESSAGES" / "messages.po"
    french.write_text(FRENCH.replace('"Jet"', '"Lancer"'), encoding="utf-8")
    assert catalogs.translator(Language.FRENCH).gettext("Roll") == "Lancer"
    french.unlink()
    assert catalogs.translator(Language.FRENCH).gettext("Roll") == "Lancer"


def test_which_languages_say_a_label_reads_every_catalog_when_first_asked(
        tmp_path: Path) -> None:
    catalogs = catalogs_in(tmp_path)
    spanish = tmp_path / "es-ES" / "LC_MESSAGES"
    spanish.mkdir(parents=True)
    (spanish / "messages.po").write_text(
        FRENCH.replace("Language: fr", "Language: es").replace('"Jet"', '"Tirada"'),
        encoding="utf-8")
    assert catalogs.languages_saying("Tirada") == (Language.SPANISH,)
    assert catalogs.languages_saying("Roll") == (Language.ENGLISH,)
    # the catalogs read to answer it are the translators' too
    (spanish / "messages.po").unlink()
    assert catalogs.translator(Language.SPANISH).gettext("Roll") == "Tirada"
