"""The message an interaction is answered with, as hikari's builder, built faster.

:class:`QuietMessage` is hikari's :class:`hikari.impl.InteractionMessageBuilder` (what either
transport and the tests read) made in one call, for a message that pings no one; its
:meth:`~QuietMessage.build` writes the JSON hikari's would, without hikari's JSON builder
(about a third of the cost of a roll's answer's build). Anything it does not set (files, a
poll, text to speech, mentions allowed) is built by hikari's own.
``tests/adapters/discord/runtime/test_message_builder.py`` holds the two equal.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

import hikari
from hikari.components import COMPONENT_V2_TYPES
from hikari.interactions.base_interactions import MESSAGE_RESPONSE_TYPES

from nazh.adapters.discord.runtime.embeds import embed_json

_new = object.__new__
_FIELDS = hikari.impl.InteractionMessageBuilder.__dict__
(_set_type, _set_content, _set_flags, _set_tts, _set_everyone, _set_roles, _set_users, _set_poll,
 _set_attachments, _set_embeds, _set_components) = (
    _FIELDS[name].__set__ for name in (
        "_type", "_content", "_flags", "_is_tts", "_mentions_everyone", "_role_mentions",
        "_user_mentions", "_poll", "_attachments", "_embeds", "_components"))


class QuietMessage(hikari.impl.InteractionMessageBuilder):
    """A message response that pings no one."""

    __slots__ = ()

    @classmethod
    def of(cls, response_type: hikari.ResponseType, *, flags: hikari.MessageFlag,
           content: hikari.UndefinedOr[str] = hikari.UNDEFINED,
           embed: hikari.UndefinedOr[hikari.Embed] = hikari.UNDEFINED,
           components: hikari.UndefinedNoneOr[Sequence[hikari.api.ComponentBuilder]]
           = hikari.UNDEFINED) -> QuietMessage:
        """The message (``components`` ``None``: the clicked message's are removed).

        Raises:
            ValueError: ``response_type`` is not a message's.
        """
        if response_type not in MESSAGE_RESPONSE_TYPES:
            raise ValueError(f"{response_type!r} is not a message response")
        # every field set as hikari's constructor sets it, through the fields' own slots:
        # hikari's builder checks and converts each field set after its constructor (four
        # calls of Python's a field), its constructor the response's type (half of its cost)
        message = _new(cls)
        _set_type(message, response_type)
        _set_content(message, content)
        _set_flags(message, flags)
        _set_tts(message, hikari.UNDEFINED)
        _set_everyone(message, False)
        _set_roles(message, False)
        _set_users(message, False)
        _set_poll(message, hikari.UNDEFINED)
        _set_attachments(message, hikari.UNDEFINED)
        _set_embeds(message, hikari.UNDEFINED if embed is hikari.UNDEFINED else [embed])
        _set_components(message, components if components is None
                        or components is hikari.UNDEFINED else list(components))
        return message

    def build(self, entity_factory: hikari.api.EntityFactory, /
              ) -> tuple[MutableMapping[str, Any], Sequence[hikari.files.Resource[Any]]]:
        """The response's JSON and files, as hikari's builder makes them."""
        if (self._attachments is not hikari.UNDEFINED or self._poll is not hikari.UNDEFINED
                or self._is_tts is not hikari.UNDEFINED or self._mentions_everyone is not False
                or self._user_mentions is not False or self._role_mentions is not False):
            return super().build(entity_factory)
        data: dict[str, Any] = {}
        files: list[hikari.files.Resource[Any]] = []
        if self._content is not hikari.UNDEFINED:
            data["content"] = self._content
        embeds = self._embeds
        if embeds:
            serialized = []
            for embed in embeds:
                payload: Mapping[str, Any] | None = embed_json(embed)
                if payload is None:
                    payload, attached = entity_factory.serialize_embed(embed)
                    files.extend(attached)
                serialized.append(payload)
            data["embeds"] = serialized
        elif embeds is None:
            data["embeds"] = None
        flags = self._flags
        components = self._components
        if components:
            built = []
            for component in components:
                built_one, added = component.build()
                built.append(built_one)
                if added:
                    files.extend(added)
                if component.type in COMPONENT_V2_TYPES:  # flagged on the builder, as hikari's
                    flags = (0 if flags is hikari.UNDEFINED else flags) \
                        | hikari.MessageFlag.IS_COMPONENTS_V2
                    _set_flags(self, flags)
            data["components"] = built
        elif components is None:
            data["components"] = None
        if flags is not hikari.UNDEFINED:
            data["flags"] = flags
        data["allowed_mentions"] = {"parse": []}
        return {"type": self._type, "data": data}, files
