"""Discord's rules on a message that its OpenAPI spec cannot say: those of Components V2
messages (cards), and who a message pings.

A message flagged ``IS_COMPONENTS_V2`` (1 << 15) has no content and no embeds; V2 components
(containers, sections, text displays, separators, ...) need the flag; a message holds at most
40 components, counting nested ones (and a section's accessory); its text displays hold at most
4,000 characters together; and the flag, once set, cannot be removed by an edit. The rules
apply to the message as it would be after the request (an edit keeps what it does not name).

Who a message pings follows its ``allowed_mentions``: with none, every mention in its content
pings; with some, only the kinds in ``parse`` and the ``users`` and ``roles`` it lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from nazh.application.shared.json_types import JsonMapping, JsonObject, JsonValue

from .payloads import make_user

IS_COMPONENTS_V2 = 1 << 15
MAX_COMPONENTS = 40
MAX_TEXT_DISPLAY_CHARS = 4000
SECTION, TEXT_DISPLAY, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER = (
    9, 10, 11, 12, 13, 14, 17)
V2_TYPES = frozenset({SECTION, TEXT_DISPLAY, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR,
                      CONTAINER})
_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")
_MASS_MENTION = re.compile(r"@(everyone|here)")


class RefusedError(Exception):
    """Discord would refuse the request: the rules it breaks."""

    def __init__(self, violations: Sequence[str]) -> None:
        super().__init__("; ".join(violations))
        self.violations = list(violations)


def walk(components: Sequence[JsonValue]) -> Iterator[JsonObject]:
    """Every component, depth first: children and a section's accessory included."""
    for component in components:
        if not isinstance(component, dict):
            continue
        yield component
        yield from walk(component.get("components") or [])
        accessory = component.get("accessory")
        if isinstance(accessory, dict):
            yield accessory


def check(body: JsonMapping, before: JsonMapping | None = None) -> None:
    """Refuse a message made by ``body`` (``before`` None) or an edit of ``before`` by it.

    Raises:
        RefusedError: The message it would leave breaks a rule.
    """
    violations = broken_rules(body, before)
    if violations:
        raise RefusedError(violations)


def broken_rules(body: JsonMapping, before: JsonMapping | None = None) -> list[str]:
    """The rules the message made (or edited) by ``body`` would break."""
    flags = _after(body, before, "flags", 0)
    components = _after(body, before, "components", [])
    violations: list[str] = []
    if before is not None and before.get("flags", 0) & IS_COMPONENTS_V2 and not (
            flags & IS_COMPONENTS_V2):
        violations.append("flags: IS_COMPONENTS_V2 cannot be removed from a message")
    if flags & IS_COMPONENTS_V2:
        violations += [f"{key}: not allowed with IS_COMPONENTS_V2" for key in ("content", "embeds")
                       if _after(body, before, key, None)]
    found = list(walk(components))
    v2 = sorted({int(c["type"]) for c in found if c.get("type") in V2_TYPES})
    if v2 and not flags & IS_COMPONENTS_V2:
        violations.append(f"components: types {v2} need the IS_COMPONENTS_V2 flag")
    if len(found) > MAX_COMPONENTS:
        violations.append(f"components: {len(found)} in all, more than {MAX_COMPONENTS}")
    text = sum(len(str(c.get("content", ""))) for c in found if c.get("type") == TEXT_DISPLAY)
    if text > MAX_TEXT_DISPLAY_CHARS:
        violations.append(
            f"components: text displays hold {text} characters, more than "
            f"{MAX_TEXT_DISPLAY_CHARS}")
    return violations


def _after(body: JsonMapping, before: JsonMapping | None, key: str,
           empty: JsonValue) -> JsonValue:
    """The field as the message would hold it: what the body sets (null clears), else what it
    held."""
    if key in body:
        value = body[key]
        return empty if value is None else value
    return empty if before is None else before.get(key, empty)


def pings(content: str, allowed: JsonValue) -> JsonObject:
    """The message fields saying who ``content`` pings under ``allowed`` (its
    ``allowed_mentions``): ``mentions`` (users), ``mention_roles``, ``mention_everyone``."""
    users = list(dict.fromkeys(_USER_MENTION.findall(content)))
    roles = list(dict.fromkeys(_ROLE_MENTION.findall(content)))
    everyone = bool(_MASS_MENTION.search(content))
    if isinstance(allowed, dict):
        parse = allowed.get("parse") or []
        if "users" not in parse:
            users = [user for user in users if user in map(str, allowed.get("users") or [])]
        if "roles" not in parse:
            roles = [role for role in roles if role in map(str, allowed.get("roles") or [])]
        everyone = everyone and "everyone" in parse
    return {"mentions": [make_user(user, f"user{user}") for user in users],
            "mention_roles": roles, "mention_everyone": everyone}
