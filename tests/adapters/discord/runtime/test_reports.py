"""An import's answer: checked before anything is kept, and what was kept told when Discord
does not take the report."""

from __future__ import annotations

from unittest.mock import call, create_autospec

import hikari
import pytest

from nazh.adapters.discord.runtime.reports import (
    ReportError,
    embed_texts,
    kept_message,
    report,
    send_kept,
)
from nazh.adapters.discord.runtime.responder import Responder
from nazh.application.admission.gate import AnswerTooLateError


def an_embed(description: str = "✅ Lopen", field: str = "items: 1 loot") -> hikari.Embed:
    embed = hikari.Embed(title="📥 Import", description=description)
    embed.add_field("Skipped", field)
    embed.set_footer("footer")
    return embed


def test_every_text_of_the_embed_is_checked() -> None:
    assert embed_texts(an_embed()) == ["📥 Import", "✅ Lopen", "Skipped", "items: 1 loot",
                                       "footer"]


@pytest.mark.parametrize(("content", "embed"), [
    ("Imported \ud800", an_embed()),
    ("Imported", an_embed(description="✅ \udfff")),
    ("Imported", an_embed(field="items: 1 \ud800")),
])
def test_a_report_that_does_not_encode_is_a_refusal(content: str, embed: hikari.Embed) -> None:
    with pytest.raises(ReportError, match="nothing was imported"):
        report(content, embed)


def test_a_report_that_encodes_is_kept_as_built() -> None:
    embed = an_embed()
    assert report("Imported 1 character(s).", embed).embed is embed


def test_the_names_kept_are_shown_safely() -> None:
    assert kept_message("2 character(s)", ["Lopen", "**Rock** <@1>"]) == (
        "Imported 2 character(s): Lopen, \\*\\*Rock\\*\\* \\<@1>. The full report could not "
        "be shown.")


async def test_when_discord_does_not_take_the_report_what_was_kept_is_told() -> None:
    responder = create_autospec(Responder, instance=True)
    responder.message.side_effect = [hikari.BadRequestError("", {}, b""), None]
    answer = report("Imported 1 character(s).", an_embed())
    await send_kept(responder, answer, "Imported 1 character(s): Lopen.")
    assert responder.message.await_args_list == [
        call("Imported 1 character(s).", embed=answer.embed, ephemeral=True),
        call("Imported 1 character(s): Lopen.", ephemeral=True)]


async def test_too_late_is_not_hidden() -> None:
    responder = create_autospec(Responder, instance=True)
    responder.message.side_effect = AnswerTooLateError()
    with pytest.raises(AnswerTooLateError):
        await send_kept(responder, report("x", an_embed()), "kept")
