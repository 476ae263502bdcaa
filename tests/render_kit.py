"""Nazh's messages drawn as Discord's client draws them, and measured: the instrument of "table
ready" (each message judged at a phone's 390 px and a desktop's 800 px).

:func:`render_html` turns message JSON (as Discord stores it, or an interaction callback's body)
into a page in Discord's dark theme: the author line (Nazh and its APP tag, below the "used
/command" line of an interaction's answer), the content's markdown (:mod:`tests.render_markdown`),
embeds, legacy components and Components V2, attachments, and the "Only you can see this" line
of an ephemeral message. Under :data:`MOBILE_BELOW` px it is laid out as the phone apps lay it
out (16 px gutters, text from 68 px, inline embed fields stacked). The metrics are the client's
where known: 16 px text on 22 px lines, embeds with a 4 px bar, padded 8/16/16/12 px and at most
516 px wide, 14/18 px descriptions and fields, 32 px buttons 8 px apart, 40 px selects,
containers padded 16 px, Components V2 at most 520 px wide. The font is "gg sans" where
installed, else Noto Sans, the client's own fallback (``scripts/test`` installs it and Noto Color
Emoji); an emoji is a box of the client's emoji size, whatever the font.

:func:`heights` measures each message (its whole height on screen, from the "used" line to the
ephemeral line) in one run of Debian's headless Chromium; :func:`screenshot` writes a PNG of the
whole page. Chromium missing is an error (a test needing it fails, never skips).
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from nazh.application.shared.json_types import JsonMapping
from tests.render_markdown import (
    Names,
    custom_emoji_html,
    emoji_html,
    inline,
    is_only_emoji,
    markdown,
)

PHONE = 390
DESKTOP = 800
MOBILE_BELOW = 500
"""Pages narrower than this are laid out as on a phone."""
EPHEMERAL = 1 << 6
IS_COMPONENTS_V2 = 1 << 15
BOT_NAME = "Nazh"
CHROMIUM_TIMEOUT = 60.0
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1",
)

ACTION_ROW, BUTTON, STRING_SELECT, TEXT_INPUT = 1, 2, 3, 4
SECTION, TEXT_DISPLAY, THUMBNAIL, MEDIA_GALLERY, FILE, SEPARATOR, CONTAINER = (
    9, 10, 11, 12, 13, 14, 17)
SELECTS = {3: "Make a selection", 5: "Select a user", 6: "Select a role",
           7: "Select a user or role", 8: "Select a channel"}
BUTTON_STYLES = {1: "primary", 2: "secondary", 3: "success", 4: "danger", 5: "link",
                 6: "primary"}
LARGE_SPACING = 2
IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
               "webp": "image/webp"}

CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; background: #313338; }
body { font-family: "gg sans", "Noto Sans", "Helvetica Neue", Helvetica, Arial, sans-serif;
  font-size: 16px; color: #dbdee1; padding: 8px 0 16px; -webkit-font-smoothing: antialiased; }
.emoji { display: inline-block; width: 1.375em; height: 1.375em; line-height: 1.375em;
  vertical-align: bottom; text-align: center; margin: 0 .05em 0 .1em; overflow: hidden;
  font-family: "Noto Color Emoji", sans-serif; font-weight: 400; font-style: normal; }
.emoji.custom { background: #5865f2; border-radius: 4px; color: #fff; font-size: .75em;
  width: 1.833em; height: 1.833em; line-height: 1.833em; font-family: inherit; }
.jumbo .emoji { width: 3rem; height: 3rem; line-height: 3rem; font-size: 2.6rem; }
article.message { position: relative; margin-top: 17px; padding: 2px 48px 2px 72px;
  min-height: 44px; word-wrap: break-word; }
.mobile article.message { padding: 2px 16px 2px 68px; }
article.ephemeral { background: rgba(88, 101, 242, .05); }
article.ephemeral::before { content: ""; position: absolute; left: 0; top: 0; bottom: 0;
  width: 2px; background: #5865f2; }
.used { display: flex; align-items: center; gap: 4px; height: 18px; margin-bottom: 4px;
  font-size: 14px; line-height: 18px; color: #b5bac1; white-space: nowrap; position: relative; }
.used::before { content: ""; position: absolute; left: -38px; top: 9px; width: 30px; height: 12px;
  border-left: 2px solid #4e5058; border-top: 2px solid #4e5058; border-top-left-radius: 6px; }
.mobile .used::before { left: -40px; width: 32px; }
.used .mini { width: 16px; height: 16px; border-radius: 50%; background: #80848e; flex: none; }
.used .who { color: #c9cdfb; font-weight: 500; }
.used .cmd { color: #00a8fc; }
.avatar { position: absolute; left: 16px; top: 2px; width: 40px; height: 40px; border-radius: 50%;
  background: #5865f2; color: #fff; font-weight: 700; font-size: 18px; line-height: 40px;
  text-align: center; }
.mobile .avatar { left: 14px; }
.has-used .avatar { top: 24px; }
.header { margin: 0; font-size: 16px; line-height: 22px; font-weight: 400; white-space: nowrap;
  overflow: hidden; }
.header .name { color: #f2f3f5; font-weight: 500; }
.tag { display: inline-block; margin-left: 4px; padding: 0 4.4px; height: 15px; line-height: 15px;
  border-radius: 4px; background: #5865f2; color: #fff; font-size: 10px; font-weight: 600;
  vertical-align: 2px; }
.header time { margin-left: 4px; font-size: 12px; color: #949ba4; }
.markup { white-space: pre-wrap; line-height: 22px; }
.markup .h1, .markup .h2, .markup .h3 { color: #f2f3f5; font-weight: 700; line-height: 1.375em;
  margin: 16px 0 8px; white-space: pre-wrap; }
.markup .h1 { font-size: 1.5em; } .markup .h2 { font-size: 1.25em; } .markup .h3 { font-size: 1em; }
.markup .h1:first-child, .markup .h2:first-child { margin-top: 8px; }
.markup .h3:first-child { margin-top: 4px; }
.markup .subtext { font-size: .8125em; line-height: 1.11rem; color: #949ba4; }
.markup strong { font-weight: 700; }
.markup .quote { display: flex; border-left: 4px solid #4e5058; border-radius: 4px;
  padding: 0 8px 0 12px; display: block; }
.markup ul, .markup ol { margin: 4px 0 0 16px; padding: 0; white-space: normal; }
.markup ol { margin-left: 24px; }
.markup li { margin-bottom: 4px; white-space: pre-wrap; }
.markup pre.code { margin: 6px 0 0; max-width: 90%; padding: .5em; border: 1px solid #1e1f22;
  border-radius: 4px; background: #2b2d31; color: #dbdee1; white-space: pre-wrap;
  font-family: "gg mono", "Source Code Pro", "DejaVu Sans Mono", Consolas, monospace;
  font-size: .875em; line-height: 1.125em; }
code.inline { font-family: "gg mono", "Source Code Pro", "DejaVu Sans Mono", Consolas, monospace;
  font-size: 85%; padding: 0 .2em; border-radius: 4px; background: #2b2d31;
  border: 1px solid #1e1f22; line-height: inherit; white-space: pre-wrap; }
.mention { background: rgba(88, 101, 242, .3); color: #c9cdfb; border-radius: 3px; padding: 0 2px;
  font-weight: 500; }
.timestamp { background: rgba(255, 255, 255, .06); border-radius: 3px; padding: 0 2px; }
.link { color: #00a8fc; }
.spoiler { background: #1e1f22; color: transparent; border-radius: 3px; }
.accessories { display: grid; gap: 4px; padding: 2px 0; justify-items: start; }
.accessories > * { max-width: 100%; }
.embed { display: flex; max-width: 520px; border-radius: 4px; background: #2b2d31;
  border-left: 4px solid #1e1f22; }
.mobile .embed { width: 100%; }
.embed-grid { display: grid; grid-template-columns: auto; padding: 8px 16px 16px 12px;
  min-width: 0; }
.embed-grid.with-thumbnail { grid-template-columns: minmax(0, 1fr) auto; }
.embed-grid > * { grid-column: 1 / 2; min-width: 0; }
.embed-author { margin-top: 8px; display: flex; align-items: center; font-size: 14px;
  line-height: 22px; font-weight: 600; color: #f2f3f5; }
.embed-author .icon, .embed-footer .icon { width: 24px; height: 24px; border-radius: 50%;
  margin-right: 8px; background: #80848e; flex: none; }
.embed-footer .icon { width: 20px; height: 20px; }
.embed-title { margin-top: 8px; font-size: 16px; line-height: 22px; font-weight: 600;
  color: #f2f3f5; white-space: pre-wrap; }
.embed-description { margin-top: 8px; font-size: 14px; line-height: 18px; }
.embed .markup { line-height: 18px; }
.embed-description .emoji, .embed-fields .emoji, .embed-footer .emoji { width: 18px;
  height: 18px; line-height: 18px; font-size: 14px; }
.embed .markup pre.code { background: #1e1f22; border: none; max-width: 100%; }
.embed code.inline { background: #1e1f22; border: none; }
.embed-fields { margin-top: 8px; display: grid; grid-template-columns: repeat(12, minmax(0, 1fr));
  gap: 8px; font-size: 14px; line-height: 18px; }
.embed-field-name { font-weight: 600; color: #f2f3f5; margin-bottom: 2px; white-space: pre-wrap; }
.embed-image { margin-top: 16px; }
.embed-image img, .embed-image .placeholder { display: block; max-width: min(100%, 400px);
  max-height: 300px; border-radius: 4px; }
.embed-thumbnail { grid-column: 2 / 3; grid-row: 1 / 8; margin: 8px 0 0 16px; }
.embed-thumbnail img, .embed-thumbnail .placeholder { max-width: 80px; max-height: 80px;
  border-radius: 4px; display: block; }
.embed-footer { margin-top: 8px; display: flex; align-items: center; font-size: 12px;
  line-height: 16px; font-weight: 500; color: #dbdee1; white-space: pre-wrap; }
.placeholder { background: #1e1f22; color: #949ba4; font-size: 12px; display: flex;
  align-items: center; justify-content: center; }
.components { display: grid; gap: 8px; padding: 4px 0; width: 100%; }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.button { display: inline-flex; align-items: center; justify-content: center; gap: 4px;
  height: 32px; min-width: 60px; padding: 2px 16px; border-radius: 8px; font-size: 14px;
  font-weight: 500; line-height: 16px; color: #fff; white-space: nowrap; max-width: 100%; }
.button .label { overflow: hidden; text-overflow: ellipsis; }
.button .emoji { margin: 0; width: 1.375em; height: 1.375em; line-height: 1.375em; }
.button.primary { background: #5865f2; } .button.secondary { background: #4e5058; }
.button.success { background: #248046; } .button.danger { background: #da373c; }
.button.link { background: #4e5058; }
.button.disabled { opacity: .5; }
.select { display: flex; align-items: center; justify-content: space-between; width: 100%;
  max-width: 400px; min-height: 40px; padding: 8px 8px 8px 12px; border-radius: 8px;
  background: #1e1f22; border: 1px solid #1e1f22; font-size: 16px; line-height: 20px;
  font-weight: 500; color: #949ba4; }
.select > span:first-child { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.select .chosen { color: #dbdee1; }
.select .chevron { color: #b5bac1; font-size: 12px; margin-left: 8px; }
.select.disabled { opacity: .5; }
.v2 { display: grid; gap: 8px; padding: 2px 0; width: 100%; max-width: 520px; }
.v2 .markup { line-height: 22px; }
.container { display: grid; gap: 8px; padding: 16px; border-radius: 8px; background: #2b2d31;
  border: 1px solid #3f4147; min-width: 0; }
.container.accent { border-left-width: 4px; }
.section { display: flex; gap: 12px; justify-content: space-between; align-items: flex-start; }
.section .texts { display: grid; gap: 4px; min-width: 0; flex: 1; }
.section .texts.centered { align-self: center; }
.section .accessory { flex: none; max-width: calc(50% - 12px); display: flex; }
.thumbnail img, .thumbnail .placeholder { width: 85px; height: 85px; border-radius: 8px;
  object-fit: cover; display: flex; }
.separator { height: 1px; width: 100%; }
.separator.divider { background: #3f4147; }
.separator.large { margin: 8px 0; }
.gallery { display: grid; gap: 4px; grid-template-columns: repeat(auto-fit, minmax(96px, 1fr));
  border-radius: 8px; overflow: hidden; max-width: 100%; }
.gallery img, .gallery .placeholder { width: 100%; max-height: 350px; object-fit: cover;
  display: block; min-height: 96px; }
.gallery.single img, .gallery.single .placeholder { width: auto; max-width: 100%; }
.file { display: flex; align-items: center; gap: 8px; width: 100%; max-width: 432px;
  padding: 16px; border-radius: 8px; background: #2b2d31; border: 1px solid #1e1f22;
  font-size: 16px; line-height: 20px; }
.file .glyph { width: 30px; height: 40px; border-radius: 3px; background: #80848e; flex: none; }
.file .meta { display: grid; min-width: 0; }
.file .name { color: #00a8fc; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.file .size { color: #949ba4; font-size: 12px; line-height: 16px; }
.attached img { display: block; max-width: min(100%, 550px); max-height: 350px;
  border-radius: 8px; }
.mobile .attached img { max-width: 100%; }
.ephemeral-note { margin-top: 4px; font-size: 12px; line-height: 16px; color: #949ba4; }
.ephemeral-note .dismiss { color: #00a8fc; }
"""

MEASURE_SCRIPT = """
<script>
window.addEventListener("load", () => document.fonts.ready.then(() => {
  const boxes = [...document.querySelectorAll("article.message")]
    .map(message => message.getBoundingClientRect());
  const heights = boxes.map(box => Math.ceil(box.height));
  const tops = boxes.map(box => Math.floor(box.top + window.scrollY));
  const page = Math.ceil(document.documentElement.getBoundingClientRect().height);
  document.getElementById("heights").textContent = JSON.stringify({heights, tops, page});
}));
</script>
"""
HEIGHTS = re.compile(r'<pre id="heights"[^>]*>(?P<json>[^<]*)</pre>')


@dataclass(frozen=True, slots=True)
class Context:
    """What a page draws messages with: the names mentions show, the images its attachments
    and ``attachment://`` links stand for (a ``data:`` URL by file name), and the page's
    width."""

    names: Names = field(default_factory=Names)
    images: Mapping[str, str] = field(default_factory=dict)
    mobile: bool = True


# -- the page ------------------------------------------------------------------------------------


def render_html(messages: Sequence[JsonMapping], width: int = PHONE, *,
                names: Names | None = None, images: Mapping[str, str] | None = None,
                title: str = "Nazh's messages") -> str:
    """A page drawing ``messages`` (stored messages or callback bodies) ``width`` px wide; a
    message with ``interaction_metadata`` naming a command (as Discord stores an answer to one)
    has its "used /command" line."""
    context = Context(names or Names(), images or {}, width < MOBILE_BELOW)
    body = "\n".join(message_html(message, context, index)
                     for index, message in enumerate(messages))
    layout = "mobile" if context.mobile else "desktop"
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}'
            f'</title><meta name="viewport" content="width={width}">'
            f"<style>{CSS}body {{ width: {width}px; }}</style></head>"
            f'<body class="{layout}">{body}<pre id="heights" hidden></pre>{MEASURE_SCRIPT}'
            "</body></html>")


def message_of(body: JsonMapping) -> JsonMapping:
    """The message of an interaction callback's body (its ``data``), or ``body`` itself."""
    data = body.get("data")
    return data if isinstance(data, dict) and "type" in body else body


def message_html(body: JsonMapping, context: Context, index: int = 0) -> str:
    """One message as the client draws it, its author line included."""
    message = message_of(body)
    flags = int(message.get("flags") or 0)
    used = _used_line(message, context)
    css = ["message"] + ["ephemeral"] * bool(flags & EPHEMERAL) + ["has-used"] * bool(used)
    content = str(message.get("content") or "")
    parts = [used, '<div class="avatar">N</div>',
             f'<h3 class="header"><span class="name">{BOT_NAME}</span><span class="tag">APP'
             '</span><time>Today at 20:14</time></h3>']
    if content:
        jumbo = " jumbo" if is_only_emoji(content) else ""
        parts.append(f'<div class="markup content{jumbo}">{markdown(content, context.names)}'
                     "</div>")
    parts.append(_accessories(message, flags, context))
    if flags & EPHEMERAL:
        parts.append('<div class="ephemeral-note">👁 Only you can see this • '
                     '<span class="dismiss">Dismiss message</span></div>')
    return (f'<article class="{" ".join(css)}" data-index="{index}">{"".join(parts)}'
            "</article>")


def _used_line(message: JsonMapping, context: Context) -> str:
    """``roller used /roll`` above an answer to a slash command."""
    metadata = message.get("interaction_metadata") or message.get("interaction") or {}
    name = metadata.get("name")
    if not name:
        return ""
    user = metadata.get("user") or {}
    who = context.names.users.get(str(user.get("id")), user.get("global_name")
                                  or user.get("username") or "someone")
    return (f'<div class="used"><span class="mini"></span><span class="who">{html.escape(who)}'
            f'</span> used <span class="cmd">/{html.escape(str(name))}</span></div>')


def _accessories(message: JsonMapping, flags: int, context: Context) -> str:
    parts = [embed_html(embed, context) for embed in message.get("embeds") or []]
    parts += [_attachment(attachment, context) for attachment in message.get("attachments") or []
              if not _linked_in_embed(message, attachment)]
    components = message.get("components") or []
    if components and flags & IS_COMPONENTS_V2:
        parts.append(f'<div class="v2">{_children(components, context)}</div>')
    elif components:
        parts.append(f'<div class="components">{_children(components, context)}</div>')
    return f'<div class="accessories">{"".join(parts)}</div>' if parts else ""


def _linked_in_embed(message: JsonMapping, attachment: JsonMapping) -> bool:
    """Whether an embed shows the attachment (``attachment://name``): the client then does not
    show it again below."""
    wanted = f"attachment://{attachment.get('filename')}"
    return any(wanted in json.dumps(embed) for embed in message.get("embeds") or [])


# -- embeds --------------------------------------------------------------------------------------


def embed_html(embed: JsonMapping, context: Context) -> str:
    """A rich embed: the color bar, author, title, description, fields, image, thumbnail and
    footer, each 8 px below the one before."""
    names = context.names
    parts: list[str] = []
    if author := embed.get("author"):
        icon = '<span class="icon"></span>' if author.get("icon_url") else ""
        parts.append(f'<div class="embed-author">{icon}{inline(str(author["name"]), names)}'
                     "</div>")
    if title := embed.get("title"):
        parts.append(f'<div class="embed-title">{inline(str(title), names)}</div>')
    if description := embed.get("description"):
        parts.append('<div class="embed-description markup">'
                     f"{markdown(str(description), names)}</div>")
    if fields := embed.get("fields"):
        parts.append(_fields(fields, context))
    if image := embed.get("image"):
        parts.append(f'<div class="embed-image">{_image(image, context, 400, 225)}</div>')
    if thumbnail := embed.get("thumbnail"):
        parts.append(f'<div class="embed-thumbnail">{_image(thumbnail, context, 80, 80)}</div>')
    if (footer := embed.get("footer")) or embed.get("timestamp"):
        parts.append(_footer(footer or {}, embed.get("timestamp"), names))
    color = embed.get("color")
    bar = f' style="border-left-color: #{int(color):06x}"' if color is not None else ""
    grid = "embed-grid with-thumbnail" if thumbnail else "embed-grid"
    return f'<div class="embed"{bar}><div class="{grid}">{"".join(parts)}</div></div>'


def _fields(fields: Sequence[JsonMapping], context: Context) -> str:
    """The fields in the client's 12-column grid: up to three inline fields share a line on a
    desktop (4 columns each, or 6 for two); on a phone each field has its own line."""
    lines: list[list[JsonMapping]] = []
    for one in fields:
        last = lines[-1] if lines else None
        if (not context.mobile and last and one.get("inline") and last[-1].get("inline")
                and len(last) < 3):
            last.append(one)
        else:
            lines.append([one])
    cells: list[str] = []
    for line in lines:
        span = 12 // len(line)
        for column, one in enumerate(line):
            start = 1 + column * span
            cells.append(
                f'<div class="embed-field" style="grid-column: {start} / {start + span}">'
                f'<div class="embed-field-name">{inline(str(one.get("name", "")), context.names)}'
                '</div><div class="embed-field-value markup">'
                f'{markdown(str(one.get("value", "")), context.names, headings=False)}</div>'
                "</div>")
    return f'<div class="embed-fields">{"".join(cells)}</div>'


def _footer(footer: JsonMapping, timestamp: object, names: Names) -> str:
    icon = '<span class="icon"></span>' if footer.get("icon_url") else ""
    text = inline(str(footer.get("text", "")), names)
    when = " • Today at 20:14" if timestamp else ""
    return f'<div class="embed-footer">{icon}<span>{text}{when}</span></div>'


def _image(media: JsonMapping, context: Context, width: int, height: int) -> str:
    """The image of an embed or a component (its ``url``), or a placeholder the size the
    client would give an image it could not load."""
    url = str(media.get("url") or "")
    source = context.images.get(url.removeprefix("attachment://"))
    if source is not None:
        return f'<img src="{html.escape(source)}" alt="">'
    return (f'<div class="placeholder" style="width: {width}px; height: {height}px">image'
            "</div>")


def _attachment(attachment: JsonMapping, context: Context) -> str:
    """A file attached to the message: its image, or the client's file box."""
    filename = str(attachment.get("filename") or "file")
    if (source := context.images.get(filename)) is not None:
        return f'<div class="attached"><img src="{html.escape(source)}" alt=""></div>'
    size = int(attachment.get("size") or 0)
    return (f'<div class="file"><span class="glyph"></span><span class="meta"><span class="name">'
            f'{html.escape(filename)}</span><span class="size">{size / 1024:.2f} KB</span>'
            "</span></div>")


# -- components ----------------------------------------------------------------------------------


def _children(components: Sequence[JsonMapping], context: Context) -> str:
    return "".join(component_html(component, context) for component in components)


def component_html(component: JsonMapping, context: Context) -> str:  # noqa: PLR0911 (per type)
    """One component, legacy or V2, as the client draws it."""
    kind = component.get("type")
    if kind == ACTION_ROW:
        return f'<div class="row">{_children(component.get("components") or [], context)}</div>'
    if kind == BUTTON:
        return _button(component)
    if kind in SELECTS:
        return _select(component)
    if kind == TEXT_DISPLAY:
        text = markdown(str(component["content"]), context.names)
        return f'<div class="markup text">{text}</div>'
    if kind == SECTION:
        return _section(component, context)
    if kind == THUMBNAIL:
        return f'<div class="thumbnail">{_image(component["media"], context, 85, 85)}</div>'
    if kind == SEPARATOR:
        divider = " divider" if component.get("divider", True) else ""
        large = " large" if component.get("spacing", 1) == LARGE_SPACING else ""
        return f'<div class="separator{divider}{large}"></div>'
    if kind == MEDIA_GALLERY:
        return _gallery(component, context)
    if kind == FILE:
        name = str(component.get("file", {}).get("url", "")).removeprefix("attachment://")
        return _attachment({"filename": name}, context)
    if kind == CONTAINER:
        return _container(component, context)
    return f'<div class="unknown">component {html.escape(str(kind))}</div>'


def _button(button: JsonMapping) -> str:
    style = BUTTON_STYLES.get(int(button.get("style") or 2), "secondary")
    css = f"button {style}" + (" disabled" if button.get("disabled") else "")
    parts = [_component_emoji(button.get("emoji"))]
    if label := button.get("label"):
        parts.append(f'<span class="label">{html.escape(str(label))}</span>')
    if style == "link":
        parts.append("<span>↗</span>")
    return f'<span class="{css}">{"".join(parts)}</span>'


def _component_emoji(emoji: JsonMapping | None) -> str:
    if not emoji:
        return ""
    if emoji.get("id"):
        return custom_emoji_html(str(emoji.get("name") or "?"))
    return emoji_html(str(emoji.get("name") or ""))


def _select(select: JsonMapping) -> str:
    chosen = [option for option in select.get("options") or [] if option.get("default")]
    if chosen:
        shown = ", ".join(str(option["label"]) for option in chosen)
        text = f'<span class="chosen">{html.escape(shown)}</span>'
    else:
        placeholder = select.get("placeholder") or SELECTS[int(select["type"])]
        text = f"<span>{html.escape(str(placeholder))}</span>"
    css = "select disabled" if select.get("disabled") else "select"
    return f'<div class="{css}">{text}<span class="chevron">▼</span></div>'


def _section(section: JsonMapping, context: Context) -> str:
    accessory = section.get("accessory") or {}
    texts = section.get("components") or []
    centered = " centered" if len(texts) == 1 and accessory.get("type") != THUMBNAIL else ""
    return (f'<div class="section"><div class="texts{centered}">{_children(texts, context)}</div>'
            f'<div class="accessory">{component_html(accessory, context)}</div></div>')


def _gallery(gallery: JsonMapping, context: Context) -> str:
    items = gallery.get("items") or []
    css = "gallery single" if len(items) == 1 else "gallery"
    pictures = "".join(_image(item["media"], context, 300, 200) for item in items)
    return f'<div class="{css}">{pictures}</div>'


def _container(container: JsonMapping, context: Context) -> str:
    color = container.get("accent_color")
    style, css = "", "container"
    if color is not None:
        style, css = f' style="border-left-color: #{int(color):06x}"', "container accent"
    inside = _children(container.get("components") or [], context)
    return f'<div class="{css}"{style}>{inside}</div>'


# -- Chromium ------------------------------------------------------------------------------------


def chromium_binary() -> str:
    """Debian's chromium (``scripts/test`` installs it); an error naming the package when it
    is not installed."""
    path = shutil.which("chromium") or shutil.which("chromium", path="/usr/bin")
    if path is None:
        raise FileNotFoundError("'chromium' is not installed: drawing messages needs Debian's "
                                "chromium package (apt-get install -y chromium)")
    return path


def _chromium(page: str, width: int, height: int, *args: str) -> str:
    """Load ``page`` in headless Chromium with a ``width`` x ``height`` window; its stdout."""
    with tempfile.TemporaryDirectory(prefix="nazh-render-") as scratch:
        source = Path(scratch) / "page.html"
        source.write_text(page, encoding="utf-8")
        done = subprocess.run(
            [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={scratch}/profile",
             f"--window-size={width},{height}", *args, source.as_uri()],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=CHROMIUM_TIMEOUT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): "
                           f"{done.stderr.decode(errors='replace')[-2000:]}")
    return done.stdout.decode(errors="replace")


@dataclass(frozen=True, slots=True)
class Measured:
    """A page's messages' heights and tops (from the page's top), in order, and the whole
    page's height, in CSS px."""

    heights: list[int]
    tops: list[int]
    page: int


def measure(page: str, width: int = PHONE) -> Measured:
    """Lay ``page`` (from :func:`render_html`) out ``width`` px wide and measure it."""
    dumped = _chromium(page, width, 2000, "--virtual-time-budget=5000", "--dump-dom")
    found = HEIGHTS.search(dumped)
    if found is None or not found["json"]:
        raise RuntimeError("the page did not measure itself (no heights in its DOM)")
    numbers = json.loads(html.unescape(found["json"]))
    return Measured([int(h) for h in numbers["heights"]], [int(t) for t in numbers["tops"]],
                    int(numbers["page"]))


def heights(page: str, width: int = PHONE) -> list[int]:
    """The height in px of each message of ``page`` laid out ``width`` px wide."""
    return measure(page, width).heights


MIN_WINDOW = 300
"""The shortest window Chromium is asked to draw (a shorter one comes out blank)."""


def screenshot(page: str, path: Path, width: int = PHONE, height: int | None = None) -> Path:
    """A PNG of the whole of ``page`` (``height`` px tall, by default measured) at ``path``."""
    tall = height if height is not None else measure(page, width).page
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    # headless Chromium draws a window shorter than about 200 px blank below its first lines:
    # a short page is drawn in a taller window, then cut to its height
    window = max(tall, MIN_WINDOW)
    _chromium(page, width, window, "--virtual-time-budget=5000", f"--screenshot={path}")
    if not path.is_file():
        raise RuntimeError(f"chromium wrote no {path}")
    return path if window == tall else crop(path, 0, tall, path)


def crop(png: Path, top: int, bottom: int, path: Path) -> Path:
    """The rows ``top`` to ``bottom`` of the PNG ``png``, written as the PNG ``path``."""
    with Image.open(png) as whole:
        whole.crop((0, max(top, 0), whole.width, min(bottom, whole.height))).save(path)
    return path


def controls(message: JsonMapping) -> int:
    """How many buttons and selects a message shows, wherever they are."""
    def count(components: Sequence[JsonMapping]) -> int:
        total = 0
        for component in components:
            total += component.get("type") == BUTTON or component.get("type") in SELECTS
            total += count(component.get("components") or [])
            if accessory := component.get("accessory"):
                total += count([accessory])
        return total
    return count(message_of(message).get("components") or [])


def as_data_url(data: bytes, filename: str) -> str:
    """A file's bytes as a ``data:`` URL an ``<img>`` loads (for :class:`Context` images)."""
    kind = IMAGE_TYPES.get(filename.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def is_image(filename: str) -> bool:
    """Whether the client shows a file of this name as an image."""
    return filename.rsplit(".", 1)[-1].lower() in IMAGE_TYPES



def phone_height(body: JsonMapping, picture: str) -> int:
    """``body``'s height in px at a phone's width; drawn as ``picture``.png into the folder the
    environment's ``NAZH_RENDER_OUT`` names, where it names one (to look at, or for the docs)."""
    page = render_html([body], PHONE)
    out = os.environ.get("NAZH_RENDER_OUT")
    if out:
        screenshot(page, Path(out) / f"{picture}.png", PHONE)
    [height] = heights(page, PHONE)
    return height
