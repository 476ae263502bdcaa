"""Discord's markdown drawn as its client does (tests/render_markdown.py)."""

from __future__ import annotations

import pytest

from tests.render_markdown import Names, inline, is_only_emoji, markdown

NAMES = Names(users={"1": "roller"}, roles={"2": "GM"}, channels={"3": "table"})


@pytest.mark.parametrize(("text", "drawn"), [
    ("**bold** *it* __u__ ~~s~~ ||x||",
     '<strong>bold</strong> <em>it</em> <u>u</u> <s>s</s> <span class="spoiler">x</span>'),
    ("`a*b*` \\*not\\*", '<code class="inline">a*b*</code> *not*'),
    ("<@1> <@!9> <@&2> <#3> </roll:5>",
     '<span class="mention">@roller</span> <span class="mention">@unknown-user</span> '
     '<span class="mention">@GM</span> <span class="mention">#table</span> '
     '<span class="mention">/roll</span>'),
    ("<:spren:123> ⚔️ ✓ 👍🏽", '<span class="emoji custom" title=":spren:">S</span> '
     '<span class="emoji">⚔️</span> ✓ <span class="emoji">👍🏽</span>'),
    ("[the rules](https://example.org/a) <x>", '<span class="link">the rules</span> &lt;x&gt;'),
])
def test_inline_rules(text: str, drawn: str) -> None:
    assert inline(text, NAMES) == drawn


def test_blocks_headings_subtext_lists_quotes_and_code() -> None:
    text = ("## Round 1\nfirst\nsecond\n-# small\n- a\n  - b\n1. c\n> quoted\n"
            "```py\nx = 1\n```\nlast")
    assert markdown(text, NAMES) == (
        '<div class="h2">Round 1</div>first\nsecond<div class="subtext">small</div>'
        "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>"  # one list, as the client's
        '<div class="quote">quoted</div><pre class="code">x = 1</pre>last')


def test_a_field_value_has_no_headings_and_an_open_fence_stays_text() -> None:
    assert markdown("# not a heading", NAMES, headings=False) == "# not a heading"
    assert markdown("```\nopen", NAMES) == "```\nopen"


def test_only_emoji_is_drawn_large() -> None:
    assert is_only_emoji("🎲 ⚔️")
    assert not is_only_emoji("🎲 rolled")
    assert not is_only_emoji("")
