"""Each metric moves exactly as interactions happen; /readyz follows the gateway."""

from __future__ import annotations

import json
from collections.abc import Callable

import aiohttp

from tests.e2e.fake_discord import FakeDiscord, make_user, modal_submit
from tests.e2e.harness import NazhUnderTest, custom_id_of, gateway_only, grant_manage_server
from tests.e2e.transport_kit import Samples, scrape, value
from tests.waiting import until

Labels = dict[str, str]
ADMIN = make_user("799999999999999999", "admin")


def total(samples: Samples, name: str) -> float:
    """The sum of ``name`` over all its labels."""
    return sum(count for (sample, _), count in samples.items() if sample == name)


async def scraped_once(nazh: NazhUnderTest, moved: Callable[[Samples], bool],
                       what: str) -> Samples:
    """The bot's metrics once ``moved(samples)`` holds."""
    async def scraped() -> Samples | None:
        samples = await scrape(nazh)
        return samples if moved(samples) else None

    samples = await until(scraped, what=what)
    assert samples is not None
    return samples


async def test_roll_metrics_move_exactly(nazh: NazhUnderTest,
                                         fake_discord: FakeDiscord) -> None:
    # the server's house rule: the roller adds the plot die to their posted roll from its
    # result (else a GM's, on the GM panel); set before the counting starts
    grant_manage_server(fake_discord, ADMIN)
    _, setting = await nazh.slash("settings set", _user=ADMIN, **{"players-raise-stakes": True})
    assert "**players-raise-stakes**: on" in json.dumps(setting, ensure_ascii=False)
    interactions = "nazh_interactions_total"
    before = await scraped_once(nazh, lambda now: total(now, interactions) >= 1,
                                "the setting counted")
    interaction, _ = await nazh.slash(pool="1d20, 2d6")
    await nazh.slash(pool="21d6")
    await nazh.slash(pool="1d20++")
    message = fake_discord.original_message(interaction)
    await nazh.click(custom_id_of(message, "Add Plot Die"))  # the roller's, by the house rule
    _, builder = await nazh.slash(build=True)
    await nazh.click(custom_id_of(builder["data"], "Roll Publicly"))
    _, modal = await nazh.click(custom_id_of(fake_discord.original_message(interaction),
                                             "Copy Command"))
    field = modal["data"]["components"][0]["components"][0]["custom_id"]
    submit = modal_submit(modal["data"]["custom_id"], {field: "1d8"},
                          application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", submit)
    await fake_discord.wait_for_interaction_response(submit)
    after = await scraped_once(
        nazh, lambda now: total(now, interactions) - total(before, interactions) >= 8,
        "the eight interactions counted")

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("nazh_roll_success_total", source="slash") == 1
    assert delta("nazh_roll_failed_total", source="slash", reason="limit") == 1
    assert delta("nazh_roll_failed_total", source="slash", reason="notation") == 1
    assert delta("nazh_roll_failed_total", source="slash", reason="internal") == 0
    assert delta("nazh_roll_success_total", source="button") == 1
    assert delta("nazh_roll_success_total", source="builder") == 1
    assert delta("nazh_roll_success_total", source="modal") == 1
    assert delta("nazh_roll_duration_seconds_count", source="slash") == 3
    assert delta("nazh_builder_sessions_total") == 1
    plot = sum(delta("nazh_plot_die_total", outcome=o)
               for o in ("complication", "blank", "opportunity"))
    assert plot == 1
    assert delta("nazh_interactions_total", kind="command", outcome="ok") == 2
    assert delta("nazh_interactions_total", kind="command", outcome="rejected") == 2
    assert delta("nazh_interactions_total", kind="component", outcome="ok") == 3
    assert delta("nazh_interactions_total", kind="modal", outcome="ok") == 1
    assert delta("nazh_roll_journal_seconds_count") == 4
    assert delta("nazh_roll_journal_records_total") == 4
    assert delta("nazh_roll_journal_failures_total") == 0
    assert delta("nazh_roll_log_refused_total") == 0
    written = "nazh_roll_log_written_total"
    settled = await scraped_once(
        nazh, lambda now: value(now, written) - value(before, written) >= 4,
        "the four rolls written to the roll log")
    assert value(settled, "nazh_roll_log_written_total") - value(
        before, "nazh_roll_log_written_total") == 4
    assert value(settled, "nazh_roll_log_waiting") == 0
    assert value(after, "nazh_ready") == 1
    assert value(after, "nazh_build_info", version="0.1.0", commit="0123456789abcdef") == 1
    assert value(after, "process_cpu_seconds_total") > 0
    assert fake_discord.token not in str(after)


@gateway_only
async def test_the_gateway_gauges_show_guilds_and_shards(nazh: NazhUnderTest,
                                                        fake_discord: FakeDiscord) -> None:
    after = await scrape(nazh)
    assert value(after, "nazh_guilds") == len(fake_discord.guild_ids)
    assert value(after, "nazh_shard_connected", shard="0") == 1


async def test_a_scrape_restricted_by_name_reads_only_those_samples(nazh: NazhUnderTest) -> None:
    # a probe (the load benchmark's, an operator's script) reads the queue without the whole page
    await nazh.slash(pool="1d20")
    samples = await scraped_once(
        nazh, lambda now: value(now, "nazh_roll_journal_records_total") >= 1, "the roll kept")
    restricted = await scrape(nazh, "nazh_roll_log_waiting", "nazh_roll_journal_records_total",
                              "nazh_ready")
    assert restricted == {key: count for key, count in samples.items()
                          if key[0] in {"nazh_roll_log_waiting",
                                        "nazh_roll_journal_records_total", "nazh_ready"}}
    assert {name for name, _ in restricted} == {
        "nazh_roll_log_waiting", "nazh_roll_journal_records_total", "nazh_ready"}


async def test_latency_histogram_resolves_milliseconds(nazh: NazhUnderTest) -> None:
    await nazh.slash(pool="1d20")
    samples = await scrape(nazh)
    buckets = sorted(float(dict(labels)["le"]) for (name, labels) in samples
                     if name == "nazh_roll_duration_seconds_bucket"
                     and dict(labels)["source"] == "slash" and dict(labels)["le"] != "+Inf")
    assert buckets[:3] == [0.001, 0.0025, 0.005]


@gateway_only
async def test_gateway_latency_is_reported(nazh: NazhUnderTest) -> None:
    samples = await scraped_once(nazh, lambda now: ("nazh_gateway_latency_seconds", ()) in now,
                                 "the gateway latency reported")
    assert 0 <= value(samples, "nazh_gateway_latency_seconds") < 1


@gateway_only
async def test_readyz_follows_the_gateway(nazh: NazhUnderTest,
                                          fake_discord: FakeDiscord) -> None:
    assert nazh.sidecar is not None
    url = nazh.sidecar.url
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{url}/readyz") as response:
            assert response.status == 200
        async with session.get(f"{url}/healthz") as response:
            assert response.status == 200

        async def readyz(status: int) -> bool:
            async with session.get(f"{url}/readyz") as response:
                return response.status == status

        await fake_discord.drop_gateway(close_code=4000)
        await until(lambda: readyz(503), what="/readyz answering 503 once the gateway dropped")
        async with session.get(f"{url}/healthz") as response:
            assert response.status == 200  # the process still serves
        await until(lambda: readyz(200), timeout=10,
                    what="/readyz answering 200 again once the bot resumed")
        async with session.get(f"{url}/api/status") as response:
            status = await response.json()
        assert status["ready"] is True
        assert status["commit"] == "0123456789abcdef"
        assert status["guilds"] == len(fake_discord.guild_ids)
