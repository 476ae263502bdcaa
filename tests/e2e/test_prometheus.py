"""The deployment files against a REAL Prometheus scraping the real bot's sidecar.

``promtool`` checks ``deploy/prometheus/prometheus.yml`` and ``alerts.yml``. Then Debian's
``prometheus`` (installed by CI; a missing binary FAILS these tests, it never skips them) runs
with a config derived from ``deploy/prometheus/prometheus.yml``: the same rule file, the scrape
target rewritten to the sidecar on loopback, scrape and evaluation every second. The bot answers
rolls from every source; once Prometheus has scraped them, EVERY PromQL expression of the
Grafana dashboard and of ``alerts.yml`` is evaluated through Prometheus' HTTP API and must return
data, so a misspelt metric or label fails here rather than as an empty panel or an alert that can
never fire.

Grafana's own variables (``$__rate_interval``, ``$__interval``, ``$__range``) mean nothing to
Prometheus: :func:`substitute_grafana_variables` replaces them with ``1m`` (one minute holds
every sample this test produces, at one scrape a second) before querying, and fails on any other
variable, which this test would have to learn about.

For an alert ``lhs > threshold`` the full expression is evaluated (it must parse and run; it is
empty while the alert is quiet) and so is ``lhs`` alone, which must return data.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from nazh.application.rolls.metrics import RollSource
from nazh.application.shared.json_types import JsonValue
from tests.e2e.fake_discord import FakeDiscord, JsonObject, make_user, modal_submit, slash_command
from tests.e2e.fake_discord.payloads import DISCORD_EPOCH_MS
from tests.e2e.harness import NazhUnderTest, custom_id_of, gateway_only, grant_manage_server
from tests.local_http import free_port
from tests.waiting import NeverHappenedError, until

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PROMETHEUS_DIR = REPO / "deploy" / "prometheus"
PROMETHEUS_YML = PROMETHEUS_DIR / "prometheus.yml"
ALERTS_YML = PROMETHEUS_DIR / "alerts.yml"
DASHBOARD = REPO / "deploy" / "grafana" / "nazh-dashboard.json"

DEPLOYED_TARGET = "127.0.0.1:8080"  # the sidecar's default address, in prometheus.yml
GRAFANA_VARIABLES = {"__rate_interval": "1m", "__interval": "1m", "__range": "1m"}

# The alerts the issue asks for, with their ``for`` in seconds.
ALERTS = {
    "NazhDown": 60,
    "NazhNotReady": 300,
    "NazhRollLatencyHigh": 300,
    "NazhRollFailureRatioHigh": 600,
    "NazhGatewayLatencyHigh": 300,
    "NazhShedding": 300,
    "NazhDiceAuditFailed": 300,
}

# The alerts' states after drive_every_source: 3 failed rolls out of 8 is far over 5%, so the
# failure ratio alert is pending (for 10 minutes before it fires); the bot is up, ready and close
# to the fake gateway. (Latency is left out: one roll slower than 200 ms on a busy machine is
# enough to make the p99 of a dozen rolls exceed the threshold.)
ALERT_STATES = {
    "NazhDown": "inactive",
    "NazhNotReady": "inactive",
    "NazhRollFailureRatioHigh": "pending",
    "NazhGatewayLatencyHigh": "inactive",
    "NazhShedding": "inactive",
    "NazhDiceAuditFailed": "inactive",
}

# What drive_every_source produces, per source: (successes, failures).
EXPECTED_ROLLS = {"slash": (2, 2), "button": (1, 0), "builder": (1, 0), "modal": (1, 1)}

STARTUP_TIMEOUT = 15.0
DATA_TIMEOUT = 15.0
SCRAPES_AFTER_ROLLS = 3


# -- pure helpers (unit-tested below) -----------------------------------------------------------

_COMPARISONS = ("==", "!=", ">=", "<=", ">", "<")
_NUMBER = re.compile(
    r"[+-]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|0[xX][0-9a-fA-F]+|[iI]nf|[nN]a[nN])")
_BOOL = re.compile(r"^bool\s+")
_VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\[\[(\w+)(?::\w+)?\]\]|\$(\w+)")


def split_threshold(expr: str) -> tuple[str, str, str] | None:
    """Split ``lhs OP number`` at its last top-level comparison into (lhs, op, number).

    Comparisons inside parentheses, brackets, braces (label matchers), strings and comments
    do not count; ``None`` when the expression does not end in a comparison with a number
    literal (``a > b``, ``a > 1 and b``, no comparison at all).
    """
    depth = 0
    quote = ""
    last: tuple[int, int] | None = None
    i = 0
    while i < len(expr):
        char = expr[i]
        if quote:
            if char == "\\" and quote != "`":
                i += 2
                continue
            if char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char == "#":
            end = expr.find("\n", i)
            i = len(expr) if end < 0 else end
            continue
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0:
            op = next((c for c in _COMPARISONS if expr.startswith(c, i)), None)
            if op is not None:
                last = (i, i + len(op))
                i += len(op)
                continue
        i += 1
    if last is None:
        return None
    lhs = expr[:last[0]].strip()
    op = expr[last[0]:last[1]]
    rhs = _BOOL.sub("", expr[last[1]:].strip())
    if not lhs or not _NUMBER.fullmatch(rhs):
        return None
    return lhs, op, rhs


def substitute_grafana_variables(expr: str,
                                 values: dict[str, str] | None = None) -> str:
    """Replace Grafana's ``$name``, ``${name}``, ``${name:format}`` and ``[[name]]`` by
    ``values`` (default: :data:`GRAFANA_VARIABLES`); raise ``KeyError`` on an unknown one."""
    known = GRAFANA_VARIABLES if values is None else values

    def value(match: re.Match[str]) -> str:
        name = next(group for group in match.groups() if group)
        if name not in known:
            raise KeyError(f"unknown Grafana variable ${name} in {expr!r}: teach the test")
        return known[name]

    return _VARIABLE.sub(value, expr)


def dashboard_expressions(dashboard: JsonObject) -> list[tuple[str, str]]:
    """(panel title / refId, expr) of every target of every panel, rows' panels included."""
    found: list[tuple[str, str]] = []

    def visit(panels: list[JsonObject]) -> None:
        for panel in panels:
            for target in panel.get("targets") or []:
                if target.get("expr"):
                    found.append((f"{panel.get('title')} / {target.get('refId')}",
                                  str(target["expr"])))
            visit(panel.get("panels") or [])

    visit(dashboard["panels"])
    return found


def load_dashboard() -> JsonObject:
    """The Grafana dashboard of deploy/."""
    dashboard: JsonObject = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return dashboard


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ('up{job="nazh"} == 0', ('up{job="nazh"}', "==", "0")),
        ("nazh_gateway_latency_seconds > 1", ("nazh_gateway_latency_seconds", ">", "1")),
        ("histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m]))) > 0.2",
         ("histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))", ">", "0.2")),
        ("sum(rate(f[10m]))\n  / (sum(rate(s[10m])) + sum(rate(f[10m])))\n  > 0.05\n",
         ("sum(rate(f[10m]))\n  / (sum(rate(s[10m])) + sum(rate(f[10m])))", ">", "0.05")),
        ('x{a=~"1>2", b!="<", c=">="} >= 1e-3', ('x{a=~"1>2", b!="<", c=">="}', ">=", "1e-3")),
        ("x{a='it\\'s > 1'} != 0", ("x{a='it\\'s > 1'}", "!=", "0")),
        ("rate(x[5m]) > bool 1", ("rate(x[5m])", ">", "1")),
        ("x <= -2.5", ("x", "<=", "-2.5")),
        ("x < +Inf", ("x", "<", "+Inf")),
        ("x # a comment > 3\n  < 4", ("x # a comment > 3", "<", "4")),
        ("(a > 1) > 2", ("(a > 1)", ">", "2")),
        ("sum(x > 1)", None),
        ("nazh_ready", None),
        ("a > b", None),
        ("a > 1 and b", None),
        ("a > on() group_left b", None),
        ("> 1", None),
    ],
)
def test_split_threshold(expr: str, expected: tuple[str, str, str] | None) -> None:
    assert split_threshold(expr) == expected


def test_substitute_grafana_variables() -> None:
    expr = "rate(a[$__rate_interval]) + rate(b[${__interval}]) + increase(c[[[__range]]])"
    assert substitute_grafana_variables(expr) == (
        "rate(a[1m]) + rate(b[1m]) + increase(c[1m])")
    assert substitute_grafana_variables("x[${__range:raw}]") == "x[1m]"
    assert substitute_grafana_variables('up{job="nazh"}') == 'up{job="nazh"}'
    with pytest.raises(KeyError, match=r"\$__range_s"):
        substitute_grafana_variables("x / $__range_s")
    with pytest.raises(KeyError, match=r"\$instance"):
        substitute_grafana_variables('up{instance="$instance"}')


# -- static checks of the deployment files ------------------------------------------------------


def required_binary(name: str) -> str:
    """The path of Debian's ``name``; FAILS (never skips) when it is not installed."""
    path = shutil.which(name) or shutil.which(name, path="/usr/bin:/usr/local/bin")
    if path is None:
        pytest.fail(f"{name!r} is not installed: these tests need Debian's prometheus package "
                    f"(apt-get install -y prometheus), which CI installs in .ci/run",
                    pytrace=False)
    return path


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    """Run promtool in deploy/prometheus."""
    return subprocess.run([required_binary("promtool"), *args], cwd=PROMETHEUS_DIR,
                          capture_output=True, text=True, timeout=60, check=False)


def test_promtool_accepts_the_config() -> None:
    checked = promtool("check", "config", PROMETHEUS_YML.name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS" in checked.stdout + checked.stderr


def test_promtool_accepts_the_rules() -> None:
    checked = promtool("check", "rules", ALERTS_YML.name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(ALERTS)} rules found" in checked.stdout + checked.stderr


def test_dashboard_is_an_importable_grafana_dashboard() -> None:
    dashboard = load_dashboard()
    assert dashboard["schemaVersion"] >= 36
    assert dashboard["uid"]
    assert dashboard["title"]
    assert dashboard.get("id") is None  # an import must not overwrite some other dashboard
    inputs = {i["name"]: i for i in dashboard["__inputs"]}
    assert inputs["DS_PROMETHEUS"]["type"] == "datasource"
    assert inputs["DS_PROMETHEUS"]["pluginId"] == "prometheus"
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource"
    assert variables["datasource"]["query"] == "prometheus"
    assert variables["datasource"]["current"]["value"] == "${DS_PROMETHEUS}"
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids)), "panel ids must be unique"
    titles = [p["title"] for p in panels]
    assert len(titles) == len(set(titles)), "panel titles must be unique"
    required = {r["id"] for r in dashboard["__requires"] if r["type"] == "panel"}
    for panel in panels:
        assert panel["type"] in required, f"{panel['type']} missing from __requires"
        assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]
        assert panel["targets"], f"{panel['title']} has no query"
        ref_ids = [t["refId"] for t in panel["targets"]]
        assert len(ref_ids) == len(set(ref_ids)), panel["title"]
        for target in panel["targets"]:
            assert target["datasource"] == panel["datasource"]
    text = DASHBOARD.read_text(encoding="utf-8")
    for metric in ("nazh_roll_success_total", "nazh_roll_failed_total",
                   "nazh_roll_duration_seconds_bucket", "nazh_gateway_latency_seconds",
                   "nazh_guilds", "nazh_plot_die_total", "nazh_interactions_total",
                   "nazh_builder_sessions_total", "nazh_build_info", "nazh_ready"):
        assert metric in text, f"the dashboard does not show {metric}"
    for quantile in ("0.50", "0.95", "0.99"):
        assert f"histogram_quantile({quantile}," in text


# -- the real Prometheus -------------------------------------------------------------------------


def derive_config(sidecar: str, directory: Path) -> Path:
    """deploy/prometheus/prometheus.yml scraping ``sidecar`` (host:port) every second, with
    alerts.yml beside it, written to ``directory``; returns the config's path."""
    text = PROMETHEUS_YML.read_text(encoding="utf-8")
    text, targets = re.subn(re.escape(f'"{DEPLOYED_TARGET}"'), f'"{sidecar}"', text)
    assert targets == 1, f"expected one {DEPLOYED_TARGET} target in {PROMETHEUS_YML}"
    text, intervals = re.subn(r"(?m)^(\s*(?:scrape|evaluation)_interval:\s*)\S+", r"\g<1>1s",
                              text)
    assert intervals >= 2, f"expected scrape_interval and evaluation_interval in {PROMETHEUS_YML}"
    config = directory / "prometheus.yml"
    config.write_text(text, encoding="utf-8")
    shutil.copy(ALERTS_YML, directory / ALERTS_YML.name)
    return config


@dataclass
class Prometheus:
    """A running Prometheus and a client of its HTTP API."""

    url: str
    http: aiohttp.ClientSession
    log: Path

    def log_tail(self) -> str:
        """The end of Prometheus' log, for failure messages."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]

    async def api(self, path: str, **params: str) -> JsonValue:
        """GET /api/v1/``path``; the ``data`` of a successful answer."""
        async with self.http.get(f"{self.url}/api/v1/{path}", params=params) as response:
            body = await response.json()
        assert body.get("status") == "success", f"{path} {params}: {body}"
        return body["data"]

    async def query(self, expr: str) -> list[JsonObject]:
        """An instant query's vector (or a scalar as a one-sample vector)."""
        data = await self.api("query", query=expr)
        if data["resultType"] in {"scalar", "string"}:
            return [{"metric": {}, "value": data["result"]}]
        result: list[JsonObject] = data["result"]
        return result

    async def value(self, expr: str) -> float | None:
        """The single value of ``expr`` now, ``None`` while it has no data."""
        result = await self.query(expr)
        assert len(result) <= 1, f"{expr}: {result}"
        return float(result[0]["value"][1]) if result else None

    async def wait_until(self, expr: str, what: str) -> None:
        """Poll until ``expr`` (a filter such as ``x == 2``) returns data."""
        try:
            await until(lambda: self.query(expr), timeout=DATA_TIMEOUT, what=what, every=0.2)
        except NeverHappenedError:
            pytest.fail(f"{what}: no data for {expr} after {DATA_TIMEOUT} s\n{self.log_tail()}")


@pytest.fixture
async def prometheus(nazh: NazhUnderTest, tmp_path: Path) -> AsyncIterator[Prometheus]:
    """Debian's prometheus scraping the bot's sidecar every second; killed afterwards."""
    binary = required_binary("prometheus")
    assert nazh.sidecar is not None
    config = derive_config(f"{nazh.sidecar.host}:{nazh.sidecar.port}", tmp_path)
    port = free_port()
    log = tmp_path / "prometheus.log"
    with log.open("wb") as output:
        process = await asyncio.create_subprocess_exec(
            binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn",
            stdin=asyncio.subprocess.DEVNULL, stdout=output, stderr=output)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:
            server = Prometheus(f"http://127.0.0.1:{port}", http, log)
            await wait_until_ready(server, process)
            yield server
    finally:
        await stop(process)


async def wait_until_ready(server: Prometheus, process: asyncio.subprocess.Process) -> None:
    """Until /-/ready answers 200; fail with the log if Prometheus exits or never gets ready."""

    async def ready() -> bool:
        if process.returncode is not None:
            pytest.fail(f"prometheus exited with {process.returncode}:\n{server.log_tail()}")
        try:
            async with server.http.get(f"{server.url}/-/ready") as response:
                return response.status == 200
        except aiohttp.ClientError:
            return False

    try:
        await until(ready, timeout=STARTUP_TIMEOUT, what="prometheus ready", every=0.1)
    except NeverHappenedError:
        pytest.fail(f"prometheus not ready after {STARTUP_TIMEOUT} s:\n{server.log_tail()}")


async def stop(process: asyncio.subprocess.Process) -> None:
    """SIGTERM, then SIGKILL after 5 s."""
    if process.returncode is not None:
        return
    process.terminate()
    try:
        await asyncio.wait_for(process.wait(), 5)
    except TimeoutError:
        process.kill()
        await process.wait()


# -- driving the bot -----------------------------------------------------------------------------


ADMIN = make_user("799999999999999999", "admin")


async def drive_every_source(nazh: NazhUnderTest, fake: FakeDiscord) -> None:
    """Successful and failed rolls from every source (see EXPECTED_ROLLS), a plot die, a builder
    session and interactions of every kind."""
    # the server's house rule: the roller adds the plot die after the roll from its result
    # (else a GM's, on the GM panel)
    grant_manage_server(fake, ADMIN)
    _, setting = await nazh.slash("settings set", _user=ADMIN, **{"players-raise-stakes": True})
    assert "**players-raise-stakes**: on" in json.dumps(setting, ensure_ascii=False)
    interaction, _ = await nazh.slash(pool="a1d20+5, 2d6+3")  # slash, success
    message = fake.original_message(interaction)
    _, update = await nazh.click(custom_id_of(message, "Add Plot Die"))  # button, a plot die
    assert update["type"] == 7, update
    _, body = await nazh.slash(pool="1d20, p", dc=12)  # slash, success, a plot die
    assert body["type"] == 4, body
    for pool in ("1d20++5", "21d6"):  # slash: a notation and a limit failure
        _, refusal = await nazh.slash(pool=pool)
        assert refusal["data"]["flags"] & (1 << 6), refusal
    _, builder = await nazh.slash(pool="2d6", build=True)  # a builder session ...
    followups = len(fake.requests_to("POST", r"^/webhooks/"))
    _, sent = await nazh.click(custom_id_of(builder["data"], "Roll Publicly"))  # ... rolled
    assert sent["type"] == 7, sent
    await fake.wait_for_request(
        lambda _: len(fake.requests_to("POST", r"^/webhooks/")) > followups)
    _, modal = await nazh.click(custom_id_of(message, "Copy Command"))
    assert modal["type"] == 9, modal
    field = modal["data"]["components"][0]["components"][0]["custom_id"]
    for notation in ("d1d20+5", "1d20++5"):  # modal: a success and a notation failure
        submit = modal_submit(modal["data"]["custom_id"], {field: notation},
                              application_id=str(fake.application_id))
        await fake.dispatch("INTERACTION_CREATE", submit)
        await fake.wait_for_interaction_response(submit)
    stale = slash_command("roll", {"pool": "1d20"})  # past the answer budget: shed
    stale["id"] = str((int((time.time() - 2.5) * 1000) - DISCORD_EPOCH_MS) << 22)
    await fake.dispatch("INTERACTION_CREATE", stale)
    assert nazh.container is not None
    sidecar = nazh.container.sidecar()
    async with aiohttp.ClientSession() as session:

        async def counted() -> bool:
            async with session.get(f"{sidecar.url}/metrics") as response:
                return 'outcome="expired"} 1.0' in await response.text()

        await until(counted, what="the stale interaction counted as expired", every=0.05)


def finite(result: list[JsonObject]) -> bool:
    """Whether some sample of an instant vector is a finite number."""
    return any(math.isfinite(float(sample["value"][1])) for sample in result)


def describe(result: list[JsonObject]) -> str:
    return json.dumps(result)[:400]


@gateway_only
async def test_every_dashboard_and_alert_expression_returns_data(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, prometheus: Prometheus) -> None:
    # Rolls only after the first scrape, so that rate() sees them as increases. (Prometheus
    # 2.42 applies its targets about 5 s after it starts: most of this test's time.)
    await prometheus.wait_until('up{job="nazh"} == 1', "the first scrape of the sidecar")
    await drive_every_source(nazh, fake_discord)

    assert nazh.container is not None
    stats = nazh.container.service.roll_stats()
    for name, (successes, failures) in EXPECTED_ROLLS.items():
        source = RollSource(name)
        assert (stats.successes[source], stats.failures[source]) == (successes, failures), name
        await prometheus.wait_until(
            f'nazh_roll_success_total{{source="{name}"}} == {successes}', f"{name} successes")
        await prometheus.wait_until(
            f'sum(nazh_roll_failed_total{{source="{name}"}}) == {failures}', f"{name} failures")
    scrapes = await prometheus.value('count_over_time(up{job="nazh"}[1h])')
    assert scrapes is not None
    await prometheus.wait_until(
        f'count_over_time(up{{job="nazh"}}[1h]) >= {scrapes + SCRAPES_AFTER_ROLLS}',
        f"{SCRAPES_AFTER_ROLLS} more scrapes")

    assert await prometheus.value('up{job="nazh"}') == 1
    assert await prometheus.value("nazh_ready") == 1
    assert await prometheus.value("nazh_guilds") == len(fake_discord.guild_ids)
    assert await prometheus.value("sum(nazh_builder_sessions_total)") == 1
    assert await prometheus.value("sum(nazh_plot_die_total)") == 2
    build = await prometheus.query("nazh_build_info")
    assert [s["metric"]["commit"] for s in build] == ["0123456789abcdef"]

    problems: list[str] = []
    expressions = dashboard_expressions(load_dashboard())
    assert len(expressions) >= 15, expressions
    for where, expr in expressions:
        try:
            promql = substitute_grafana_variables(expr)
        except KeyError as error:
            problems.append(f"dashboard {where}: {error}")
            continue
        result = await prometheus.query(promql)
        if not finite(result):
            problems.append(f"dashboard {where}: {promql} -> {describe(result)}")

    ratio = await prometheus.value(substitute_grafana_variables(next(
        expr for where, expr in expressions if where.startswith("Roll success ratio / "))))
    successes = sum(s for s, _ in EXPECTED_ROLLS.values())
    failures = sum(f for _, f in EXPECTED_ROLLS.values())
    assert ratio == pytest.approx(successes / (successes + failures), rel=0.01)

    rules = await wait_for_rules(prometheus)
    assert {rule["name"] for rule in rules} == set(ALERTS)
    states = {rule["name"]: rule["state"] for rule in rules}
    assert {name: states[name] for name in ALERT_STATES} == ALERT_STATES, rules
    for rule in rules:
        name, query = rule["name"], rule["query"]
        assert rule["duration"] == ALERTS[name], f"{name}: for {rule['duration']} s"
        assert rule["labels"].get("severity") in {"critical", "warning"}, name
        assert rule["annotations"].get("summary"), name
        assert rule["annotations"].get("description"), name
        await prometheus.query(query)  # the whole expression runs (status success)
        split = split_threshold(query)
        lhs = query if split is None else split[0]
        result = await prometheus.query(lhs)
        if not finite(result):
            problems.append(f"alert {name}: {lhs} -> {describe(result)}")
    assert not problems, "expressions without data:\n" + "\n".join(problems)


async def wait_for_rules(prometheus: Prometheus) -> list[JsonObject]:
    """The alerting rules once each has been evaluated successfully (health "ok")."""
    rules: list[JsonObject] = []

    async def healthy() -> list[JsonObject] | None:
        nonlocal rules
        data = await prometheus.api("rules", type="alert")
        rules = [rule for group in data["groups"] for rule in group["rules"]]
        assert {group["name"] for group in data["groups"]} == {"nazh"}
        return rules if rules and all(rule["health"] == "ok" for rule in rules) else None

    try:
        return await until(healthy, timeout=DATA_TIMEOUT, what="the alerting rules healthy",
                           every=0.2)
    except NeverHappenedError:
        unhealthy = {rule["name"]: (rule["health"], rule.get("lastError")) for rule in rules}
        pytest.fail(f"alerting rules not all healthy: {unhealthy}\n{prometheus.log_tail()}")


