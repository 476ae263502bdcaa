"""The table's language: a channel's override, the server's setting, the server's locale as
Discord sends it, English; a member's own answers in their client's language; both changed by
Manage Server holders only, audited."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nazh.application.settings.language import (
    Language,
    language_of,
    reader_language,
    table_language,
)
from nazh.application.settings.server import (
    MAX_CHANNEL_LANGUAGES,
    GuildSettings,
    Member,
    NeedsManageServerError,
    ServerSettings,
    SettingChange,
)
from nazh.domain.errors import LimitError
from tests.app_fakes import MemoryStore

NOW = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
GUILD = 42
ADMIN = Member(1, GUILD, manages_guild=True)
PLAYER = Member(2, GUILD)


class FixedClock:
    def now(self) -> datetime:
        return NOW


@pytest.mark.parametrize(("locale", "language"), [
    ("es-ES", Language.SPANISH), ("es-419", Language.LATIN_AMERICAN_SPANISH),
    ("pt-BR", Language.BRAZILIAN_PORTUGUESE), ("fr", Language.FRENCH),
    ("en-US", Language.ENGLISH), ("en-GB", Language.ENGLISH), ("de", None), (None, None)])
def test_discords_locales_map_to_the_languages_nazh_speaks(locale: str | None,
                                                           language: Language | None) -> None:
    assert language_of(locale) is language


def test_the_table_speaks_the_channels_then_the_servers_then_its_locale_then_english() -> None:
    assert table_language(Language.FRENCH, Language.SPANISH, "pt-BR") is Language.SPANISH
    assert table_language(Language.FRENCH, None, "pt-BR") is Language.FRENCH
    assert table_language(None, None, "pt-BR") is Language.BRAZILIAN_PORTUGUESE
    assert table_language(None, None, "de") is Language.ENGLISH
    assert table_language(None, None, None) is Language.ENGLISH


def test_a_member_reads_their_own_answers_in_their_clients_language() -> None:
    assert reader_language("fr", Language.SPANISH) is Language.FRENCH
    assert reader_language("ja", Language.SPANISH) is Language.SPANISH  # not spoken: the table's
    assert reader_language(None, Language.ENGLISH) is Language.ENGLISH


def test_a_channels_override_wins_over_the_servers_setting() -> None:
    settings = ServerSettings(language=Language.FRENCH,
                              channel_languages=((5, Language.SPANISH),))
    assert settings.language_in(5) is Language.SPANISH
    assert settings.language_in(6) is Language.FRENCH
    assert settings.language_in(None) is Language.FRENCH
    assert ServerSettings().language_in(5) is None


async def test_channel_languages_are_set_removed_and_audited() -> None:
    store = MemoryStore()
    settings = GuildSettings(store, FixedClock())
    await settings.change(ADMIN, language=Language.BRAZILIAN_PORTUGUESE)
    await settings.set_channel_language(ADMIN, 9, Language.FRENCH)
    await settings.set_channel_language(ADMIN, 5, Language.SPANISH)
    current = await settings.of(GUILD)
    assert current.channel_languages == ((5, Language.SPANISH), (9, Language.FRENCH))
    await settings.set_channel_language(ADMIN, 9, None)
    assert (await settings.of(GUILD)).channel_languages == ((5, Language.SPANISH),)
    assert store.audit == [
        SettingChange(GUILD, 1, NOW, "language", "unset", "pt-BR"),
        SettingChange(GUILD, 1, NOW, "channel-languages", "unset", "<#9> fr"),
        SettingChange(GUILD, 1, NOW, "channel-languages", "<#9> fr", "<#5> es-ES, <#9> fr"),
        SettingChange(GUILD, 1, NOW, "channel-languages", "<#5> es-ES, <#9> fr", "<#5> es-ES"),
    ]


async def test_only_manage_server_holders_set_languages_and_channels_are_bounded() -> None:
    settings = GuildSettings(MemoryStore(), FixedClock())
    with pytest.raises(NeedsManageServerError):
        await settings.set_channel_language(PLAYER, 9, Language.FRENCH)
    with pytest.raises(NeedsManageServerError):
        await settings.change(PLAYER, language=Language.FRENCH)
    for channel in range(MAX_CHANNEL_LANGUAGES):
        await settings.set_channel_language(ADMIN, channel, Language.FRENCH)
    with pytest.raises(LimitError, match=f"at most {MAX_CHANNEL_LANGUAGES} channels"):
        await settings.set_channel_language(ADMIN, 10_000, Language.FRENCH)
    await settings.set_channel_language(ADMIN, 0, Language.SPANISH)  # a kept one may change
