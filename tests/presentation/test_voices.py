"""The voices of a block: text speaks the table's language, the reader's in a ``ToReader``
block, and the table's again in a ``ToTable`` block inside it (a shared card redrawn while
answering the presser alone)."""

from __future__ import annotations

from nazh.adapters.i18n.catalogs import GettextCatalogs
from nazh.application.settings.language import Language
from nazh.presentation.i18n import Speaking, ToReader, ToTable, Voices, _


def test_a_shared_card_made_inside_a_private_answer_speaks_the_tables_language() -> None:
    catalogs = GettextCatalogs()
    table, reader = catalogs.translator(Language.SPANISH), catalogs.translator(Language.FRENCH)
    with Speaking(Voices(table, reader)):
        assert _("Players") == "Jugadores"
        with ToReader():
            assert _("Players") == "Joueurs"
            with ToTable():
                assert _("Players") == "Jugadores"
                with ToReader(private=False):  # unchanged
                    assert _("Players") == "Jugadores"
            assert _("Players") == "Joueurs"
    assert _("Players") == "Players"
