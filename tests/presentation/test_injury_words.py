"""An injury's words in the reader's language: the tables the catalogs hold are the domain's
own (every band's title and duration, every effect of the table), translated where shown."""

from __future__ import annotations

from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.settings.language import Language
from nazh.domain.injury import EFFECTS, Band
from nazh.presentation.i18n import Speaking, Voices
from nazh.presentation.injury import (
    BAND_DURATIONS,
    BAND_TITLES,
    EFFECT_NAMES,
    band_title,
    effect_name,
)


def test_the_tables_are_the_domains_words() -> None:
    assert {band: BAND_TITLES[band] for band in Band} == {band: band.title for band in Band}
    assert {band: BAND_DURATIONS[band] for band in Band} == {band: band.duration
                                                             for band in Band}
    assert set(EFFECT_NAMES) == set(EFFECTS.values())


def test_the_words_are_translated_where_shown() -> None:
    french = GettextCatalogs().translator(Language.FRENCH)
    with Speaking(Voices(french, french)):
        assert band_title(Band.VICIOUS) == "Blessure grave"
        assert effect_name("Can use only one hand") == "Ne peut utiliser qu'une main"
    assert band_title(Band.VICIOUS) == "Vicious injury"
