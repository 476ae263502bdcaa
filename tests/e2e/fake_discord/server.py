"""``FakeDiscord``: a local Discord (REST + gateway) on 127.0.0.1 for end-to-end tests."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import Self

from aiohttp import BodyPartReader, web

from nazh.application.shared.json_types import JsonMapping, JsonObject, JsonValue
from tests.waiting import NeverHappenedError, until

from . import spec
from .faults import FaultInjector
from .gateway import RECONNECT, FakeGateway
from .http_client import HttpReply, HttpTarget
from .json_values import json_copy
from .payloads import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    DEFAULT_APPLICATION_ID,
    DEFAULT_GUILD_ID,
    bot_token,
    component_click,
    make_bot_user,
    make_guild,
    new_snowflake,
    snowflake_time,
)
from .recording import RecordedRequest, RequestLog, RequestPredicate, UploadedFile
from .rest import (
    INITIAL_RESPONSE_SECONDS,
    NOT_FOUND,
    UNKNOWN_INTERACTION_CODE,
    Reply,
    RestApi,
    discord_error,
)
from .store import FakeState, InteractionRecord

API_PREFIX = "/api/v10"
GATEWAY_PATH = "/gw"
STREAM_CHUNK = 64 * 1024

_LOGGER = logging.getLogger(__name__)

Interactionish = JsonMapping | str



ANSWER_WAIT = 15.0
"""How long a test waits for the bot's answer to an interaction by default. The bot answers
within Discord's 3 s (deferring after 2 s when its work takes longer); the wait is only a
bound for a test on a loaded machine: running the suite on every core of the 2-core machine in
a slow hour, an in-process bot's answer was once not in after 5 s."""


class FakeDiscord:
    """A fake Discord serving REST under ``/api/v10`` and the gateway at ``/gw``, over loopback.

    Use ``async with FakeDiscord() as fake:``, point ``hikari.GatewayBot(fake.token,
    rest_url=fake.rest_url)`` at it, ``await fake.wait_ready()``, then ``await fake.dispatch(...)``
    interactions built with ``payloads`` and inspect ``fake.requests`` / stored messages.
    Every request body is validated against Discord's OpenAPI spec; violations are collected in
    ``spec_violations`` and, when ``strict``, answered with Discord's 400 "Invalid Form Body".
    A load benchmark can pass ``validate_every=N``: the first 200 requests are validated, then
    one in ``N`` (checking each costs the fake more CPU than the bot spends answering it, and
    the two share the machine); ``validated`` counts the requests checked. With
    ``defer_validation`` the requests sampled are accepted as they come and checked when
    :meth:`check_deferred` is awaited (a benchmark's phase over): checking a /roll's answer
    takes the fake 5-10 ms of CPU, and one in 25 of them at 1,000 a second kept a third of a
    core busy and the fake's own loop waiting on the checking thread while the bot was being
    timed. Their violations are collected as usual, but not answered with a 400.
    """

    def __init__(
        self,
        *,
        application_id: str = DEFAULT_APPLICATION_ID,
        guild_ids: Sequence[str] = (DEFAULT_GUILD_ID,),
        bot_username: str = "nazh",
        heartbeat_interval_ms: int = 41_250,
        strict: bool = True,
        validate_every: int = 1,
        defer_validation: bool = False,
    ) -> None:
        self.application_id = application_id
        self.bot_user_id = application_id
        self.bot_user: JsonObject = make_bot_user(self.bot_user_id, bot_username)
        self.token = bot_token(application_id)
        self.guild_ids = list(guild_ids)
        self.strict = strict
        self.validate_every = validate_every
        self.validated = 0
        self.defer_validation = defer_validation
        self._unchecked: list[RecordedRequest] = []
        self._received = 0
        self.spec_violations: list[str] = []
        self.server_errors: list[str] = []
        self.state = FakeState(application_id=application_id, bot_user=self.bot_user,
                               guild_ids=self.guild_ids)
        self.gateway = FakeGateway(
            token=self.token,
            bot_user=self.bot_user,
            application_id=application_id,
            guilds=[make_guild(guild_id) for guild_id in self.guild_ids],
            heartbeat_interval_ms=heartbeat_interval_ms,
        )
        self._rest = RestApi(self.state, token=self.token, gateway_url=lambda: self.gateway_url)
        self._log = RequestLog()
        self._faults = FaultInjector()
        self._runner: web.AppRunner | None = None
        self._base_url = ""
        self.http_target: HttpTarget | None = None
        """When set, interactions are POSTed to the bot (HTTP transport), not dispatched."""
        self.http_replies: list[HttpReply] = []
        self.files: dict[str, bytes] = {}
        """Files users attached, by attachment id (served at ``/attachments/...``)."""
        self.streamed: dict[str, int | None] = {}
        """Attachments served in chunks without a ``Content-Length``: the bytes written before
        the reader hung up or the file ended (``None`` while it is being served)."""
        self.members: dict[str, JsonObject] = {}
        """Member fields (``permissions``, ``roles``) by user id, applied to every guild
        interaction that user makes (a server's GMs and admins)."""
        self._http_in_flight: dict[str, asyncio.Event] = {}
        self._validation: ThreadPoolExecutor | None = None
        self._handling = 0
        """Requests are checked against the spec off the event loop, one at a time: a burst of
        answers to check must not hold up the gateway or stamp later requests late (Discord's
        API takes requests while it checks others)."""

    # lifecycle ---------------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self, port: int = 0) -> None:
        """Start serving on 127.0.0.1, on ``port`` (0: an ephemeral port)."""
        self._validation = ThreadPoolExecutor(1, thread_name_prefix="fake-discord-spec")
        app = web.Application()
        app.router.add_get(GATEWAY_PATH, self.gateway.handle)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self._attachment)
        app.router.add_route("*", "/{tail:.*}", self._handle_rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        host, port = self._runner.addresses[0][:2]
        self._base_url = f"http://{host}:{port}"
        self.state.base_url = self._base_url
        self.gateway.url = f"ws://{host}:{port}{GATEWAY_PATH}"

    def attachment(self, data: bytes, filename: str,
                   content_type: str = "application/json", *, size: int | None = None,
                   streamed: bool = False) -> JsonObject:
        """A file a user attached (to a command option), served like Discord's CDN; the
        attachment object for ``resolved.attachments``. ``size`` is the size it claims (by
        default its own); ``streamed`` serves it in chunks, with no ``Content-Length``, counting
        what was written in :attr:`streamed`."""
        attachment_id = new_snowflake()
        self.files[attachment_id] = data
        if streamed:
            self.streamed[attachment_id] = None
        url = f"{self._base_url}/attachments/{attachment_id}/{filename}"
        return {"id": attachment_id, "filename": filename,
                "size": len(data) if size is None else size, "url": url,
                "proxy_url": url, "content_type": content_type, "ephemeral": True}

    async def _attachment(self, request: web.Request) -> web.StreamResponse:
        attachment_id = request.match_info["attachment_id"]
        data = self.files.get(attachment_id)
        if data is None:
            return web.Response(status=404)
        if attachment_id not in self.streamed:
            return web.Response(body=data)
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        sent = 0
        try:
            for start in range(0, len(data), STREAM_CHUNK):
                chunk = data[start:start + STREAM_CHUNK]
                await response.write(chunk)
                sent += len(chunk)
            await response.write_eof()
        except ConnectionError:
            pass  # the reader hung up
        finally:
            self.streamed[attachment_id] = sent
        return response

    async def close(self) -> None:
        """Close gateway connections and stop the server."""
        if self._runner is None:
            return
        await self.gateway.close()
        await self._runner.cleanup()
        self._runner = None
        if self._validation is not None:
            self._validation.shutdown(wait=False)
            self._validation = None

    # identity ----------------------------------------------------------------------------------

    @property
    def attachment_origin(self) -> str:
        """``http://127.0.0.1:PORT``: where attached files are served (Discord's CDN stands in),
        for the bot's ``NAZH_ATTACHMENT_HOSTS``."""
        return self._base_url

    @property
    def rest_url(self) -> str:
        """``http://127.0.0.1:PORT/api/v10``, for ``hikari.GatewayBot(rest_url=...)``."""
        return self._base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """``ws://127.0.0.1:PORT/gw`` (what ``GET /gateway/bot`` returns)."""
        return self.gateway.url

    # gateway -------------------------------------------------------------------------------------

    @property
    def gateway_connected(self) -> bool:
        """True while a gateway connection has completed READY or RESUMED."""
        return self.gateway.connected

    @property
    def identify_count(self) -> int:
        """How many IDENTIFYs the fake accepted."""
        return self.gateway.identify_count

    @property
    def resume_count(self) -> int:
        """How many RESUMEs the fake accepted."""
        return self.gateway.resume_count

    @property
    def gateway_payloads(self) -> list[JsonObject]:
        """Every payload the client sent on the gateway (heartbeats, IDENTIFY, RESUME, ...)."""
        return self.gateway.received

    async def wait_ready(self, timeout: float = 5.0) -> None:
        """Wait until a gateway connection is ready (after READY/GUILD_CREATEs or RESUMED)."""
        await self.gateway.wait_ready(timeout)

    async def dispatch(self, event_name: str, data: JsonMapping, *,
                       target: HttpTarget | None = None) -> None:
        """Send a dispatch (op 0, next seq) to all sessions.

        INTERACTION_CREATE payloads are remembered so the bot's callback, followups and edits
        for them are accepted; command interactions get the id (and guild_id) of the command
        the bot registered under that name, if it did.
        """
        payload = json_copy(dict(data))
        if event_name == "INTERACTION_CREATE":
            member = payload.get("member")
            if isinstance(member, dict):
                member.update(self.members.get(str(member["user"]["id"]), {}))
            self._register_interaction(payload)
            if target is not None or self.http_target is not None:
                await self.post_interaction(payload, target=target)
                return
        await self.gateway.dispatch(event_name, payload, owned=True)

    async def post_interaction(self, payload: JsonMapping, *,
                               body: bytes | None = None,
                               headers: Mapping[str, str] | None = None,
                               target: HttpTarget | None = None) -> HttpReply:
        """Play Discord's part of the HTTP transport: sign and POST ``payload`` to the bot.

        A 200 reply is the interaction's initial response: it goes through this fake's own
        callback route (validated against the spec like any callback), so what the bot answered
        in the body of the reply is recorded exactly as a REST callback would be. ``body`` and
        ``headers`` replace the signed ones (to send forged requests).
        """
        target = target or self.http_target
        if target is None:
            raise RuntimeError("set fake.http_target to POST interactions")
        token = str(payload.get("token", ""))
        answered = self._http_in_flight[token] = asyncio.Event()
        try:
            reply = await target.post(payload, body=body, headers=headers)
            self.http_replies.append(reply)
            if reply.status == 200 and isinstance(reply.body, dict) and "id" in payload \
                    and payload.get("type") != 1:
                self._record_http_callback(payload, reply)
        finally:
            answered.set()
            self._http_in_flight.pop(token, None)
        return reply

    def _record_http_callback(self, payload: JsonMapping, reply: HttpReply) -> None:
        path = f"/interactions/{payload['id']}/{payload['token']}/callback"
        request = RecordedRequest(
            method="POST", path=path, query={}, headers={}, body=reply.body,
            content_type="application/json", authorized=False, files=list(reply.files),
            route=spec.match_route(path), handled=True)
        checked = self._sampled() and not self._deferred(request)
        answer = self._serve(request, None, self._validate(request) if checked else [])
        request.status = answer.status
        request.response = json_copy(answer.body)
        self._log.append(request)

    async def drop_gateway(self, close_code: int = 4000, reason: str = "fake drop") -> None:
        """Close gateway connections with ``close_code``; the client reconnects (and resumes)."""
        await self.gateway.drop(close_code, reason)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client reconnects and resumes."""
        await self.gateway.send_op(RECONNECT, None)

    async def invalidate_session(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION (``resumable=False`` makes the client identify again)."""
        await self.gateway.invalidate_sessions(resumable=resumable)

    # REST recording and faults ------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST request answered so far, oldest first."""
        return self._log.requests

    @property
    def unknown_requests(self) -> list[RecordedRequest]:
        """Requests to routes the fake does not implement (answered 404)."""
        return [request for request in self._log.requests if not request.handled]

    def requests_to(self, method: str, path_regex: str) -> list[RecordedRequest]:
        """Requests with this method (``"*"``: any) whose path contains a ``path_regex`` match."""
        return [request for request in self._log.requests if request.matches(method, path_regex)]

    async def wait_for_request(
        self, predicate: RequestPredicate, timeout: float = 5.0
    ) -> RecordedRequest:
        """The first answered request matching ``predicate`` (made before or within ``timeout``)."""
        return await self._log.wait_for(predicate, timeout)

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with a 429 (as Discord sends it) or a 5xx."""
        self._faults.add(
            method, path_regex, status, times=times, retry_after=retry_after, is_global=is_global
        )

    @property
    def pending_faults(self) -> int:
        """Injected failures not served yet."""
        return self._faults.pending

    # interactions and messages -----------------------------------------------------------------

    def interaction(self, interaction: Interactionish) -> InteractionRecord:
        """The record of a dispatched interaction (by payload or token)."""
        token = interaction if isinstance(interaction, str) else str(interaction["token"])
        record = self.state.interaction(token)
        if record is None:
            msg = (
                "unknown interaction: dispatch it through fake.dispatch('INTERACTION_CREATE', ...)"
            )
            raise LookupError(msg)
        return record

    def interaction_response(self, interaction: Interactionish) -> JsonObject | None:
        """The body of the bot's accepted initial response (callback), None if not answered yet."""
        return json_copy(self.interaction(interaction).callback)

    async def wait_for_interaction_response(
        self, interaction: Interactionish, timeout: float = ANSWER_WAIT
    ) -> JsonObject:
        """Wait for the bot's accepted callback to this interaction and return its body (for
        up to ``timeout`` seconds: see :data:`ANSWER_WAIT`)."""
        record = self.interaction(interaction)
        prefix = f"/interactions/{record.id}/"

        def answered(request: RecordedRequest) -> bool:
            return request.path.startswith(prefix) and 200 <= request.status < 300

        request = await self.wait_for_request(answered, timeout)
        body: JsonObject = request.body
        return body

    def late_answers(self, interaction: Interactionish) -> list[float]:
        """How long after the interaction each of its callbacks refused as too late arrived
        (Discord forgets an interaction not answered in 3 s), in seconds."""
        record = self.interaction(interaction)
        prefix, created = f"/interactions/{record.id}/", snowflake_time(record.id)
        return [request.received - created for request in self._log.requests
                if request.path.startswith(prefix) and request.path.endswith("/callback")
                and isinstance(request.response, dict)
                and request.response.get("code") == UNKNOWN_INTERACTION_CODE
                and request.received - created > INITIAL_RESPONSE_SECONDS]

    def original_message(self, interaction: Interactionish) -> JsonObject:
        """The interaction's original response message as it currently is (after edits)."""
        message_id = self.interaction(interaction).original_message_id
        if message_id is None or message_id not in self.state.messages:
            msg = "the interaction has no (undeleted) original response message"
            raise LookupError(msg)
        return json_copy(self.state.messages[message_id])

    def followup_messages(self, interaction: Interactionish) -> list[JsonObject]:
        """The interaction's followup messages that still exist, oldest first."""
        ids = self.interaction(interaction).followup_ids
        return [json_copy(self.state.messages[i]) for i in ids if i in self.state.messages]

    def message(self, message_id: str) -> JsonObject:
        """A stored message by id (as it currently is)."""
        return json_copy(self.state.messages[message_id])

    @property
    def messages(self) -> list[JsonObject]:
        """All stored (undeleted) messages, oldest first."""
        return [json_copy(message) for message in self.state.messages.values()]

    def message_with_component(self, custom_id: str) -> JsonObject:
        """The newest stored message holding a component with ``custom_id``."""
        found = self.state.find_component(custom_id)
        if found is None:
            msg = f"no stored message has a component with custom_id {custom_id!r}"
            raise LookupError(msg)
        return json_copy(found[0])

    async def click(
        self,
        custom_id: str,
        values: Sequence[str] | None = None,
        *,
        user: JsonMapping | None = None,
    ) -> JsonObject:
        """Click the button (or choose ``values`` in the select) ``custom_id`` on the bot's message.

        Builds the component interaction on the newest stored message with that component,
        dispatches it and returns the INTERACTION_CREATE payload.
        """
        found = self.state.find_component(custom_id)
        if found is None:
            msg = f"no stored message has a component with custom_id {custom_id!r}"
            raise LookupError(msg)
        message, component = found
        payload = component_click(
            custom_id,
            int(component["type"]),
            values,
            message=json_copy(message),
            user=user,
            guild_id=message.get("guild_id"),
            application_id=self.application_id,
        )
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    def commands(self, guild_id: str | None = None) -> list[JsonObject]:
        """Application commands the bot registered (global, or for ``guild_id``)."""
        return json_copy(self.state.commands.get(guild_id, []))

    # internals ----------------------------------------------------------------------------------

    def _register_interaction(self, payload: JsonObject) -> None:
        if payload.get("application_id") != self.application_id:
            msg = f"interaction is for application {payload.get('application_id')}"
            raise ValueError(msg)
        if payload.get("type") in {APPLICATION_COMMAND, AUTOCOMPLETE}:
            self.state.resolve_command(payload)
        self.state.register_interaction(payload)

    async def _handle_rest(self, http: web.Request) -> web.StreamResponse:
        received = time.time()
        self._handling += 1
        try:
            await self._after_http_reply(http.path)
            request = await _parse_request(http, received)
            reply = self._faults.take(request.method, request.path)
            if reply is None:
                violations = await self._check(request)
                reply = self._serve(request, http.headers.get("Authorization"), violations)
            request.status = reply.status
            request.response = json_copy(reply.body)
            self._log.append(request)
            return reply.to_response()
        finally:
            self._handling -= 1

    async def settled(self, timeout: float = 10.0) -> None:
        """Wait until every request received so far is answered and in :attr:`requests` (a
        request is recorded once it has been checked against the spec, off the event loop)."""
        try:
            await until(lambda: not self._handling, timeout=timeout,
                        what="every request answered")
        except NeverHappenedError as error:
            raise TimeoutError(f"{self._handling} request(s) still being answered") from error

    async def _after_http_reply(self, path: str) -> None:
        """A webhook call for an interaction whose POST is still being answered waits for the
        reply (Discord has it before any followup the bot sends once it replied)."""
        for token, answered in list(self._http_in_flight.items()):
            if token and f"/webhooks/{self.application_id}/{token}" in path:
                await asyncio.wait_for(answered.wait(), 10)

    def _serve(self, request: RecordedRequest, authorization: str | None,
               violations: list[str]) -> Reply:
        if not request.handled:
            return NOT_FOUND
        if violations and self.strict:
            errors = {"_errors": [{"code": "SPEC_VIOLATION", "message": v} for v in violations]}
            return discord_error(400, 50035, "Invalid Form Body", errors)
        try:
            return self._rest.handle(request, authorization)
        except Exception as error:  # a bug in the fake must not look like a Discord 500 retry
            _LOGGER.exception("fake discord failed on %s %s", request.method, request.path)
            self.server_errors.append(f"{request.method} {request.path}: {error!r}")
            return discord_error(400, 0, f"fake discord error: {error!r}")

    async def _check(self, request: RecordedRequest) -> list[str]:
        """The spec's violations by a request sampled now (off the loop), or none yet: one not
        sampled, or kept to be checked later with ``defer_validation``."""
        if not self._sampled() or self._deferred(request):
            return []
        return await asyncio.get_running_loop().run_in_executor(
            self._validation, self._validate, request)

    async def check_deferred(self) -> int:
        """Check the requests sampled and kept by ``defer_validation`` (off the loop); their
        violations join :attr:`spec_violations`. Returns how many were checked."""
        unchecked, self._unchecked = self._unchecked, []
        await asyncio.get_running_loop().run_in_executor(
            self._validation, lambda: [self._validate(request) for request in unchecked])
        return len(unchecked)

    def _deferred(self, request: RecordedRequest) -> bool:
        """With ``defer_validation``, keep a sampled request to be checked later."""
        if self.defer_validation:
            self._unchecked.append(request)
        return self.defer_validation

    def _sampled(self) -> bool:
        """Whether the request received now is checked against the spec (decided on the loop,
        so a request left out costs no hand-over to the checking thread)."""
        self._received += 1
        return self._received <= SAMPLE_FROM or not self._received % self.validate_every

    def _validate(self, request: RecordedRequest) -> list[str]:
        if not request.handled or self._rest.match(request.method, request.path) is None:
            return []
        if request.body is None and request.method in {"GET", "DELETE"}:
            return []
        self.validated += 1
        violations = spec.validate_request(
            request.method, request.path, request.body, content_type=request.content_type
        )
        for violation in violations:
            if violation not in self.spec_violations:
                self.spec_violations.append(violation)
        return violations


SAMPLE_FROM = 200
"""With ``validate_every`` > 1, every request up to this one is still validated."""


async def _parse_request(http: web.Request, received: float) -> RecordedRequest:
    """Turn an aiohttp request into a RecordedRequest (JSON body or multipart payload_json),
    stamped ``received`` when its handling began: reading and parsing its body waits behind
    whatever else the fake's loop is doing (a burst of gateway events), which is not the
    bot's lateness."""
    path = http.path
    handled = path.startswith(API_PREFIX + "/")
    relative = path[len(API_PREFIX) :] if handled else path
    body: JsonValue = None
    files: list[UploadedFile] = []
    if http.content_type.startswith("multipart/"):
        body, files = await _read_multipart(http)
    elif http.can_read_body:
        raw = await http.read()
        body = _loads(raw) if raw else None
    return RecordedRequest(
        method=http.method,
        path=relative,
        query=dict(http.query),
        headers={k: v for k, v in http.headers.items() if k.lower() != "authorization"},
        body=body,
        content_type=http.content_type if body is not None else "",
        authorized="Authorization" in http.headers,
        files=files,
        route=spec.match_route(relative) if handled else None,
        handled=handled,
        received=received,
    )


async def _read_multipart(http: web.Request) -> tuple[JsonValue, list[UploadedFile]]:
    body: JsonValue = None
    files: list[UploadedFile] = []
    reader = await http.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "payload_json":
            body = _loads(await part.read())
        else:
            data = bytes(await part.read(decode=False))
            content_type = part.headers.get("Content-Type", "application/octet-stream")
            files.append(UploadedFile(part.name or "", part.filename or "file", content_type, data))
    return body, files


def _loads(raw: bytes | bytearray) -> JsonValue:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def assert_no_spec_violations(fake: FakeDiscord) -> None:
    """Fail with a readable list if any request body broke Discord's OpenAPI schema or one of
    the rules it cannot say (``message_rules``: Components V2)."""
    found = fake.spec_violations + fake.state.rule_violations
    if found:
        listing = "\n  ".join(found)
        msg = f"{len(found)} request(s) violate Discord's API spec:\n  {listing}"
        raise AssertionError(msg)


def assert_healthy(fake: FakeDiscord) -> None:
    """No spec violations, no requests to unimplemented routes, no internal errors of the fake."""
    assert_no_spec_violations(fake)
    unknown = [f"{r.method} {r.path}" for r in fake.unknown_requests]
    if unknown:
        raise AssertionError(
            "requests to routes the fake does not serve:\n  " + "\n  ".join(unknown)
        )
    if fake.server_errors:
        raise AssertionError("fake discord errors:\n  " + "\n  ".join(fake.server_errors))
