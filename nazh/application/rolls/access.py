"""Who may see what of a roll, and which acts they may take: the one rule every path uses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from nazh.application.log.chain import LogEntry
from nazh.application.rolls.errors import NotYourRollError, RollNotFoundError
from nazh.application.rolls.secrets import secret_of
from nazh.application.settings.server import Visibility
from nazh.domain.errors import RollStateError

# A tuple, not a set: ``in`` compares members by identity (1,500 instructions fewer a roll).
SECRET = (Visibility.GM, Visibility.BLIND)
"""Visibilities whose result is committed, not shown, until it is revealed."""


class Sight(Enum):
    """How much of a roll a viewer may see."""

    NONE = 0
    """Nothing: the roll is answered exactly like an unknown one."""
    COMMITMENT = 1
    """That it exists, who rolled it and its commitment; not its result."""
    FULL = 2


class Role(Enum):
    """What the viewer is to the roll."""

    ROLLER = "roller"
    GM = "gm"
    MEMBER = "member"
    """Anyone else who may see the roll at all (same server; any roll but a private one)."""


class Act(Enum):
    """Everything that can be done with a roll."""

    VIEW = "view"
    """See its result in a message only the viewer sees (Show me, an ephemeral answer)."""
    PUBLISH = "publish"
    """Put its result in a message the channel sees (Back, /verify's answer, anchor posts)."""
    COPY = "copy"
    """Open the Copy form prefilled with it, or roll the form publicly with its label and DC."""
    REVEAL = "reveal"
    ADD_PLOT = "add-plot"
    """Raise the stakes after the d20 was rolled: the GM's call."""
    ADD_PLOT_HOUSE = "add-plot-house"
    """The same where a server's players-raise-stakes lets the roller (a house rule)."""
    CHOOSE_PLOT = "choose-plot"
    """Keep a face of a plot die rolled with advantage."""
    CHOOSE_PLOT_AGAINST = "choose-plot-against"
    """Keep a face of a plot die rolled with disadvantage: the GM's choice."""
    ADVANTAGE = "advantage"
    DISADVANTAGE = "disadvantage"
    KEEP_DIE = "keep-die"
    """Keep a face of a die rolled again (whoever applied the change chooses)."""
    REROLL = "reroll"
    """Reroll a die (where the server allows it)."""
    RECORD_ATTACK = "record-attack"
    """Record an attack's hit (no defense given) or graze."""
    SPEND_OPPORTUNITY = "spend-opportunity"
    """Spend an Opportunity (a critical hit among its uses)."""
    SPEND_COMPLICATION = "spend-complication"
    GM_PANEL = "gm-panel"
    """Open a shared result's 👑 GM panel: a GM's own controls of the roll, shown to them alone."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One act's row: who may take it, whether it waits for a secret's reveal, and the refusal."""

    roles: frozenset[Role]
    hidden: bool  # True: allowed while hidden (to full sight; REVEAL: the commitment)
    refusal: str


ANYONE = frozenset(Role)
ROLLER_ONLY = frozenset({Role.ROLLER})
GMS_ONLY = frozenset({Role.GM})

RULES: dict[Act, Rule] = {
    Act.VIEW: Rule(ANYONE, True, "only the GMs can see this secret roll"),
    Act.PUBLISH: Rule(ANYONE, False, ""),
    Act.COPY: Rule(ANYONE, False, ""),
    Act.REVEAL: Rule(frozenset({Role.ROLLER, Role.GM}), True,
                     "only the roller or a GM can reveal this roll"),
    Act.ADD_PLOT: Rule(GMS_ONLY, False,
                       "the stakes can't be raised after the d20 has been rolled: adding the "
                       "plot die to a posted roll is a GM's call"),
    Act.ADD_PLOT_HOUSE: Rule(frozenset({Role.ROLLER, Role.GM}), False,
                             "only the roller or a GM can add a plot die to this roll"),
    Act.CHOOSE_PLOT: Rule(ROLLER_ONLY, False,
                          "only the roller can choose the plot die of this roll"),
    Act.CHOOSE_PLOT_AGAINST: Rule(GMS_ONLY, False,
                                  "a plot die rolled with disadvantage: a GM keeps its face"),
    Act.ADVANTAGE: Rule(ROLLER_ONLY, False, "only the roller can give this roll advantage"),
    Act.DISADVANTAGE: Rule(GMS_ONLY, False, "only a GM can impose disadvantage on this roll"),
    Act.KEEP_DIE: Rule(ANYONE, False, ""),
    Act.REROLL: Rule(ROLLER_ONLY, False, "only the roller can reroll a die of this roll"),
    Act.RECORD_ATTACK: Rule(ROLLER_ONLY, False, "only the attacker can record how it went"),
    Act.SPEND_OPPORTUNITY: Rule(ROLLER_ONLY, False,
                                "only the roller can spend this roll's Opportunities"),
    Act.SPEND_COMPLICATION: Rule(GMS_ONLY, False,
                                 "only a GM can spend this roll's Complications"),
    # worded as every GM panel's refusal is (translated where it is shown)
    Act.GM_PANEL: Rule(GMS_ONLY, False, "only a GM (the server's gm-role, or Manage Server "
                                        "while none is set) may use the GM panel"),
}
"""The table of acts: one row each (a test fails for an act without one)."""

_WAITS = {Act.PUBLISH: "this secret roll must be revealed before it is shown here",
          Act.COPY: "this secret roll must be revealed before it is copied"}
"""A hidden roll's refusal, by what waits for it to be revealed (anything else: amended)."""

_HINTS = {
    Act.ADD_PLOT: "raise the stakes as you roll (add_plot:true, or p in the notation); a "
                  "server admin can let players add it later (players-raise-stakes)",
    Act.CHOOSE_PLOT_AGAINST: "GMs: the server's gm-role, else Manage Server",
    Act.VIEW: "ask a GM to reveal it",
    Act.REVEAL: "ask a GM to reveal it",
    Act.DISADVANTAGE: "GMs: the server's gm-role, else Manage Server",
    Act.ADVANTAGE: "a GM can impose disadvantage",
    Act.SPEND_COMPLICATION: "GMs: the server's gm-role, else Manage Server",
}


@dataclass(frozen=True, slots=True)
class RollFacts:
    """What the rule needs to know of a roll."""

    roller_id: int
    guild_id: int | None  # None: outside any server
    private: bool = False  # only its roller may see it
    secret: Visibility | None = None  # gm or blind (None: not secret)
    revealed: bool = False

    @property
    def hidden(self) -> bool:
        """A secret roll not revealed yet."""
        return self.secret is not None and not self.revealed


def facts_of_entry(latest: LogEntry) -> RollFacts:
    """The facts of a roll as its latest log record tells them."""
    secret = secret_of(latest.result)
    return RollFacts(latest.user_id, latest.guild_id, latest.private,
                     None if secret is None else secret.visibility,
                     secret is not None and secret.revealed)


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who looks: a user, where they are, and whether they are a GM there."""

    user_id: int
    guild_id: int | None
    gm: bool = False


@dataclass(frozen=True, slots=True)
class Reader:
    """The one member who reads a result only they see: the controls they cannot use are not
    drawn on it."""

    viewer: Viewer
    add_plot: Act = Act.ADD_PLOT
    """The act adding a plot die is for them: the GM's, or a house rule's."""

    def may(self, roll: RollFacts, act: Act) -> bool:
        """Whether they may take ``act`` on ``roll`` (``ADD_PLOT``: as the server's rule says)."""
        return allowed(roll, self.viewer, self.add_plot if act is Act.ADD_PLOT else act)


CHANNEL_USER = 0
"""The user id of :data:`CHANNEL`: no Discord user has it."""


def channel_of(guild_id: int | None) -> Viewer:
    """The channel as a viewer (neither roller nor GM): whatever a path posts is asked of it."""
    return Viewer(CHANNEL_USER, guild_id)


def audience_of(roll: RollFacts, asker: Viewer, *, ephemeral: bool) -> Viewer:
    """Who sees an answer about ``roll``: the asker alone (ephemeral, or private), else all."""
    return asker if ephemeral or roll.private else channel_of(asker.guild_id)


def private_counted(*, own: bool, published: bool) -> bool:
    """Whether private rolls count in an aggregate (/stats): only the roller's own, unposted."""
    # Secret rolls never count in one a player asks for (their faces would tell a hidden result).
    return own and not published


def roles_of(roll: RollFacts, viewer: Viewer) -> frozenset[Role]:
    """The viewer's roles for this roll (none: they may not see it at all)."""
    if viewer.guild_id != roll.guild_id:
        return frozenset()
    roller = viewer.user_id == roll.roller_id and viewer.user_id != CHANNEL_USER
    if roll.private and not roller:
        return frozenset()
    roles = {Role.MEMBER}
    if roller:
        roles.add(Role.ROLLER)
    if viewer.gm and viewer.guild_id is not None:
        roles.add(Role.GM)
    return frozenset(roles)


def sight_of(roll: RollFacts, viewer: Viewer) -> Sight:
    """What ``viewer`` may see of ``roll``: nothing, its commitment (a hidden secret) or all."""
    roles = roles_of(roll, viewer)
    if not roles:
        return Sight.NONE
    if not roll.hidden or Role.GM in roles:
        return Sight.FULL
    if roll.secret is Visibility.GM and Role.ROLLER in roles:
        return Sight.FULL
    return Sight.COMMITMENT


def allowed(roll: RollFacts, viewer: Viewer, act: Act) -> bool:
    """Whether ``viewer`` may take ``act`` on ``roll`` (see :func:`check`)."""
    try:
        check(roll, viewer, act)
    except (RollNotFoundError, NotYourRollError, RollStateError):
        return False
    return True


def check(roll: RollFacts, viewer: Viewer, act: Act) -> Sight:
    """Refuse ``act`` unless ``viewer`` may take it (unseen: RollNotFoundError); their sight."""
    sight = sight_of(roll, viewer)
    if sight is Sight.NONE:
        raise not_found()
    rule = RULES[act]
    if act is Act.REVEAL:
        _check_revealable(roll, viewer)
    elif roll.hidden and not rule.hidden:
        raise RollStateError(_WAITS.get(act, "this secret roll must be revealed before it is "
                                             "amended"),
                             hint="a GM (or, for a gm roll, the roller) can reveal it")
    elif sight is not Sight.FULL:
        raise NotYourRollError(rule.refusal, hint=_HINTS.get(act))
    if not rule.roles & roles_of(roll, viewer):
        raise NotYourRollError(rule.refusal, hint=_HINTS.get(act))
    return sight


def _check_revealable(roll: RollFacts, viewer: Viewer) -> None:
    if not roll.hidden:
        raise RollStateError("this roll is already public" if roll.secret is not None
                             else "this roll is not secret")
    if roll.secret is Visibility.BLIND and not viewer.gm:
        raise NotYourRollError("only the GMs can reveal this secret roll",
                               hint="ask a GM to reveal it")


def not_found() -> RollNotFoundError:
    """The reply to a roll the viewer may not see, word for word the reply to an unknown one."""
    return RollNotFoundError("this roll is no longer available", hint="roll it again with /roll")
