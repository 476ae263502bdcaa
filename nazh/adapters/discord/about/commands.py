"""``/about``: what runs, how its dice are rolled, and how anyone can check it without trust."""

from __future__ import annotations

from typing import Self

import hikari
import lightbulb

from nazh.adapters.discord.runtime.dependencies import AboutInfo, Dependencies
from nazh.adapters.discord.runtime.embeds import BLURPLE
from nazh.adapters.discord.runtime.members import member_of
from nazh.adapters.discord.runtime.reach import EVERYWHERE
from nazh.adapters.discord.runtime.responder import Responder
from nazh.adapters.discord.runtime.wrapper import Answering, InteractionWrapper
from nazh.application.settings.server import GuildSettings
from nazh.presentation.i18n import _

loader = lightbulb.Loader()


class AboutFeature:
    """Answers ``/about`` (ephemeral: it is for the asker)."""

    def __init__(self, info: AboutInfo, settings: GuildSettings,
                 wrapper: InteractionWrapper) -> None:
        self._info = info
        self._settings = settings
        self._wrapper = wrapper

    @classmethod
    def build(cls, deps: Dependencies) -> Self:
        """The feature, from what /about tells and the servers' settings."""
        return cls(deps.info, deps.settings, deps.wrapper)

    async def about(self, interaction: hikari.CommandInteraction) -> None:
        """``/about``."""
        answering = Answering("about", "command", ephemeral=True)
        async with self._wrapper.answering(interaction, answering) as responder:
            await self._answer(responder, interaction)

    async def _answer(self, responder: Responder, interaction: hikari.CommandInteraction) -> None:
        guild_id = member_of(interaction).guild_id
        anchor = (await self._settings.of(guild_id)).anchor_channel_id
        await responder.message(embed=about_embed(self._info, guild_id is not None, anchor),
                                ephemeral=True)


def about_embed(info: AboutInfo, in_server: bool, anchor_channel_id: int | None) -> hikari.Embed:
    """The answer."""
    embed = hikari.Embed(
        title=f"🎲 Nazh {info.version}",
        description=_("Dice for tabletop role-playing games, the Cosmere RPG first. Every roll "
                      "is written to a hash-chained log before its result is shown: "
                      "`/verify` checks any roll, `/stats` compares the dice to their exact "
                      "odds."),
        color=BLURPLE)
    embed.add_field(_("Dice"), _("⚠️ seeded: this bot runs in test mode, its dice are "
                                 "predictable") if info.seeded else
                    _("the operating system's cryptographic random source, one unbiased draw "
                      "per die"))
    if info.public_key is None:
        embed.add_field(_("Signed checkpoints"), _(
            "off: this bot's operator set no signing key, so only the hash chain vouches for "
            "the log (`/verify` checks it)"))
    else:
        signed = (_("every {records} records or {minutes} minutes per channel, Nazh signs the "
                    "head of the channel's chain (Ed25519) and publishes it outside the "
                    "database and to the operator's checkpoint URL. Public key:") if info.url_mirror
                  else _("every {records} records or {minutes} minutes per channel, Nazh signs "
                         "the head of the channel's chain (Ed25519) and publishes it outside "
                         "the database. Public key:"))
        embed.add_field(_("Signed checkpoints"), signed.format(
            records=info.checkpoint_every, minutes=f"{info.checkpoint_minutes:g}")
            + f"\n`{info.public_key}`")
        embed.add_field(_("This server's anchor channel"), _anchor_text(in_server,
                                                                        anchor_channel_id))
        embed.add_field(_("Check it yourself"), _(
            "`/verify roll-id` checks a roll against its chain and the checkpoints. Without "
            "trusting the operator: ask for the channel's export (`nazh log export`), copy "
            "the checkpoints from the anchor channel into a file, and run "
            "`nazh log verify --offline EXPORT --anchors FILE --public-key KEY` with the "
            "key above"))
    embed.set_footer(_("Nazh {version} · commit {commit}").format(version=info.version,
                                                                  commit=info.commit[:12]))
    return embed


def _anchor_text(in_server: bool, channel_id: int | None) -> str:
    if not in_server:
        return _("checkpoints are posted in a server's anchor channel; here there is none")
    if channel_id is None:
        return _("unset: a server admin can choose one with `/settings set anchor-channel`, "
                 "and the checkpoints of this server's rolls are posted there")
    return _("{channel}: the checkpoints of this server's rolls are posted there").format(
        channel=f"<#{channel_id}>")


@loader.command
class About(lightbulb.SlashCommand, name="about",
            description="What Nazh is, how its dice are rolled, and how to check them yourself",
            **EVERYWHERE, localize=True):
    """``/about``."""

    @lightbulb.invoke
    async def invoke(self, ctx: lightbulb.Context, feature: AboutFeature) -> None:
        """Tell."""
        await feature.about(ctx.interaction)
