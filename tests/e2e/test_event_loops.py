"""``nazh run`` on either event loop (``NAZH_EVENT_LOOP``): the real bot process answers a
burst of rolls, says which loop it runs on, and stops cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.bot_process import BotProcess
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.load import offer, rolls, settle

BURST = 40


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
async def test_the_bot_answers_on_the_event_loop_chosen(tmp_path: Path, loop: str) -> None:
    async with FakeDiscord() as fake:
        database = "sqlite+aiosqlite:///" + str(tmp_path / "data" / "nazh.sqlite3")
        log = tmp_path / "nazh.log"
        bot = BotProcess(fake, tmp_path, database, NAZH_EVENT_LOOP=loop, NAZH_LOG_LEVEL="INFO",
                         NAZH_LOG_FILE=str(log), NAZH_DEV_GUILDS="")
        await bot.start()
        burst = rolls(BURST)
        await offer(fake, burst, rate=200)
        report = await settle(fake, burst)
        await bot.stop()  # exit status 0
        assert report.answers == {"result": BURST}
        assert report.late == 0
        assert f"Nazh is running (event loop: {loop})" in log.read_text()
