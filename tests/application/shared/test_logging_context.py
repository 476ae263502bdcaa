"""The log context: fields bound for a block, isolated between tasks."""

from __future__ import annotations

import asyncio
import contextvars

from nazh.application.shared import logging_context as log_context


def test_there_is_no_context_by_default() -> None:
    assert contextvars.copy_context().run(log_context.current) == {}


def test_bind_sets_fields_as_strings_for_the_block_only() -> None:
    before = log_context.current()
    with log_context.bind(command="roll", guild_id=42, user_id=7):
        assert log_context.current() == {**before, "command": "roll", "guild_id": "42",
                                          "user_id": "7"}
    assert log_context.current() == before


def test_bind_skips_none_values() -> None:
    with log_context.bind(command="roll", guild_id=None):
        assert "guild_id" not in log_context.current()
        assert log_context.current()["command"] == "roll"


def test_nested_binds_merge_and_unwind() -> None:
    with log_context.bind(command="roll", user_id=1):
        with log_context.bind(user_id=2, roll_id="abc"):
            assert log_context.current() == {"command": "roll", "user_id": "2", "roll_id": "abc"}
        assert log_context.current() == {"command": "roll", "user_id": "1"}


def test_bind_unwinds_when_the_block_raises() -> None:
    before = log_context.current()
    try:
        with log_context.bind(command="roll"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert log_context.current() == before


def test_update_adds_fields_until_the_enclosing_bind_ends() -> None:
    with log_context.bind(command="roll"):
        log_context.update(roll_id="k3v9x0q2md", guild_id=None)
        assert log_context.current() == {"command": "roll", "roll_id": "k3v9x0q2md"}
    assert "roll_id" not in log_context.current()


def test_update_outside_a_bind_sets_the_context_of_the_current_context_only() -> None:
    def in_a_copy() -> dict[str, str]:
        log_context.update(interaction_id=5)
        return log_context.current()

    assert contextvars.copy_context().run(in_a_copy) == {"interaction_id": "5"}
    assert "interaction_id" not in log_context.current()


def test_current_is_a_copy() -> None:
    with log_context.bind(command="roll"):
        log_context.current()["command"] = "tampered"
        assert log_context.current()["command"] == "roll"


async def test_tasks_do_not_see_each_other_s_context() -> None:
    seen: dict[str, dict[str, str]] = {}
    both_bound = asyncio.Barrier(2)

    async def handle(name: str) -> None:
        with log_context.bind(command=name):
            log_context.update(roll_id=f"id-{name}")
            await both_bound.wait()
            seen[name] = log_context.current()

    await asyncio.gather(handle("roll"), handle("odds"))
    assert seen["roll"] == {"command": "roll", "roll_id": "id-roll"}
    assert seen["odds"] == {"command": "odds", "roll_id": "id-odds"}


def test_the_context_keys_are_documented() -> None:
    assert log_context.CONTEXT_KEYS == ("command", "guild_id", "user_id", "roll_id",
                                        "interaction_id")
