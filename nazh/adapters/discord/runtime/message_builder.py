"""The message an interaction is answered with, as hikari's builder, built faster.

:class:`QuietMessage` is hikari's :class:`hikari.impl.InteractionMessageBuilder` (what either
transport and the tests read) made in one call, for a message that pings no one; its
:meth:`~QuietMessage.build` writes the JSON hikari's would, without hikari's JSON builder
(about a third of the cost of a roll's answer's build). Anything it does not set (files, a
poll, text to speech, mentions allowed) is built by hikari's own.
``tests/adapters/discord/runtime/test_message_builder.py`` holds the two equal.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

import hikari
from hikari.components import COMPONENT_V2_TYPES


class QuietMessage(hikari.impl.InteractionMessageBuilder):
    """A message response that pings no one."""

    __slots__ = ()

    @classmethod
    def of(cls, response_type: hikari.ResponseType, *, flags: hikari.MessageFlag,
           content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
           embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
           components: hikari.UndefinedNoneOr[Sequence[hikari.api.ComponentBuilder]]
           = hikari.UNDEFINED) -> QuietMessage:
        """The message (``components`` ``None``: the clicked message's are removed)."""
        return cls(
            response_type, content, flags=flags, mentions_everyone=False, user_mentions=False,
            role_mentions=False,
            embeds=hikari.UNDEFINED if embed is hikari.UNDEFINED else [embed],
            components=components if components is None or components is hikari.UNDEFINED
            else list(components))

    def build(self, entity_factory: hikari.api.EntityFactory, /
              ) -> tuple[MutableMapping[str, Any], Sequence[hikari.files.Resource[Any]]]:
        """The response's JSON and files, as hikari's builder makes them."""
        if (self.attachments is not hikari.UNDEFINED or self.poll is not hikari.UNDEFINED
                or self.is_tts is not hikari.UNDEFINED or self.mentions_everyone is not False
                or self.user_mentions is not False or self.role_mentions is not False):
            return super().build(entity_factory)
        data: dict[str, Any] = {}
        files: list[hikari.files.Resource[Any]] = []
        if self.content is not hikari.UNDEFINED:
            data["content"] = self.content
        embeds = self.embeds
        if embeds:
            serialized = []
            for embed in embeds:
                payload, attached = entity_factory.serialize_embed(embed)
                serialized.append(payload)
                files.extend(attached)
            data["embeds"] = serialized
        elif embeds is None:
            data["embeds"] = None
        flags = self.flags
        components = self.components
        if components:
            built = []
            for component in components:
                built_one, added = component.build()
                built.append(built_one)
                files.extend(added)
                if component.type in COMPONENT_V2_TYPES:  # flagged on the builder, as hikari's
                    flags = (0 if flags is hikari.UNDEFINED else flags) \
                        | hikari.MessageFlag.IS_COMPONENTS_V2
                    self.set_flags(flags)
            data["components"] = built
        elif components is None:
            data["components"] = None
        if flags is not hikari.UNDEFINED:
            data["flags"] = flags
        data["allowed_mentions"] = {"parse": []}
        return {"type": self.type, "data": data}, files
