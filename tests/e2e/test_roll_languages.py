"""A roll's answers in the reader's language end to end, on both transports: a shared card in
the table's (the channel's, the server's setting, the server's locale), a private one and a
refusal in the presser's, and a click keeping the language a card was posted in."""

from __future__ import annotations

from nazh.application.shared.json_types import JsonObject
from tests.e2e.fake_discord import make_user, slash_command
from tests.e2e.fake_discord.payloads import autocomplete, component_click
from tests.e2e.harness import NazhUnderTest, embed_of

EPHEMERAL = 1 << 6
MANAGE_GUILD = 1 << 5
ADMIN = make_user("711111111111111111", "admin")
ROLLER = make_user("771111111111111111", "roller")


async def roll(nazh: NazhUnderTest, *, locale: str = "en-US", guild_locale: str = "en-US",
               **options: object) -> JsonObject:
    """``/roll`` sent by a member whose client speaks ``locale`` in a server of
    ``guild_locale``; the answer."""
    async def sent() -> JsonObject:
        interaction = slash_command("roll", options or None,  # type: ignore[arg-type]
                                    user=ROLLER, locale=locale)
        interaction["guild_locale"] = guild_locale
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return answer


async def press(nazh: NazhUnderTest, label: str, *, locale: str) -> JsonObject:
    """Press the button ``label`` of the newest card holding it, from a client in ``locale``."""
    message = next(stored for stored in reversed(list(nazh.fake.state.messages.values()))
                   for row in stored.get("components") or []
                   for button in row["components"] if button.get("label") == label)
    [custom_id] = [button["custom_id"] for row in message["components"]
                   for button in row["components"] if button.get("label") == label]

    async def sent() -> JsonObject:
        interaction = component_click(custom_id, message=message, user=ROLLER, locale=locale,
                                      guild_id=message.get("guild_id"))
        await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
        return interaction

    _, answer = await nazh.asked(sent)
    return answer


async def manage(nazh: NazhUnderTest, command: str, **options: str | bool) -> None:
    interaction = slash_command(command, options, user=ADMIN)
    member = interaction["member"]
    member["permissions"] = str(int(member["permissions"]) | MANAGE_GUILD)
    await nazh.fake.dispatch("INTERACTION_CREATE", interaction)
    await nazh.fake.wait_for_interaction_response(interaction)


def roll_words(answer: JsonObject) -> str:
    """The end of a result's footer: ``roll <id>`` in the card's language (after its roller)."""
    return str(embed_of(answer)["footer"]["text"]).split(" · ")[-1]


def labels(answer: JsonObject) -> list[str]:
    return [button["label"] for row in answer["data"]["components"]
            for button in row["components"]]


async def test_a_shared_card_speaks_the_servers_locale(nazh: NazhUnderTest) -> None:
    answer = await roll(nazh, guild_locale="fr", pool="1d20+2")
    embed = embed_of(answer)
    assert not answer["data"].get("flags", 0) & EPHEMERAL
    assert "title" not in embed  # a plain roll: its outcome leads
    assert embed["footer"]["text"].split(" · ")[-1].startswith("jet ")
    assert "| `1d20+2` |" in embed["description"]  # the notation stays as typed
    # a GM's controls (Add Plot Die, Disadvantage) behind one 👑 GM, in the table's language
    assert labels(answer) == ["Copier la commande", "Avantage", "MJ"]


async def test_a_private_card_speaks_the_rollers_own_language(nazh: NazhUnderTest) -> None:
    answer = await roll(nazh, locale="pt-BR", guild_locale="fr", private=True)
    assert answer["data"]["flags"] & EPHEMERAL
    assert embed_of(answer)["footer"]["text"].split(" · ")[-1].startswith("rolagem ")
    # the roller's alone: no GM's control (Add Plot Die, Disadvantage) they could not use
    assert labels(answer) == ["Copiar comando", "Vantagem"]
    # a language Nazh does not speak reads the table's
    shared = await roll(nazh, locale="de", guild_locale="es-419", private=True)
    assert embed_of(shared)["footer"]["text"].split(" · ")[-1].startswith("tirada ")


async def test_the_channels_language_then_the_servers_win_over_the_locale(
        nazh: NazhUnderTest) -> None:
    await manage(nazh, "settings set", language="es-ES")
    assert roll_words(await roll(nazh, guild_locale="fr")).startswith("tirada ")
    await manage(nazh, "settings channel-language", language="pt-BR")
    assert roll_words(await roll(nazh, guild_locale="fr")).startswith("rolagem ")


async def test_a_card_keeps_the_language_it_was_posted_in(nazh: NazhUnderTest) -> None:
    # a house rule lets the roller add the plot die to a posted roll (else a GM's, on the
    # GM panel): its button is on the shared card
    await manage(nazh, "settings set", **{"players-raise-stakes": True})
    posted = await roll(nazh, guild_locale="fr", pool="1d20")
    assert embed_of(posted)["footer"]["text"].split(" · ")[-1].startswith("jet ")
    assert "Ajouter le dé d'intrigue" in labels(posted)
    await manage(nazh, "settings set", language="es-ES")  # the table's language changes after
    redrawn = await press(nazh, "Ajouter le dé d'intrigue", locale="pt-BR")
    embed = embed_of(redrawn)
    assert embed["footer"]["text"].split(" · ")[-1].startswith("jet ")
    assert "| `p` |" in embed["description"]  # the plot die was added


async def test_a_refusal_speaks_the_pressers_language(nazh: NazhUnderTest) -> None:
    answer = await roll(nazh, locale="es-ES", guild_locale="fr", pool="2d")
    assert answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"].startswith("**No se puede tirar eso.**")


async def test_a_skill_typed_in_the_tables_language_is_the_rules_skill(
        nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Veyla Tarn", awareness=3, speed=2, _user=ROLLER)
    await nazh.slash("character skill", name="Perspicacia", ranks=2, _user=ROLLER)
    await nazh.slash("character skill", name="armamento ligero", ranks=1, _user=ROLLER)
    for typed in ("Insight", "perspicacia", "Intuição", "Perspicacité"):
        _, body = await nazh.slash("check", skill=typed, _user=ROLLER)
        assert embed_of(body)["description"].split("\n")[1] == (
            "-# 📜 **Veyla Tarn** — Insight +5: Awareness 3 + 2 ranks"), typed
    _, body = await nazh.slash("check", skill="Armas Leves", _user=ROLLER)
    assert "Light Weaponry +3: Speed 2 + 1 rank" in embed_of(body)["description"]


async def test_the_skills_offered_read_in_the_members_language(nazh: NazhUnderTest) -> None:
    await nazh.slash("character new", name="Veyla Tarn", awareness=3, _user=ROLLER)
    await nazh.slash("character skill", name="Insight", ranks=2, _user=ROLLER)

    async def offered(typed: str, locale: str) -> list[tuple[str, str]]:
        suggest = autocomplete("check", {"skill": typed}, "skill", user=ROLLER, locale=locale)
        await nazh.fake.dispatch("INTERACTION_CREATE", suggest)
        answer = await nazh.fake.wait_for_interaction_response(suggest)
        return [(choice["name"], choice["value"]) for choice in answer["data"]["choices"]]

    assert ("Perspicacia +5", "Insight") in await offered("persp", "es-419")
    assert ("Intuição +5", "Insight") in await offered("intu", "pt-BR")
    assert await offered("insight", "en-US") == [("Insight +5", "Insight")]
