"""Discord's markdown as its client draws it, to HTML, for :mod:`tests.render_kit`.

Blocks at the start of a line: code fences, headings (``#``, ``##``, ``###``), subtext (``-#``),
quotes (``>``, ``>>>``) and lists (``-``, ``*``, ``1.``); inline: escapes, code, mentions
(``<@id>``, ``<@&id>``, ``<#id>``, ``</name:id>``), custom emoji, timestamps, masked and bare
links, bold, italic, underline, strikethrough, spoilers and Unicode emoji (each drawn in a box of
Discord's emoji size, so a line's height does not depend on the emoji font). Line breaks are kept
as they are (the client draws text ``white-space: pre-wrap``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

_BMP_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a\u231b\u2328\u23cf"
    "\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-\u2604\u260e"
    "\u2611\u2614\u2615\u2618\u261d\u2620\u2622\u2623\u2626\u262a\u262e\u262f\u2638-\u263a"
    "\u2640\u2642\u2648-\u2653\u265f\u2660\u2663\u2665\u2666\u2668\u267b\u267e\u267f"
    "\u2692-\u2697\u2699\u269b\u269c\u26a0\u26a1\u26a7\u26aa\u26ab\u26b0\u26b1\u26bd\u26be"
    "\u26c4\u26c5\u26c8\u26ce\u26cf\u26d1\u26d3\u26d4\u26e9\u26ea\u26f0-\u26f5\u26f7-\u26fa"
    "\u26fd\u2702\u2705\u2708-\u270d\u270f\u2712\u2714\u2716\u271d\u2721\u2728\u2733\u2734"
    "\u2744\u2747\u274c\u274e\u2753-\u2755\u2757\u2763\u2764\u2795-\u2797\u27a1\u27b0\u27bf"
    "\u2934\u2935\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
)
"""The characters below U+10000 that are emoji (Unicode's Emoji property; the client draws each
as an emoji, with or without U+FE0F). Above it, U+1F000-U+1FAFF are taken as emoji."""
_ONE_EMOJI = (f"(?:[{_BMP_EMOJI}\U0001f000-\U0001faff]\ufe0f?[\U0001f3fb-\U0001f3ff]?"
              r"|[0-9#*]\ufe0f?\u20e3)")
EMOJI = re.compile(f"[\U0001f1e6-\U0001f1ff]{{2}}|{_ONE_EMOJI}(?:\u200d{_ONE_EMOJI})*")
"""One emoji as the client draws one image: a flag, a keycap or a sequence joined by U+200D."""

_INLINE = re.compile(
    r"(?P<escape>\\(?P<escaped>[^\w\s]))"
    r"|(?P<code>(?P<ticks>`+)(?P<code_text>.*?[^`])(?P=ticks)(?!`))"
    r"|<(?P<animated>a?):(?P<emoji_name>\w+):(?P<emoji_id>\d+)>"
    r"|<@!?(?P<user>\d+)>|<@&(?P<role>\d+)>|<#(?P<channel>\d+)>"
    r"|</(?P<command>[\w -]+):\d+>"
    r"|<t:(?P<unix>-?\d+)(?::(?P<style>[tTdDfFR]))?>"
    r"|\[(?P<link_text>[^\]\n]+)\]\(<?(?P<link_url>https?://[^\s)>]+)>?\)"
    r"|(?P<url>https?://[^\s<]+[^\s<.,:;\"')\]])"
    r"|\*\*(?P<bold>.+?)\*\*(?!\*)"
    r"|__(?P<underline>.+?)__(?!_)"
    r"|\*(?P<italic>[^*\s](?:.*?[^*\s])?)\*(?!\*)"
    r"|\b_(?P<italic2>[^_]+?)_\b"
    r"|~~(?P<strike>.+?)~~"
    r"|\|\|(?P<spoiler>.+?)\|\|",
    re.DOTALL,
)
_HEADING = re.compile(r"^(#{1,3}) +(\S.*)$")
_SUBTEXT = re.compile(r"^-# +(\S.*)$")
_LIST_ITEM = re.compile(r"^( *)([-*]|\d{1,9}\.) +(\S.*)$")
_FENCE = "```"


@dataclass(frozen=True, slots=True)
class Names:
    """What mentions show: the names of users, roles and channels by id."""

    users: Mapping[str, str] = field(default_factory=dict)
    roles: Mapping[str, str] = field(default_factory=dict)
    channels: Mapping[str, str] = field(default_factory=dict)


def markdown(text: str, names: Names, *, headings: bool = True) -> str:
    """``text`` drawn as the client draws a message's markdown (``headings``: whether ``#``
    lines are headings, as in content and descriptions but not in embed field values)."""
    return _Blocks(names, headings).render(text.split("\n"))


def inline(text: str, names: Names) -> str:
    """``text`` with only the inline rules (an embed's title, a field's name, a label)."""
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(_plain(text[position:match.start()]))
        out.append(_inline_match(match, names))
        position = match.end()
    out.append(_plain(text[position:]))
    return "".join(out)


def is_only_emoji(text: str) -> bool:
    """Whether ``text`` is nothing but (at most 30) emoji and spaces: the client draws them
    large ("jumbo")."""
    stripped = re.sub(r"<a?:\w+:\d+>", "\U0001f600", text).strip()
    found = EMOJI.findall(stripped)
    return bool(found) and len(found) <= 30 and not EMOJI.sub("", stripped).strip()


def emoji_html(emoji: str) -> str:
    """A Unicode emoji in a box of the client's emoji size."""
    return f'<span class="emoji">{html.escape(emoji)}</span>'


def custom_emoji_html(name: str) -> str:
    """A server's emoji (its image is not at hand): a box with its name's first letter."""
    return (f'<span class="emoji custom" title=":{html.escape(name)}:">'
            f"{html.escape(name[:1].upper())}</span>")


def _plain(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in EMOJI.finditer(text):
        out.append(html.escape(text[position:match.start()], quote=False))
        out.append(emoji_html(match.group()))
        position = match.end()
    out.append(html.escape(text[position:], quote=False))
    return "".join(out)


def _wrapped(tag: str, css: str | None = None) -> Callable[[str], str]:
    attribute = f' class="{css}"' if css else ""
    return lambda inner: f"<{tag}{attribute}>{inner}</{tag}>"


_STYLES: dict[str, Callable[[str], str]] = {
    "bold": _wrapped("strong"), "underline": _wrapped("u"), "italic": _wrapped("em"),
    "italic2": _wrapped("em"), "strike": _wrapped("s"), "spoiler": _wrapped("span", "spoiler"),
}


def _inline_match(match: re.Match[str], names: Names) -> str:  # noqa: PLR0911 (one per rule)
    groups = match.groupdict()
    for style, wrap in _STYLES.items():
        if groups[style] is not None:
            return wrap(inline(groups[style], names))
    if groups["escape"] is not None:
        return html.escape(groups["escaped"])
    if groups["code"] is not None:
        return f'<code class="inline">{html.escape(groups["code_text"].strip())}</code>'
    if groups["emoji_name"] is not None:
        return custom_emoji_html(groups["emoji_name"])
    if groups["link_text"] is not None:
        return f'<span class="link">{inline(groups["link_text"], names)}</span>'
    if groups["url"] is not None:
        return f'<span class="link">{html.escape(groups["url"])}</span>'
    if groups["unix"] is not None:
        return f'<span class="timestamp">{_timestamp(int(groups["unix"]), groups["style"])}</span>'
    return f'<span class="mention">{html.escape(_mention(groups, names))}</span>'


def _mention(groups: dict[str, str | None], names: Names) -> str:
    if (user := groups["user"]) is not None:
        return f"@{names.users.get(user, 'unknown-user')}"
    if (role := groups["role"]) is not None:
        return f"@{names.roles.get(role, 'unknown-role')}"
    if (channel := groups["channel"]) is not None:
        return f"#{names.channels.get(channel, 'unknown')}"
    return f"/{groups['command']}"


def _timestamp(unix: int, style: str | None) -> str:
    moment = datetime.fromtimestamp(unix, UTC)
    formats = {"t": "%H:%M", "T": "%H:%M:%S", "d": "%d/%m/%Y", "D": "%d %B %Y",
               "F": "%A, %d %B %Y %H:%M"}
    if style == "R":
        return _relative((moment - datetime.now(UTC)).total_seconds())
    return moment.strftime(formats.get(style or "f", "%d %B %Y %H:%M"))


def _relative(seconds: float) -> str:
    """As the client says a time from now: "a few seconds ago", "in 5 minutes", "2 hours ago"."""
    span = abs(seconds)
    said = "a few seconds"
    for unit, length in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if span >= max(length * 0.75, 45):
            count = max(1, round(span / length))
            said = f"{count} {unit}{'s' * (count > 1)}"
            break
    return f"in {said}" if seconds > 0 else f"{said} ago"


@dataclass
class _Blocks:
    """Reads the lines of a text into the client's blocks."""

    names: Names
    headings: bool
    out: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def render(self, lines: list[str]) -> str:
        at = 0
        while at < len(lines):
            at = self._block(lines, at)
        self._flush()
        return "".join(self.out)

    def _block(self, lines: list[str], at: int) -> int:
        """Reads the block at line ``at``; the line after it."""
        line = lines[at]
        if line.lstrip().startswith(_FENCE):
            return self._fence(lines, at)
        if self.headings and (heading := _HEADING.match(line)):
            self._emit(f'<div class="h{len(heading[1])}">{inline(heading[2], self.names)}</div>')
            return at + 1
        if subtext := _SUBTEXT.match(line):
            self._emit(f'<div class="subtext">{inline(subtext[1], self.names)}</div>')
            return at + 1
        if line.startswith(">"):
            return self._quote(lines, at)
        if _LIST_ITEM.match(line):
            return self._list(lines, at)
        self.text.append(line)
        return at + 1

    def _quote(self, lines: list[str], at: int) -> int:
        """``>>> `` quotes the rest of the text; ``> `` lines quote themselves."""
        if lines[at].startswith(">>> "):
            end = len(lines)
            quoted = "\n".join([lines[at][4:], *lines[at + 1:]])
        else:
            end = at
            while end < len(lines) and lines[end].startswith(">"):
                end += 1
            quoted = "\n".join(re.sub(r"^> ?", "", line) for line in lines[at:end])
        self._emit(f'<div class="quote">{markdown(quoted, self.names)}</div>')
        return end

    def _fence(self, lines: list[str], at: int) -> int:
        first = lines[at].lstrip()[len(_FENCE):]
        if _FENCE in first:
            self._emit(_code_block(first[:first.index(_FENCE)]))
            return at + 1
        body: list[str] = [] if re.fullmatch(r"[\w+.-]*", first) else [first]
        end = at + 1
        while end < len(lines) and _FENCE not in lines[end]:
            body.append(lines[end])
            end += 1
        if end == len(lines):  # never closed: the client shows the backticks as text
            self.text.extend(lines[at:end])
            return end
        body.append(lines[end][:lines[end].index(_FENCE)])
        self._emit(_code_block("\n".join(body).strip("\n")))
        return end + 1

    def _list(self, lines: list[str], at: int) -> int:
        items: list[tuple[int, bool, str]] = []
        end = at
        while end < len(lines) and (item := _LIST_ITEM.match(lines[end])):
            items.append((len(item[1]) // 2, item[2][0].isdigit(), item[3]))
            end += 1
        self._emit(_list_html(items, self.names))
        return end

    def _emit(self, block: str) -> None:
        self._flush()
        self.out.append(block)

    def _flush(self) -> None:
        if self.text:
            self.out.append(inline("\n".join(self.text), self.names))
            self.text = []


def _code_block(code: str) -> str:
    return f'<pre class="code">{html.escape(code)}</pre>'


def _list_html(items: list[tuple[int, bool, str]], names: Names, depth: int = 0) -> str:
    tag = "ol" if items and items[0][1] else "ul"
    out = [f"<{tag}>"]
    at = 0
    while at < len(items):
        level, _, text = items[at]
        nested_end = at + 1
        while nested_end < len(items) and items[nested_end][0] > max(level, depth):
            nested_end += 1
        nested = items[at + 1:nested_end]
        inner = _list_html(nested, names, depth + 1) if nested else ""
        out.append(f"<li>{inline(text, names)}{inner}</li>")
        at = nested_end
    out.append(f"</{tag}>")
    return "".join(out)
