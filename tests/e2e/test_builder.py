"""The Builder (/roll build:true), end to end, including a restart between two clicks."""

from __future__ import annotations

from collections.abc import Callable

from tests.e2e.fake_discord import FakeDiscord, JsonObject, RecordedRequest, make_user
from tests.e2e.harness import NazhUnderTest, custom_id_of, embed_of, select_id
from tests.e2e.roll_kit import open_builder

EPHEMERAL = 1 << 6



async def press(nazh: NazhUnderTest, message: JsonObject, label: str) -> JsonObject:
    _, update = await nazh.click(custom_id_of(message, label))
    assert update["type"] == 7, update
    return dict(update["data"])


def staged(message: JsonObject) -> str:
    first_line = str(embed_of(message)["description"]).split("\n")[0]
    return first_line.removeprefix("**Staged:** `").removesuffix("`")


async def test_whole_builder_flow(nazh: NazhUnderTest, fake_discord: FakeDiscord) -> None:
    message = await open_builder(nazh)
    assert staged(message) == "1d20"
    message = await press(nazh, message, "Advantage")
    for _ in range(3):
        message = await press(nazh, message, "Mod +")
    assert staged(message) == "a1d20+3"
    message = await press(nazh, message, "Add pool")
    _, update = await nazh.click(select_id(message), ["6"])
    message = dict(update["data"])
    message = await press(nazh, message, "Dice +")
    message = await press(nazh, message, "Mod −")
    assert staged(message) == "a1d20+3, 2d6-1"
    message = await press(nazh, message, "Plot die")
    assert staged(message) == "a1d20+3, 2d6-1, p"
    message = await press(nazh, message, "Plot die")
    assert staged(message) == "a1d20+3, 2d6-1, ap"
    message = await press(nazh, message, "Remove last")
    assert staged(message) == "a1d20+3, ap"
    message = await press(nazh, message, "Disadvantage")
    assert staged(message) == "d1d20+3, ap"
    click, update = await nazh.click(custom_id_of(message, "Roll Publicly"))
    assert update["type"] == 7
    assert embed_of(update)["title"] == "✅ Roll sent"
    assert not update["data"]["components"]  # [] over the gateway, null over HTTP
    public = await fake_discord.wait_for_request(
        lambda r: r.method == "POST" and r.path.startswith("/webhooks/"))
    assert public.status == 200
    assert not (public.body or {}).get("flags", 0) & EPHEMERAL
    result = fake_discord.followup_messages(click)[0]
    assert "`d1d20+3`" in embed_of(result)["description"]
    assert any(str(c.get("label", "")).startswith("Keep") for row in result["components"]
               for c in row["components"])


async def test_clear_and_limits(nazh: NazhUnderTest) -> None:
    message = await open_builder(nazh)
    for _ in range(4):
        message = await press(nazh, message, "Add pool")
    assert staged(message).count(",") == 4
    buttons = {c["label"]: c for row in message["components"] for c in row["components"]
               if c["type"] == 2}
    assert buttons["Add pool"].get("disabled") is True
    assert buttons["Plot die: off"].get("disabled") is True
    message = await press(nazh, message, "Clear")
    assert staged(message) == "1d20"


async def test_only_the_owner_can_use_the_builder(nazh: NazhUnderTest) -> None:
    message = await open_builder(nazh)
    stranger = make_user("999999999999999999", "stranger")
    _, refusal = await nazh.click(custom_id_of(message, "Dice +"), user=stranger)
    assert refusal["type"] == 4
    assert refusal["data"]["flags"] & EPHEMERAL
    assert "only the person who opened this builder" in refusal["data"]["content"]


async def test_a_die_the_select_does_not_offer_is_refused(nazh: NazhUnderTest) -> None:
    message = await open_builder(nazh)
    # no die, another script's digit, 30 nines, past int()'s 4,300 digits, a sign
    for forged in ("0", "\u0663", "9" * 30, "9" * 5000, "-4"):
        _, refusal = await nazh.click(select_id(message), [forged])
        assert refusal["type"] == 4, forged[:20]
        assert refusal["data"]["flags"] & EPHEMERAL
        content = refusal["data"]["content"]
        assert "the builder has no die" in content, forged[:20]
        assert "d4, d6, d8, d10, d12, d20, d100" in content
    _, update = await nazh.click(select_id(message), ["6"])
    assert staged(dict(update["data"])) == "1d6"


async def test_builder_survives_a_restart_between_two_clicks(nazh: NazhUnderTest) -> None:
    message = await open_builder(nazh)
    message = await press(nazh, message, "Dice +")
    await nazh.restart()
    message = await press(nazh, message, "Mod +")
    assert staged(message) == "2d20+1"


async def test_followup_is_retried_after_429_and_503(nazh: NazhUnderTest,
                                                     fake_discord: FakeDiscord) -> None:
    for done, status in enumerate((429, 503), start=1):
        message = await open_builder(nazh)
        fake_discord.fail_next("POST", r"^/webhooks/", status, retry_after=0.05)
        click, _ = await nazh.click(custom_id_of(message, "Roll Publicly"))
        await fake_discord.wait_for_request(delivered(fake_discord, done), timeout=15)
        statuses = [r.status for r in fake_discord.requests_to("POST", r"^/webhooks/")]
        assert statuses[-2:] == [status, 200]
        assert fake_discord.followup_messages(click)


def delivered(fake: FakeDiscord, count: int) -> Callable[[RecordedRequest], bool]:
    """A predicate: ``count`` followups have been accepted."""

    def check(_: RecordedRequest) -> bool:
        ok = [r for r in fake.requests_to("POST", r"^/webhooks/") if r.status == 200]
        return len(ok) == count

    return check
