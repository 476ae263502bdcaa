"""The character sheet's embed and file name: the fullest sheet fits, an export is named after
the character; what its fields take reaches the catalogs."""

from __future__ import annotations

import re
from dataclasses import replace

from nazh.adapters.discord.characters.sheet import (
    FIELD_TAKES,
    export_name,
    sheet_embed,
)
from nazh.application.characters.fields import fields_of
from nazh.application.characters.model import AuditEntry
from nazh.domain.character import (
    MAX_EXPERTISES,
    MAX_TRAITS,
    MAX_WEAPONS,
    Attribute,
    Skill,
    Weapon,
    with_skills,
)
from nazh.presentation.chat import DiscordLimits
from tests.adapters.discord.characters.kit import (
    NOW,
    OWNER,
    VEYLA_ID,
    veyla,
)


def test_the_fullest_sheet_fits_in_an_embed() -> None:
    long = "x" * 64
    sheet = with_skills(veyla().sheet, [Skill(f"Surge {n:02d} " + "y" * 50, Attribute.PRESENCE, 5)
                                        for n in range(22)])
    sheet = replace(sheet, weapons=tuple(
        Weapon(f"{n:02d}" + "w" * 62, "agility", "20d1000+1000", "energy", False,
               tuple(f"{t}" + "t" * 63 for t in range(MAX_TRAITS)))
        for n in range(MAX_WEAPONS)), expertises=tuple(f"{n:02d}{long}"[:64]
                                                      for n in range(MAX_EXPERTISES)))
    sheet.check()
    record = replace(veyla(), sheet=sheet)
    audit = [AuditEntry(VEYLA_ID, int(OWNER["id"]), "expertises", long * 40, long * 40, NOW,
                        "r" * 100) for _ in range(10)]
    embed = sheet_embed(record, audit)
    total = len(embed.title or "") + len(embed.description or "") + len(
        embed.footer.text if embed.footer and embed.footer.text else "")
    total += sum(len(f.name) + len(f.value) for f in embed.fields)
    assert total <= DiscordLimits.EMBED_TOTAL
    assert len(embed.description or "") <= DiscordLimits.EMBED_DESCRIPTION
    assert all(len(f.value) <= DiscordLimits.EMBED_FIELD_VALUE for f in embed.fields)


def test_an_exported_file_is_named_after_the_character() -> None:
    assert export_name("Veyla Tarn") == "veyla-tarn.nazh-character.json"
    assert export_name("  Szeth-son-son-Vallano!  ") == "szeth-son-son-vallano.nazh-character.json"
    assert export_name("🜂") == "character.nazh-character.json"


def test_every_field_offered_says_what_it_takes_in_the_catalogs_words() -> None:
    # a field's ``takes`` in words reaches the catalogs only through FIELD_TAKES; a bare range
    # (``1-30``) reads the same in every language
    worded = {field.takes for field in fields_of(veyla().sheet)
              if re.search(r"[^\W\d_]", field.takes)}
    assert worded == set(FIELD_TAKES)
