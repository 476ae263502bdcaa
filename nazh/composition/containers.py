"""The dependency-injector containers: how every part of Nazh is built and started."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from dependency_injector import containers, providers

from nazh.adapters.clock import SystemClock
from nazh.adapters.discord.features import FEATURES, MANIFESTS, OFFER_BUTTONS
from nazh.adapters.discord.gateway.app import GatewayApp
from nazh.adapters.discord.http.app import HttpApp
from nazh.adapters.discord.rolls.posting import ResultMessages
from nazh.adapters.discord.runtime.answer import RollAnswers
from nazh.adapters.discord.runtime.core import DiscordCore, Router
from nazh.adapters.discord.runtime.dependencies import Dependencies
from nazh.adapters.discord.runtime.feature import Features
from nazh.adapters.discord.runtime.manifest import HandlerParts, handlers_of
from nazh.adapters.discord.runtime.responder import InitialResponses
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.adapters.discord.runtime.wrapper import InteractionWrapper
from nazh.adapters.memory.interactions import LocalInteractionLedger
from nazh.adapters.memory.roll_store import InMemoryRollStore
from nazh.adapters.metrics.prometheus import (
    PrometheusMetrics,
    new_registry,
)
from nazh.adapters.rng.seeded import SeededRandomSource
from nazh.adapters.rng.system import SystemRandomSource
from nazh.adapters.storage.carried_dice import SqlCarriedDice
from nazh.adapters.storage.characters import SqlCharacterStore
from nazh.adapters.storage.database import (
    create_engine,
)
from nazh.adapters.storage.encounters import SqlEncounterStore
from nazh.adapters.storage.endeavors import SqlEndeavorStore
from nazh.adapters.storage.guild_settings import SqlGuildSettingsStore
from nazh.adapters.storage.held_effects import SqlHeldEffects
from nazh.adapters.storage.journal import FileJournal
from nazh.adapters.storage.requests import SqlRequestStore
from nazh.adapters.storage.roll_log import SqlRollLog
from nazh.adapters.storage.saved_rolls import SqlSavedRollStore
from nazh.adapters.storage.sessions import SqlSessionReader, SqlSessionStore
from nazh.adapters.storage.stats import SqlStats
from nazh.adapters.workers.odds import ProcessOddsWorker
from nazh.application.admission.gate import Admission
from nazh.application.admission.once import HandledOnce
from nazh.application.carried.situations import CarriedSituations
from nazh.application.carried.use_cases import CarriedAllies
from nazh.application.characters.gate import SheetGate
from nazh.application.characters.rolls import CharacterRolls
from nazh.application.characters.service import Characters
from nazh.application.encounters.roll_acts import EncounterRollActs
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.endeavors.use_cases import Endeavors
from nazh.application.history.queries import RollLogQueries
from nazh.application.history.suggestions import Suggestions
from nazh.application.log.retention import RetentionJob
from nazh.application.log.writer import LogWriter
from nazh.application.odds.use_cases import ShowOdds
from nazh.application.rate_limits.limits import Limit, RateLimits
from nazh.application.requests.use_cases import Requests
from nazh.application.rolls.actions import RollActions
from nazh.application.rolls.builder import Builders
from nazh.application.rolls.dice import RollDice
from nazh.application.rolls.events import RollHandlers
from nazh.application.rolls.logged_store import LoggedRollStore
from nazh.application.rolls.metrics import FanOutRollMetrics, RollStats
from nazh.application.rolls.model import RollStamps
from nazh.application.rolls.use_cases import RollUseCases
from nazh.application.saved.shelves import SavedRolls
from nazh.application.sessions.roll_handler import OpenSessions, SessionRolls
from nazh.application.sessions.use_cases import SessionReading, Sessions
from nazh.application.stats.dice_stats import AuditJob, DiceStats
from nazh.application.status.health import ServiceProbe, StatusReport
from nazh.composition import factories as make
from nazh.composition import lifecycles
from nazh.composition.jobs import odds_with_chart

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)


class Basics(containers.DeclarativeContainer):
    """Dice, roll ids and the clock: what every command needs."""

    dice = providers.Singleton(SystemRandomSource)
    ids = providers.Singleton(SystemRandomSource)
    clock = providers.Singleton(SystemClock)
    roll_dice = providers.Factory(RollDice, rng=dice)
    registry = providers.Singleton(new_registry)
    prometheus = providers.Singleton(PrometheusMetrics, registry)


class Storage(containers.DeclarativeContainer):
    """The roll log (RollLog, RollHistory, ChainReader, LogRetention), saves, sheets, encounters."""

    config: providers.Dependency[object] = providers.Dependency()
    clock: providers.Dependency[object] = providers.Dependency()
    metrics: providers.Dependency[object] = providers.Dependency()
    attempts = providers.Object(lifecycles.STORAGE_ATTEMPTS)

    engine = providers.Singleton(create_engine, config.provided.database_url)
    tallier = providers.Singleton(make.tallier)
    roll_log = providers.Singleton(SqlRollLog, engine, tallier)
    stats = providers.Singleton(SqlStats, engine)
    saved_store = providers.Singleton(SqlSavedRollStore, engine, clock)
    guild_settings = providers.Singleton(SqlGuildSettingsStore, engine, clock)
    character_store = providers.Singleton(SqlCharacterStore, engine, clock)
    held_effects = providers.Singleton(SqlHeldEffects, engine, clock)
    carried_dice = providers.Singleton(SqlCarriedDice, engine, clock)
    encounter_store = providers.Singleton(SqlEncounterStore, engine, clock)
    request_store = providers.Singleton(SqlRequestStore, engine)
    endeavor_store = providers.Singleton(SqlEndeavorStore, engine)
    session_store = providers.Singleton(SqlSessionStore, engine)
    session_reader = providers.Singleton(SqlSessionReader, engine, encounter_store,
                                         request_store, endeavor_store)
    journal = providers.Singleton(FileJournal, config.provided.journal_dir)
    roll_claims = providers.Singleton(make.roll_claims, engine, clock, roll_log)
    writer = providers.Singleton(LogWriter, target=providers.Singleton(make.log_target,
                                                                       roll_claims, roll_log),
                                 journal=journal, metrics=metrics)
    checkpoints = providers.Singleton(make.checkpoint_job, config, roll_log, clock)
    checkpoint_check = providers.Singleton(make.checkpoint_check, config)
    purges = providers.Singleton(make.retention, roll_log, checkpoints)
    retention = providers.Singleton(RetentionJob, purges, clock, config.provided.history_days)
    running = providers.Resource(lifecycles.storage_lifecycle, engine, writer, retention, attempts,
                                 checkpoints)
    arrival = providers.Singleton(make.arrival, engine)
    claims_pruning = providers.Resource(lifecycles.periodic_lifecycle,
                                        providers.Singleton(make.claims_pruning, roll_claims))


class Service(containers.DeclarativeContainer):
    """Metrics and the use cases behind the chat front end."""

    config: providers.Dependency[object] = providers.Dependency()
    basics = providers.DependenciesContainer()
    storage = providers.DependenciesContainer()

    registry = basics.registry
    prometheus = basics.prometheus
    roll_stats = providers.Singleton(RollStats, clock=basics.clock)
    roll_metrics = providers.Singleton(FanOutRollMetrics, prometheus, roll_stats)

    # Rolls behind buttons: in memory for speed, in the log for restarts and other processes.
    memory_store = providers.Singleton(InMemoryRollStore, clock=basics.clock)
    roll_store = providers.Singleton(LoggedRollStore, cache=memory_store, writer=storage.writer,
                                     history=storage.roll_log, claims=storage.roll_claims)
    checkpoint_check = storage.checkpoint_check
    guild_settings = providers.Singleton(make.guild_settings, storage.guild_settings,
                                         basics.clock, config.provided.history_days,
                                         storage.engine)
    saved_rolls = providers.Singleton(SavedRolls, storage.saved_store, guild_settings)
    characters = providers.Singleton(Characters, storage.character_store, guild_settings,
                                     basics.clock, basics.ids)
    sheets = providers.Singleton(SheetGate, characters, storage.held_effects)
    encounters = providers.Singleton(EncounterUseCases.of, storage.encounter_store,
                                     guild_settings, characters, basics.clock, basics.ids,
                                     sheets, basics.dice)
    dice_stats = providers.Singleton(DiceStats, storage.stats, storage.tallier, basics.clock)
    audit_job = providers.Singleton(AuditJob, dice_stats, prometheus,
                                    config.provided.audit_minutes)
    auditing = providers.Resource(lifecycles.audit_lifecycle, audit_job)
    log_queries = providers.Singleton(RollLogQueries, history=storage.roll_log,
                                      chains=storage.roll_log,
                                      checkpoints=storage.checkpoint_check)
    stamps = providers.Singleton(RollStamps, clock=basics.clock, ids=basics.ids)
    roll_actions = providers.Singleton(RollActions, roll_dice=basics.roll_dice, store=roll_store,
                                      stamps=stamps, metrics=roll_metrics,
                                      saved=saved_rolls, settings=guild_settings,
                                      arrival=storage.arrival)
    endeavors = providers.Singleton(Endeavors, storage.endeavor_store, guild_settings,
                                    basics.clock, basics.ids)
    sessions = providers.Singleton(
        Sessions, storage.session_store, storage.session_store, guild_settings,
        storage.session_reader, providers.Singleton(
            SessionReading, storage.session_reader, storage.session_reader, storage.writer),
        basics.clock, basics.ids)
    session_rolls = providers.Singleton(SessionRolls, sessions, providers.Singleton(
        OpenSessions, sessions, storage.session_store))
    # What follows a roll: the handlers the feature packages' manifests name, in their order.
    roll_handlers = providers.Singleton(RollHandlers, providers.Callable(
        handlers_of, providers.Object(MANIFESTS), providers.Singleton(
            HandlerParts, sheets, encounters.provided.rolls, endeavors, session_rolls,
            storage.carried_dice)))
    roll_use_cases = providers.Singleton(RollUseCases.of, roll_actions, roll_handlers)
    character_rolls = providers.Singleton(CharacterRolls, table=roll_actions,
                                          characters=characters, sheets=sheets,
                                          situations=providers.Singleton(
                                              CarriedSituations, encounters.provided.rolls,
                                              storage.carried_dice),
                                          handlers=roll_handlers)
    encounter_roll_acts = providers.Singleton(
        EncounterRollActs, encounters.provided.changes, encounters.provided.rolls, characters,
        character_rolls, roll_actions, roll_handlers)
    requests = providers.Singleton(Requests.of, storage.request_store, guild_settings,
                                   basics.clock, basics.ids, character_rolls,
                                   roll_use_cases.provided.reveal)
    carried = providers.Singleton(CarriedAllies, roll_actions, characters, storage.carried_dice)
    builders = providers.Singleton(Builders, table=roll_actions, saved=saved_rolls,
                                   metrics=prometheus)
    suggestions = providers.Singleton(Suggestions, saved=saved_rolls, queries=log_queries)
    odds_worker = providers.Singleton(ProcessOddsWorker, odds_with_chart)
    odds_workers = providers.Resource(lifecycles.odds_worker_lifecycle, odds_worker)
    show_odds = providers.Singleton(ShowOdds, worker=odds_worker, saved=saved_rolls)
    rate_limiter = providers.Singleton(make.rate_limiter, config)
    rate_limiting = providers.Resource(lifecycles.rate_limiter_lifecycle, rate_limiter)
    rate_limits = providers.Singleton(
        RateLimits, limiter=rate_limiter,
        user=providers.Factory(Limit, config.provided.user_per_minute,
                               config.provided.user_burst),
        guild=providers.Factory(Limit, config.provided.guild_per_minute,
                                config.provided.guild_burst))
    # Each interaction once: over the gateway a redelivery reaches the process holding the
    # session, so ids are claimed here; nazh serve's workers share them (see shared_ledger).
    gateway_once = providers.Singleton(HandledOnce, ledger=providers.Singleton(
        LocalInteractionLedger), clock=basics.clock)
    http_once = providers.Singleton(
        HandledOnce, ledger=providers.Singleton(make.shared_ledger, config, storage.engine),
        clock=basics.clock, fallback=providers.Singleton(LocalInteractionLedger))
    admission = providers.Singleton(Admission, metrics=prometheus,
                                    budget=config.provided.answer_budget,
                                    max_in_flight=config.provided.max_in_flight,
                                    concurrency=config.provided.concurrency)


class Discord(containers.DeclarativeContainer):
    """The Discord core (features, wrapper, router) and the gateway transport."""

    config: providers.Dependency[object] = providers.Dependency()
    service = providers.DependenciesContainer()

    rest = providers.Singleton(RestRef)
    callbacks = providers.Singleton(make.callbacks, config)
    replies = providers.Singleton(InitialResponses, callbacks=callbacks)
    voices = providers.Singleton(make.voices, config, service.guild_settings)
    wrapper = providers.Singleton(InteractionWrapper, admission=service.admission,
                                  replies=replies, voices=voices)
    attachments = providers.Singleton(make.attachments, config)
    answers = providers.Singleton(RollAnswers, settings=service.guild_settings,
                                  results=providers.Singleton(ResultMessages, OFFER_BUTTONS))
    needs = providers.Singleton(
        Dependencies, wrapper=wrapper, answers=answers,
        table=service.roll_actions, rolls=service.roll_use_cases,
        suggestions=service.suggestions,
        settings=service.guild_settings, builders=service.builders, show_odds=service.show_odds,
        queries=service.log_queries, saved=service.saved_rolls, attachments=attachments,
        stats=service.dice_stats, chart=providers.Object(make.fairness_chart),
        characters=service.characters, character_rolls=service.character_rolls,
        info=providers.Callable(make.about_info, config), encounters=service.encounters,
        encounter_roll_acts=service.encounter_roll_acts, rest=rest,
        requests=service.requests, endeavors=service.endeavors, sessions=service.sessions,
        carried=service.carried)
    """What the Discord features are built from (each feature's ``build`` takes its part)."""
    features = providers.Singleton(Features, table=providers.Object(FEATURES), deps=needs)
    router = providers.Singleton(Router, features=features, wrapper=wrapper)
    core = providers.Singleton(DiscordCore, router=router, features=features,
                               admission=service.admission, wrapper=wrapper,
                               limits=service.rate_limits, rest=rest)

    discord_config = providers.Singleton(make.discord_config, config)
    gateway = providers.Singleton(GatewayApp, config=discord_config, core=core,
                                  admission=service.admission, once=service.gateway_once)
    http_config = providers.Singleton(make.http_config, config)
    http = providers.Singleton(HttpApp, config=http_config, core=core, replies=replies,
                               admission=service.admission, once=service.http_once)
    endpoint = providers.Singleton(make.endpoint, config, http)
    answering = providers.Resource(lifecycles.callbacks_lifecycle, callbacks)


class Container(containers.DeclarativeContainer):
    """Every service of ``nazh run`` (transport ``gateway``) or ``nazh serve`` (``http``)."""

    config: providers.Dependency[object] = providers.Dependency()
    transport = providers.Object("gateway")

    basics = providers.Container(Basics)
    storage = providers.Container(
        Storage, config=config, clock=basics.clock, metrics=basics.prometheus
    )
    service = providers.Container(Service, config=config, basics=basics, storage=storage)
    discord = providers.Container(Discord, config=config, service=service)

    build_info = providers.Singleton(make.build_info, config)
    app = providers.Selector(transport, gateway=discord.gateway, http=discord.http)
    once = providers.Selector(transport, gateway=service.gateway_once, http=service.http_once)
    guarding = providers.Resource(lifecycles.once_lifecycle, once)
    routes = providers.Selector(
        transport, gateway=providers.Object(()),
        http=providers.List(providers.Factory(make.interactions_route, discord.endpoint)))
    probe = providers.Singleton(ServiceProbe, app.provided.probe, storage.writer.provided.stats)
    status_report = providers.Singleton(StatusReport, probe=probe,
                                        stats=service.roll_stats, clock=basics.clock,
                                        build=build_info)
    registry = providers.Singleton(make.registry, service, probe, build_info,
                                   storage.writer.provided.stats)
    sidecar = providers.Singleton(make.sidecar, config, registry, probe, status_report, routes)
    serving = providers.Resource(lifecycles.sidecar_lifecycle, sidecar)
    mirrors = providers.Singleton(make.mirror_job, config, service.guild_settings,
                                  storage.roll_log, app.provider)
    mirroring = providers.Resource(lifecycles.mirror_lifecycle, mirrors)


def use_seed(basics: providers.Container[Basics], seed: int) -> None:
    """Make the dice deterministic (never for real games; roll ids stay random)."""
    basics.dice.override(providers.Singleton(SeededRandomSource, seed))
