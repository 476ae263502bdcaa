"""Discord rendering: the result embed, its buttons, the Copy modal, errors and the builder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import hikari
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nazh.adapters.discord.features import decode
from nazh.adapters.discord.log.history import step_label
from nazh.adapters.discord.rolls.builder import (
    BuilderControl,
    builder_components,
    builder_embed,
    builder_sent_embed,
)
from nazh.adapters.discord.rolls.result import RollAction, RollControl, roll_components, roll_embed
from nazh.adapters.discord.rolls.roll import MODAL_INPUT_ID, MODAL_TITLE, copy_modal
from nazh.adapters.discord.runtime.embeds import BLURPLE, GOLD, GREEN, GREY, RED, Author
from nazh.application.log.chain import EntryKind, LogEntry
from nazh.application.log.format import encode_result
from nazh.application.rolls.builder import BuilderAction, BuilderState, StagedPool
from nazh.application.rolls.errors import NotYourRollError, RollNotFoundError
from nazh.application.rolls.model import Roller, RollRecord
from nazh.application.rolls.terms.codec import with_changes
from nazh.application.rolls.terms.kind import terms_of
from nazh.application.rolls.terms.physical import PHYSICAL, TableFaces
from nazh.application.shared.json_types import JsonObject
from nazh.domain.amend import DieChange
from nazh.domain.errors import LimitError, NazhError, NotationError, RollStateError, RoomError
from nazh.domain.notation import parse_roll
from nazh.domain.results import RollResult
from nazh.domain.rolling import roll
from nazh.domain.spec import DieMode
from nazh.presentation.chat import ELLIPSIS, DiscordLimits, clip, error_message, escape, fit_lines
from tests.fakes import FakeRng, d, script

ROLL_ID = "k3v9x0q2md"
AUTHOR = Author("Kaladin", "https://cdn.example/avatars/kal.png")
WHEN = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def rolled(notation: str, rng: FakeRng, dc: int | None = None) -> RollResult:
    result = roll(parse_roll(notation), rng, dc)
    rng.assert_exhausted()
    return result


def record_of(result: RollResult, label: str | None = None,
              notation: str | None = None) -> RollRecord:
    return RollRecord(ROLL_ID, Roller(1, 2, 3), notation or result.notation, result, WHEN,
                      label)


def embed_of(result: RollResult, label: str | None = None) -> hikari.Embed:
    return roll_embed(record_of(result, label), AUTHOR)


def built(rows: list[hikari.api.ComponentBuilder]) -> list[list[JsonObject]]:
    """The rows as the JSON sent to Discord: a list of components per row."""
    out = []
    for row in rows:
        payload, _ = row.build()
        out.append([dict(component) for component in payload["components"]])
    return out


def footer(embed: hikari.Embed) -> str:
    assert embed.footer is not None
    assert embed.footer.text is not None
    return embed.footer.text


# -- the result embed ------------------------------------------------------------------------


def test_a_skill_test_with_a_plot_die_and_a_dc() -> None:
    result = rolled("a1d20+5, 2d6, p", script(d(20, 18, 3), d(6, 6, 1), d(6, 2)), dc=15)
    embed = embed_of(result, "Attack")

    assert embed.title == "🎲 Attack"
    # what happened first, the total prominent; the dice and the marks' legend in small lines
    assert embed.description == "\n".join([
        "## 27, 7 · Success, 1 Complication",
        "-# **27** (+4P) | `a1d20+5` | [18↑(3)] · DC 15",
        "-# **7** | `2d6` | [**6**, *1*]",
        "-# !!(T) +4 | `p` | [**2**]",
        "-# ↑ advantage, the other die in ( ) · !!(T) Complication · "
        "(+NP) plot die bonus included",
        "To spend: 1 Complication",
    ])
    assert embed.color == GOLD
    assert footer(embed) == "Kaladin · roll k3v9x0q2md"


def test_the_roller_signs_the_footer_with_their_name_and_avatar() -> None:
    embed = embed_of(rolled("1d6", FakeRng((6, 3))))
    assert embed.author is None  # no line of its own above the outcome
    assert embed.footer is not None
    assert footer(embed) == "Kaladin · roll k3v9x0q2md"
    assert embed.footer.icon is not None
    assert embed.footer.icon.url == "https://cdn.example/avatars/kal.png"


def test_without_a_label_a_plain_roll_has_no_title_its_outcome_leads() -> None:
    embed = embed_of(rolled("1d6", FakeRng((6, 3))))
    assert embed.title is None
    assert (embed.description or "").startswith("## 3\n")


def test_the_label_is_escaped() -> None:
    embed = embed_of(rolled("1d6", FakeRng((6, 3))), "*Strike* `x` @everyone <@123>")
    assert embed.title == "🎲 \\*Strike\\* \\`x\\` @everyone <@123>"


def test_a_long_label_is_clipped_to_the_title_limit() -> None:
    embed = embed_of(rolled("1d6", FakeRng((6, 3))), "x" * 400)
    assert embed.title is not None
    assert len(embed.title) == 256
    assert embed.title.endswith(ELLIPSIS)


def test_natural_20_and_1_of_a_skill_pool_are_marked() -> None:
    embed = embed_of(rolled("2d20", script(d(20, 20, 1))))
    assert embed.description == ("## 21 · 1 Opportunity, 1 Complication\n"
                                 "-# **21** | `2d20` | [**20**, *1*] (O) !!(T)\n"
                                 "-# !!(T) Complication · (O) Opportunity\n"
                                 "To spend: 1 Opportunity and 1 Complication")
    assert embed.color == BLURPLE
    assert footer(embed) == "Kaladin · roll k3v9x0q2md"


def test_highest_and_1_of_other_dice_are_emphasised_without_marks() -> None:
    embed = embed_of(rolled("3d8", script(d(8, 8, 1, 4))))
    assert embed.description == "## 13\n-# **13** | `3d8` | [**8**, *1*, 4]"  # no legend
    assert footer(embed) == "Kaladin · roll k3v9x0q2md"


def test_a_total_raised_to_1_is_marked() -> None:
    embed = embed_of(rolled("1d4-5", FakeRng((4, 2))))
    assert embed.description == ("## 1\n-# **1** (M) | `1d4-5` | [2]\n"
                                 "-# (M) raised to the minimum of 1")
    assert footer(embed) == "Kaladin · roll k3v9x0q2md"


def test_disadvantage_shows_the_kept_low_die() -> None:
    embed = embed_of(rolled("d1d20+2", script(d(20, 18, 3))))
    assert embed.description == ("## 5\n-# **5** | `d1d20+2` | [3↓(18)]\n"
                                 "-# ↓ disadvantage, the other die in ( )")


def test_a_met_dc_is_green() -> None:
    embed = embed_of(rolled("1d20+1", FakeRng((20, 14)), dc=15))
    assert embed.description == "## 15 · Success\n-# **15** | `1d20+1` | [14] · DC 15"
    assert embed.color == GREEN


def test_a_missed_dc_is_red() -> None:
    embed = embed_of(rolled("1d20+1", FakeRng((20, 10)), dc=15))
    assert embed.description == "## 11 · Failure\n-# **11** | `1d20+1` | [10] · DC 15"
    assert embed.color == RED


def test_a_plot_bonus_is_gold_even_when_the_dc_is_missed() -> None:
    embed = embed_of(rolled("1d20, p", script(d(20, 5), d(6, 1))), None)
    assert embed.color == GOLD
    embed = embed_of(rolled("1d20, p", script(d(20, 5), d(6, 1)), dc=15))
    assert embed.color == GOLD
    assert (embed.description or "").startswith("## 7 · Failure, 1 Complication\n")
    assert "-# **7** (+2P) | `1d20` | [5] · DC 15\n" in (embed.description or "")


def test_a_plot_die_without_bonus_is_not_gold() -> None:
    embed = embed_of(rolled("1d20, p", script(d(20, 5), d(6, 5))))
    assert embed.description == ("## 5 · 1 Opportunity\n-# **5** | `1d20` | [5]\n"
                                 "-# (O) | `p` | [**5**]\n-# (O) Opportunity\n"
                                 "To spend: 1 Opportunity")
    assert embed.color == BLURPLE


def test_a_pending_plot_die_shows_both_options() -> None:
    embed = embed_of(rolled("1d20, ap", script(d(20, 1), d(6, 2, 5))))
    assert embed.description == "\n".join([
        "## Choose the plot die's face",
        "-# **1** | `1d20` | [*1*] !!(T)",
        "-# choose | `ap` | [2 !!(T) +4 or 5 (O)]",
        "-# !!(T) Complication · (O) Opportunity",
        "**Plot die:** the roller keeps one face:",
        "• Keep 2 (!!(T) +4): 5",
        "• Keep 5 ((O)): 1",
    ])
    assert embed.color == BLURPLE
    assert footer(embed) == "Kaladin · roll k3v9x0q2md"


def test_the_gm_chooses_a_plot_die_with_disadvantage_and_the_dc_waits() -> None:
    embed = embed_of(rolled("1d20+3, dp", script(d(20, 12), d(6, 3, 1)), dc=16))
    assert embed.description == "\n".join([
        "## Choose the plot die's face",
        "-# **15** | `1d20+3` | [12]",
        "-# choose | `dp` | [3 blank or 1 !!(T) +2]",
        "-# !!(T) Complication",
        "**Plot die:** the GM keeps one face:",
        "• Keep 3 (blank): 15",
        "• Keep 1 (!!(T) +2): 17",
        "-# DC 16: waiting for the plot die",
    ])
    assert embed.color == BLURPLE


def test_the_largest_result_fits_discord_s_embed_limits() -> None:
    pool = "a" * 20 + "20d1000+1000"
    notation = ", ".join([pool] * 4 + ["ap"])
    rng = script(*[d(1000, *[999, 1000] * 20)] * 4, d(6, 1, 2))
    result = rolled(notation, rng, dc=100_000)
    embed = roll_embed(record_of(result, "x" * 1000), Author("n" * 300, None))
    sizes = [len(embed.title or ""), len(embed.description or ""), len(footer(embed)),
             len(footer(embed).split(" · ")[0])]
    assert sizes[0] <= 256
    assert sizes[1] <= 4096
    assert sizes[3] <= 256
    assert sum(sizes) <= DiscordLimits.EMBED_TOTAL


# -- the result's buttons --------------------------------------------------------------------


def labels_and_ids(record: RollRecord, *, stakes: bool = False,
                   panel: int | None = None) -> list[tuple[str, str]]:
    """The first row of the shared result (``stakes``: players-raise-stakes; ``panel``: of
    its GM panel)."""
    row = built(roll_components(record, stakes=stakes, panel=panel))[0]
    return [(button["label"], button["custom_id"]) for button in row]


def every_label(record: RollRecord, **drawing: object) -> list[str]:
    return [str(c.get("label") or c.get("placeholder"))
            for row in built(roll_components(record, **drawing))  # type: ignore[arg-type]
            for c in row]


PANEL = 1_300_000_000_000_000_001
"""The message id of a shared result whose GM panel is drawn."""


def test_a_roll_without_plot_die_offers_copy_and_the_gm_adds_the_plot_die_on_the_panel() -> None:
    # raising the stakes after the d20 is a GM's call (starter rules, Introduction): on the
    # shared result, behind 👑 GM; a server's players-raise-stakes puts it back for the roller
    record = record_of(rolled("1d20", FakeRng((20, 7))))
    assert labels_and_ids(record) == [("Copy Command", "nz1:copy:k3v9x0q2md")]
    assert every_label(record)[-1] == "GM"
    assert labels_and_ids(record, panel=PANEL)[0] == ("Add Plot Die",
                                                      f"nz1:plot:k3v9x0q2md:{PANEL}")
    assert decode(f"nz1:plot:k3v9x0q2md:{PANEL}") == RollControl(RollAction.ADD_PLOT, ROLL_ID,
                                                                 on=PANEL)
    assert labels_and_ids(record, stakes=True) == [
        ("Add Plot Die", "nz1:plot:k3v9x0q2md"),
        ("Copy Command", "nz1:copy:k3v9x0q2md"),
    ]
    assert decode("nz1:plot:k3v9x0q2md") == RollControl(RollAction.ADD_PLOT, ROLL_ID)


def test_the_shared_result_shows_no_gm_control_and_its_panel_no_players() -> None:
    # a Complication to spend, Disadvantage, Add Plot Die: a GM's, on the panel alone
    record = record_of(rolled("1d20+2", FakeRng((20, 1))))
    shared, panel = every_label(record), every_label(record, panel=PANEL)
    assert set(panel) == {"Add Plot Die", "Disadvantage", "Spend a Complication (GM) on…"}
    assert "GM" in shared
    assert not set(panel) & set(shared)
    assert {"Copy Command", "Advantage"} <= set(shared)


def test_a_roll_with_four_pools_still_has_room_for_the_plot_die() -> None:
    record = record_of(rolled("1d4, 1d4, 1d4, 1d4", script(d(4, 1, 2, 3, 4))))
    assert [label for label, _ in labels_and_ids(record, stakes=True)] == ["Add Plot Die",
                                                                        "Copy Command"]


def test_a_roll_with_five_pools_has_no_add_plot_die() -> None:
    record = record_of(rolled("1d4, 1d4, 1d4, 1d4, 1d4", script(d(4, 1, 2, 3, 4, 1))))
    assert labels_and_ids(record) == [("Copy Command", "nz1:copy:k3v9x0q2md")]


def test_a_roll_with_a_settled_plot_die_has_only_copy() -> None:
    record = record_of(rolled("1d20, p", script(d(20, 7), d(6, 4))))
    assert labels_and_ids(record) == [("Copy Command", "nz1:copy:k3v9x0q2md")]


def test_a_pending_plot_die_offers_a_keep_button_per_face() -> None:
    record = record_of(rolled("1d20, ap", script(d(20, 1), d(6, 2, 5))))
    assert labels_and_ids(record) == [
        ("Keep 2 (!!(T) +4): 5", "nz1:keep:k3v9x0q2md:0"),
        ("Keep 5 ((O)): 1", "nz1:keep:k3v9x0q2md:1"),
        ("Copy Command", "nz1:copy:k3v9x0q2md"),
    ]


def test_keep_labels_fit_the_button_limit() -> None:
    notation = ", ".join(["20d20+1000"] * 4 + ["dp"])
    record = record_of(rolled(notation, script(*[d(20, *[20] * 20)] * 4, d(6, 1, 2))))
    # a plot die rolled with disadvantage: its face is a GM's to keep, on the panel
    labels = [label for label, _ in labels_and_ids(record, panel=PANEL)]
    assert len(labels) == 2
    assert all(len(label) <= DiscordLimits.BUTTON_LABEL for label in labels)
    assert labels[0] == "Keep 1 (!!(T) +2): 1402, 1402, 1402, 1402"


def test_every_button_label_and_id_is_within_limits() -> None:
    record = record_of(rolled("1d20, ap", script(d(20, 1), d(6, 2, 5))))
    for label, custom_id in labels_and_ids(record):
        assert len(label) <= DiscordLimits.BUTTON_LABEL
        assert len(custom_id) <= 100
        assert decode(custom_id) is not None


def test_the_copy_modal_is_prefilled_with_the_notation() -> None:
    record = record_of(rolled("1d20", FakeRng((20, 7))), notation="A1D20 + 5, 2d6")
    title, custom_id, rows = copy_modal(record)
    assert title == MODAL_TITLE
    assert custom_id == "nz1:modal:k3v9x0q2md"
    assert decode(custom_id) == RollControl(RollAction.MODAL, ROLL_ID)
    ((text_input,),) = built(rows)
    assert text_input["custom_id"] == MODAL_INPUT_ID
    assert text_input["value"] == "A1D20 + 5, 2d6"
    assert text_input["required"] is True
    assert text_input["max_length"] == 200
    assert len(text_input["label"]) <= 45


# -- errors ----------------------------------------------------------------------------------


def test_a_pool_error_names_the_pool_points_at_it_and_hints() -> None:
    error = LimitError("at most 20 dice per pool, got 21", pool_index=2, text="21d6",
                       column=6, hint="roll 1 to 20 dice")
    assert error_message(error, "2d6, 21d6") == "\n".join([
        "**Can't roll that.** pool 2 \"21d6\": at most 20 dice per pool, got 21",
        "```",
        "2d6, 21d6",
        "     ^",
        "```",
        "Hint: roll 1 to 20 dice",
    ])


def test_the_caret_sits_under_the_offending_column_of_a_parse_error() -> None:
    notation = "1d20+5, 2d6, 21d6"
    with pytest.raises(LimitError) as caught:
        parse_roll(notation)
    lines = error_message(caught.value, notation).splitlines()
    shown, caret = lines[lines.index("```") + 1: lines.index("```") + 3]
    assert shown == notation
    assert caret.strip() == "^"
    assert caret.index("^") == (caught.value.column or 0) - 1
    assert shown[caret.index("^"):] == "21d6"


@pytest.mark.parametrize("space", ["\t", "\u00a0"])
def test_the_caret_stays_under_the_pool_after_unprintable_whitespace(space: str) -> None:
    notation = f"2d6,{space}21d6"
    with pytest.raises(LimitError) as caught:
        parse_roll(notation)
    lines = error_message(caught.value, notation).splitlines()
    shown, caret = lines[2], lines[3]
    assert shown[caret.index("^"):].startswith("21d6")


def test_user_input_in_an_error_cannot_inject_markdown_or_control_characters() -> None:
    notation = "2d6, `**x\x00 @everyone"
    with pytest.raises(NotationError) as caught:
        parse_roll(notation)
    message = error_message(caught.value, notation)
    first, *rest = message.splitlines()
    assert first.startswith("**Can't roll that.** ")
    body = first.removeprefix("**Can't roll that.** ")
    assert "\\`\\*\\*x\\\\x00 @everyone" in body
    assert "\x00" not in message
    block = rest[rest.index("```") + 1]
    assert "`" not in block
    assert block == "2d6, '**x\\x00 @everyone"
    assert message.count("```") == 2


def test_the_hint_is_escaped() -> None:
    error = NotationError("bad", hint="write *a*1d20 or `d20`")
    assert error_message(error) == "**Can't roll that.** bad\nHint: write \\*a\\*1d20 or \\`d20\\`"


def test_a_column_without_the_input_is_named() -> None:
    error = NotationError("bad", column=7)
    assert error_message(error) == "**Can't roll that.** bad\nAt column 7."


def test_an_over_long_input_is_not_echoed() -> None:
    error = LimitError("too long", column=201)
    message = error_message(error, "1d6+" * 60)
    assert message == "**Can't roll that.** too long\nAt column 201."


def test_an_error_fits_a_message() -> None:
    error = LimitError("x" * 3000, hint="y" * 3000)
    message = error_message(error, "1d6")
    assert len(message) == DiscordLimits.CONTENT
    assert message.endswith(ELLIPSIS)


@pytest.mark.parametrize(("error", "heading"), [
    (NotYourRollError("only the roller can do that"), "Not yours."),
    (RollNotFoundError("gone"), "Roll expired."),
    (NotationError("bad"), "Can't roll that."),
    (LimitError("big"), "Can't roll that."),
    (RoomError("at most 20 characters per person"), "Can't keep that."),
    (RollStateError("done"), "Can't do that."),
    (NazhError("other"), "Can't do that."),
])
def test_each_kind_of_error_has_its_heading(error: NazhError, heading: str) -> None:
    assert error_message(error).startswith(f"**{heading}** {error.reason}")


# -- helpers ---------------------------------------------------------------------------------


def test_escape_neutralises_inline_markdown_and_masked_links() -> None:
    assert escape("\\*_~`|[]@") == "\\\\\\*\\_\\~\\`\\|\\[\\]@"
    escaped = escape("**bold** [x](https://e.x) <@1> @here")
    assert escaped.startswith("\\*\\*bold\\*\\* \\[x\\]")
    assert escaped.endswith(" <@1> @here")
    assert escape("plain text 123") == "plain text 123"


def test_clip() -> None:
    assert clip("abc", 3) == "abc"
    assert clip("abcd", 3) == "ab" + ELLIPSIS


def test_fit_lines_leaves_text_that_fits() -> None:
    assert fit_lines(["ab", "cd"], 5) == "ab\ncd"


def test_fit_lines_cuts_whole_lines_and_marks_the_cut() -> None:
    text = fit_lines(["a" * 10, "b" * 10, "c" * 10], 25)
    assert text == "a" * 10 + "\n" + "b" * 10 + "\n" + ELLIPSIS
    assert len(text) <= 25


def test_fit_lines_clips_a_single_over_long_line() -> None:
    text = fit_lines(["x" * 50], 20)
    assert len(text) <= 20
    assert text.endswith(ELLIPSIS)
    assert text.startswith("x" * 10)


@given(st.lists(st.text(max_size=60), max_size=30), st.integers(1, 300))
def test_fit_lines_always_fits(lines: list[str], limit: int) -> None:
    text = fit_lines(lines, limit)
    assert len(text) <= limit
    assert text == "\n".join(lines) or text.endswith(ELLIPSIS)


# -- the builder -----------------------------------------------------------------------------

OWNER = 80351110224678912


def test_the_builder_has_four_rows_of_at_most_five_components() -> None:
    rows = built(builder_components(OWNER, BuilderState()))
    assert [len(row) for row in rows] == [1, 4, 3, 4]
    assert all(len(row) <= 5 for row in rows)


@pytest.mark.parametrize("state", [
    BuilderState(),
    BuilderState((StagedPool(20, 100, -99, DieMode.DISADVANTAGE),) * 5),
    BuilderState((StagedPool(3, 6, 4, DieMode.ADVANTAGE),), DieMode.ADVANTAGE),
])
def test_builder_ids_are_unique_and_carry_the_action_owner_and_state(state: BuilderState) -> None:
    rows = built(builder_components(OWNER, state))
    ids = [component["custom_id"] for row in rows for component in row]
    assert len(ids) == len(set(ids)) == 12
    decoded = [decode(custom_id) for custom_id in ids]
    assert all(isinstance(control, BuilderControl) for control in decoded)
    assert [control.action for control in decoded if isinstance(control, BuilderControl)] == [
        BuilderAction.SET_DIE,
        BuilderAction.DICE_MINUS, BuilderAction.DICE_PLUS,
        BuilderAction.MOD_MINUS, BuilderAction.MOD_PLUS,
        BuilderAction.ADVANTAGE, BuilderAction.DISADVANTAGE, BuilderAction.PLOT,
        BuilderAction.ADD_POOL, BuilderAction.REMOVE_LAST, BuilderAction.CLEAR, None,
    ]
    assert all(control == BuilderControl(control.action, OWNER, state)
               for control in decoded if isinstance(control, BuilderControl))
    assert all(len(custom_id) <= 100 for custom_id in ids)


def disabled(state: BuilderState) -> dict[str, bool]:
    rows = built(builder_components(OWNER, state))
    return {c["label"]: c["disabled"] for row in rows[1:] for c in row}


def test_disabled_controls_of_the_default_builder() -> None:
    assert disabled(BuilderState()) == {
        "Dice −": True, "Dice +": False, "Mod −": False, "Mod +": False,
        "Advantage": False, "Disadvantage": False, "Plot die: off": False,
        "Add pool": False, "Remove last": True, "Clear": True, "Roll Publicly": False,
    }


def test_disabled_controls_of_a_full_builder_at_its_bounds() -> None:
    state = BuilderState((StagedPool(20, 100, 99, DieMode.DISADVANTAGE),) * 5)
    assert disabled(state) == {
        "Dice −": False, "Dice +": True, "Mod −": False, "Mod +": True,
        "Advantage": False, "Disadvantage": False, "Plot die: off": True,
        "Add pool": True, "Remove last": False, "Clear": False, "Roll Publicly": False,
    }


def test_active_modes_are_highlighted() -> None:
    state = BuilderState((StagedPool(1, 20, 0, DieMode.ADVANTAGE),), DieMode.DISADVANTAGE)
    rows = built(builder_components(OWNER, state))
    styles = {c["label"]: c["style"] for c in rows[2]}
    assert styles == {
        "Advantage": hikari.ButtonStyle.SUCCESS,
        "Disadvantage": hikari.ButtonStyle.SECONDARY,
        "Plot die: dp": hikari.ButtonStyle.SUCCESS,
    }


def test_the_die_menu_offers_every_die_with_the_current_one_selected() -> None:
    state = BuilderState((StagedPool(), StagedPool(2, 8)))
    ((menu,),) = built(builder_components(OWNER, state))[:1]
    assert menu["placeholder"] == "Die of pool 2: d8"
    assert [(o["label"], o["value"], o["default"]) for o in menu["options"]] == [
        ("d4", "4", False), ("d6", "6", False), ("d8", "8", True), ("d10", "10", False),
        ("d12", "12", False), ("d20", "20", False), ("d100", "100", False),
    ]


def test_the_builder_embed_shows_the_staged_roll() -> None:
    state = BuilderState((StagedPool(1, 20, 5, DieMode.ADVANTAGE), StagedPool(2, 6)),
                         DieMode.NORMAL)
    embed = builder_embed(state)
    assert embed.description == "\n".join([
        "**Staged:** `a1d20+5, 2d6, p`",
        "",
        "Pool 1: `a1d20+5`",
        "Pool 2: `2d6`",
        "Plot die: `p`",
        "",
        "The controls edit pool 2. Up to 5 pools, the plot die included.",
    ])
    sent = builder_sent_embed(state)
    assert sent.description == "`a1d20+5, 2d6, p`"
    assert sent.color == GREY


def test_every_record_kind_has_a_label_in_verify() -> None:
    from nazh.adapters.discord.log.history import KIND_LABELS
    from nazh.application.log.chain import EntryKind
    assert set(KIND_LABELS) == set(EntryKind)


def logged(kind: EntryKind, result: RollResult, changes: tuple[DieChange, ...]) -> LogEntry:
    return LogEntry(ROLL_ID, 2, kind, WHEN, 222, 7, result.notation,
                    with_changes(encode_result(result), changes))


@pytest.mark.parametrize(("kind", "mode"), [
    (EntryKind.DIE_CANCELLED, DieMode.DISADVANTAGE),
    (EntryKind.DIE_REROLLED, DieMode.NORMAL),  # a record from before typed dice could be cancelled
])
def test_verify_names_a_cancellation(kind: EntryKind, mode: DieMode) -> None:
    result = rolled("1d20+3", script(d(20, 8)))
    entry = logged(kind, result, (DieChange(0, 0, mode, (8,), 2, kept=0),))
    assert step_label(entry) == "disadvantage cancelled the advantage on pool 1 d20"


def test_verify_names_other_records_by_their_kind() -> None:
    result = rolled("1d20+3", script(d(20, 8)))
    entry = logged(EntryKind.DIE_REROLLED, result,
                   (DieChange(0, 0, DieMode.ADVANTAGE, (8, 14), 1),))
    assert step_label(entry) == "advantage/disadvantage: die rolled again"


def test_a_roll_at_the_table_offers_nothing_that_needs_a_new_face() -> None:
    result = rolled("1d20+5, 1d6", script(d(20, 12), d(6, 3)))
    record = replace(record_of(result), terms=terms_of((PHYSICAL, TableFaces((12, 3)))))
    labels = [c.get("label") for row in built(roll_components(record, reroll=True))
              for c in row]
    assert labels == ["Copy Command"]  # and no 👑 GM: nothing is a GM's to do on it
    assert every_label(record, reroll=True, panel=PANEL) == []
    plain = [*every_label(record_of(result), reroll=True),
             *every_label(record_of(result), reroll=True, panel=PANEL)]
    assert {"Add Plot Die", "Reroll", "Advantage", "Disadvantage"} <= set(plain)
    assert "🎲 Physical dice, rolled at the table: 12, 3" in str(roll_embed(record, AUTHOR)
                                                                .description)
