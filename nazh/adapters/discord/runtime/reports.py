"""The answer to an import: checked before anything is kept, never the opposite of what happened."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import hikari

from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import tell_privately
from nazh.application.admission.gate import AnswerTooLateError
from nazh.domain.errors import NazhError
from nazh.presentation.chat import DiscordLimits, clip, shown

log = logging.getLogger(__name__)

MAX_KEPT_NAMES = 1500
"""How much of the kept names the short message after a failed report lists."""


class ReportError(NazhError):
    """An import's report cannot be built (text not encodable as UTF-8): nothing was kept."""


@dataclass(frozen=True, slots=True)
class Report:
    """An import's answer: its text and its embed, checked to encode."""

    content: str
    embed: hikari.Embed


def embed_texts(embed: hikari.Embed) -> list[str]:
    """Every text an embed sends: title, description, fields, footer, author."""
    texts = [embed.title or "", embed.description or ""]
    texts += [text for field in embed.fields for text in (field.name, field.value)]
    if embed.footer is not None:
        texts.append(embed.footer.text or "")
    if embed.author is not None:
        texts.append(embed.author.name or "")
    return texts


def report(content: str, embed: hikari.Embed) -> Report:
    """The answer, once every text of it encodes as UTF-8 (else ReportError: keep nothing)."""
    for text in (content, *embed_texts(embed)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ReportError("the import's report cannot be shown (it holds text that is "
                              "not Unicode), so nothing was imported",
                              hint="remove the unusual characters from the file") from None
    return Report(content, embed)


def kept_message(what: str, names: list[str]) -> str:
    """``Imported 2 character(s): Lopen, Kaladin. The full report could not be shown.``"""
    listed = clip(", ".join(shown(name, DiscordLimits.CHOICE_VALUE) for name in names),
                  MAX_KEPT_NAMES)
    return f"Imported {what}: {listed}. The full report could not be shown."


async def send_kept(responder: Responder, answer: Report, kept: str) -> None:
    """Send an import's report after it was kept; if Discord refuses it, tell ``kept`` instead."""
    try:
        await responder.message(answer.content, embed=answer.embed, ephemeral=True)
    except AnswerTooLateError:
        raise
    except Exception:
        log.exception("an import was kept but its report could not be sent")
        await tell_privately(responder, kept)
