"""The reasons and hints of the refusals players meet most, in the reader's language.

The domain words its errors in English (it never translates); the ones listed here are
translated where a refusal is shown (:func:`nazh.presentation.chat.error_message`), any other
stays as the domain wrote it. A reason with values is listed as its template: the error carries
it with its fields (``NazhError("at most {most} weapons", fields={"most": 8})``), and the
template is translated before the fields fill it in. ``tests/presentation/test_refusals.py``
keeps each one in step with the domain's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from nazh.domain.errors import NazhError, printable
from nazh.presentation.i18n import N_, _, term

KNOWN = (
    N_("empty roll"),
    N_("empty pool"),
    N_("missing the number of sides after d"),
    N_("expected d before the die size of the plot die"),
    N_("expected d after the number of dice"),
    N_("only one modifier per pool"),
    N_("the plot die takes no modifier"),
    N_("at most one plot die per roll"),
    N_("this roll already has a plot die"),
    N_("a pool looks like 2d6+3, d20 or a1d20+5"),
    N_("the plot die is a pool of its own: write p (or ap / dp for advantage / disadvantage)"),
    N_("tags go before the dice, one per die: a = advantage, d = disadvantage, e.g. ad2d20"),
    N_("remove the second plot die"),
    N_("leave out add_plot / --plot, or remove the p pool"),
    N_("remove a pool to make room for the plot die"),
    N_("split the roll in several commands"),
    N_("roll the other pools in a second command"),
    N_("write the modifier as +5 or -2"),
    N_("write the modifier as +5 or -2, with one sign"),
    N_("add the modifiers up, e.g. +7 instead of +5+2"),
    N_("changing Nazh's settings needs the Manage Server permission"),
    N_("ask a server admin"),
    # characters, settings, /stats, encounters, requests, endeavors and sessions
    N_("{name} has no skill {skill}"),
    N_("the standard skills, e.g. insight, light-weaponry, or one added with /character skill"),
    N_("{name} has no weapon {weapon}"),
    N_("its weapons: {known}; add one with /character weapon"),
    N_("a character's name has 1 to {most} characters (got {got})"),
    N_("a character's name has only printable characters"),
    N_("at most {most} expertises (got {got})"),
    N_("at most {most} custom skills (got {got})"),
    N_("at most {most} weapons (got {got})"),
    N_("each weapon has its own name"),
    N_("it has none yet; add one with /character weapon"),
    N_("a skill's name needs a letter or a digit"),
    N_("{weapon}: only an adversary's attack has its own modifier or a fixed damage"),
    N_("a character's attack uses its skill's modifier and rolls its dice"),
    N_("{weapon}: at most {most} traits"),
    N_("only an adversary has a role"),
    N_("only an adversary has a tier"),
    N_("only an adversary has a health range"),
    N_("a player's character is a rival"),
    N_("{name} is not shared with you"),
    N_("{name} is changed only by its owner and the GMs"),
    N_("{name} is rolled only by its owner (an adversary: by the GMs)"),
    N_("{name} has its injury rolled only by its owner and the GMs"),
    N_("{skill} uses {attribute}"),
    N_("{skill} is a standard skill: set its ranks to 0"),
    N_("{weapons} uses {skill}: remove or change it first"),
    N_("{name} has no skill {skill}: give its attribute to add it"),
    N_("{name} has {focus} focus: a graze costs {cost}"),
    N_("recover focus (an Opportunity, a rest) first"),
    N_("a short rest recovers health or focus first"),
    N_("{field} is not a field of a character"),
    N_("e.g. level, strength, insight, health, focus-max, deflect, injuries, "
       "expertises, role, tier, health-range, immunities"),
    N_("{field} is {low} to {high} (got {got})"),
    N_("the injuries recorded are only cleared here (none)"),
    N_("an injury roll made with the character records its injury"),
    N_("{field} takes a whole number from {low} to {high} (got {got})"),
    N_("type: is for a weapon whose damage type is not said"),
    N_("against and type go with a target"),
    N_("name the combatant attacked: target:"),
    N_("{name} cannot tend to itself"),
    N_("tended-by: is the ally who gives up their rest to tend yours"),
    N_("at most {most} characters of your own outside servers (you have {owned} here, "
       "this adds {adding})"),
    N_("delete one with /character delete first"),
    N_("outside a server a sheet is yours alone: there is no table to share it with"),
    N_("to show a sheet to a table, make it (or import its /character export file) in "
       "the table's server"),
    N_("at most {most} characters per person in a server and {server} per server (you "
       "have {owned} here, this adds {adding})"),
    N_("no character named {name} here that you may see"),
    N_("/character list shows them"),
    N_("you have no character named {name} here"),
    N_("/character list shows yours"),
    N_("the character kept changing meanwhile"),
    N_("try again in a moment"),
    N_("that character is no longer kept, or not here"),
    N_("only {name}'s owner shares the sheet"),
    N_("{name} was already deleted"),
    N_("{name} changed since you asked to delete it"),
    N_("run /character delete again to see it as it is"),
    N_("make a player character (kind:character)"),
    N_("you already have a character named {name} here"),
    N_("choose another name, or delete the old one with /character delete"),
    N_("you have no active character here"),
    N_("make one with /character new, or choose one with /character use"),
    N_("gm-role can't be @everyone: every member would be a GM, see every gm and blind "
       "roll and impose disadvantage"),
    N_("pick a role only your GMs hold, or leave gm-role unset (Manage Server holders "
       "are the GMs)"),
    N_("history-days must be from 1 to {most} (got {got})"),
    N_("this bot's operator keeps the log at most {most} days"),
    N_("at most {most} channels may have their own language"),
    N_("set the server's language instead, or put a channel back to the server's (language: auto)"),
    N_("settings belong to a server: here (a direct message, or a server where Nazh is "
       "only installed by its users) the defaults apply"),
    N_("use /settings in a server where Nazh is installed"),
    N_("tended-by: is for a short rest (Tend to Others)"),
    N_("a long rest recovers all health and focus by itself"),
    N_("give the skill's ranks (0-5), or remove:true to remove it"),
    N_("a weapon needs its skill and its damage (e.g. skill:heavy-weaponry "
       "damage:1d8), or remove:true to remove it"),
    N_("only the roller sees the details of their private rolls"),
    N_("a combatant's name must be printable text"),
    N_("undo reverses damage or healing applied in this encounter"),
    N_("an advantage gained names the skill that gained it, and only it"),
    N_("e.g. perception, insight, athletics"),
    N_("this request is closed: it takes no more rolls"),
    N_("this request is not asked of you"),
    N_("the GM named who rolls with who:"),
    N_("you have rolled for this request already: one roll each"),
    N_("no roll of yours is waiting in this request"),
    N_("this request is closed already"),
    N_("a public request's results are seen already"),
    N_("this request's results are revealed already"),
    N_("requests are asked in a server's channels, where there is a GM"),
    N_("this request is not kept any more"),
    N_("the GM can ask again with /request"),
    N_("the request changed too often at once to keep your change"),
    N_("try again"),
    N_("Nazh could not post the request's card in this channel"),
    N_("let Nazh send messages here, then ask again"),
    N_("choose your character in the list Nazh showed you"),
    N_("click Roll on the request's card again"),
    N_("that roll is not one of this request's"),
    N_("who: mention roles or members, e.g. @Players or @Kal @Shallan"),
    N_("a server's managers name the GM role in /settings"),
    N_("a count is a success, a failure, or a success counted twice"),
    N_("endeavors run in a server's channels, where there is a GM"),
    N_("no endeavor is running in this channel"),
    N_("a GM starts one with /endeavor start"),
    N_("the endeavor changed too often at once to keep your change"),
    N_("Nazh could not post the endeavor's card in this channel"),
    N_("let Nazh send messages here"),
    N_("count it as a success, a success ×2 or a failure"),
    N_("reveal it first (a secret endeavor may count it unrevealed)"),
    N_("this session has ended already"),
    N_("a session's name must be printable text"),
    N_("write it as 90m, 3h, 1h30m or 1d"),
    N_("end it with /encounter end, or start one in another channel"),
    N_("target2: there is no encounter in this channel"),
    N_("no combatant stands for the character"),
    N_("the encounter changed since this card was shown (it is updated now): look, and "
       "click again if you still mean it"),
    N_("the encounter the roll was made in has ended"),
    N_("the encounter the attack was made in has ended"),
    N_("the Injury button is on the attack that brought it to 0 health (or hit it there)"),
    N_("target: the attacker is not a combatant of this channel's encounter"),
    N_("/encounter join first"),
    N_("target: there is no encounter in this channel"),
    N_("a target is a combatant of the channel's encounter"),
    N_("a quick combatant is an enemy or an ally; players join with their characters "
       "(/encounter join)"),
    N_("as: say success, double or failure (the roll shows no verdict against a DC)"),
    N_("a session is already open in this channel"),
    N_("end it first with /session end"),
    N_("no session is open in this channel"),
    N_("a GM starts one with /session start"),
    N_("no such session in this channel"),
    N_("/session recap lists this channel's sessions as you type"),
    N_("sessions are played in a server's channels, where there is a GM"),
    # reasons and hints with values of encounters, requests, endeavors, sessions, the notation
    # and rolls
    N_("{name} is defeated"),
    N_("this channel already has an encounter (\"{name}\", round {round})"),
    N_("this channel already has an encounter (unnamed, round {round})"),
    N_("target: {name} cannot take {action} against itself"),
    N_("{action} is a skill test, not an attack: use /check"),
    N_("{action} is an {skill} test (got {got})"),
    N_("{action} costs {cost} actions; {name} has {left} left"),
    N_("{action} is a test against an enemy: name it with target:"),
    N_("{name}'s turn has ended"),
    N_("{name} has no character sheet: Recover rolls a sheet's recovery die (a GM gives a quick "
       "combatant health with /encounter heal)"),
    N_("{name} has no character sheet: a Reactive strike rolls a weapon of its sheet (roll a "
       "quick combatant's with /attack test: damage:)"),
    N_("the roll was made in round {round}, {phase}; it is now round {now_round}, {now_phase}: "
       "its action can be given back only in the turn it was spent in"),
    N_("roll {roll_id} is no attack on a combatant"),
    N_("{combatant}'s injury from this attack is rolled already"),
    N_("roll {roll_id} was not made in an encounter"),
    N_("roll {roll_id} spent no action of {combatant}'s"),
    N_("{name} is not at 0 health: no injury is due"),
    N_("this attack called for no injury of {name}"),
    N_("against: no defense \"{against}\"; the defenses are {defenses}"),
    N_("{name} is a player's character: it fights on the players' side"),
    N_("{name} is not your player character: a GM adds adversaries with /encounter add"),
    N_("{name} is already in this encounter"),
    N_("you may {wording} for {names}: choose one"),
    N_("it is round {round}, the {phase} phase"),
    N_("you have no combatant that can {wording} now"),
    N_("{wording} is chosen on the card"),
    N_("the {phase} phase of round {round} has already ended (now: round {now_round}, "
       "{now_phase})"),
    N_("roll {roll_id} is secret until revealed: counting it for {name} would show the channel "
       "its outcome"),
    N_("modifier is {least} to {most} (got {got})"),
    N_("roll with visibility:private here"),
    N_("a {visibility} roll needs a server (its GMs see it)"),
    N_("the one who applied advantage or disadvantage"),
    N_("<@{by}> chooses which result to keep"),
    N_("{name} is immune to {condition}"),
    N_("{name} is not {condition} (its conditions: {held})"),
    N_("{name} is not Determined"),
    N_("{name} is already defeated"),
    N_("a combatant's name must not be empty nor start or end with spaces (got \"{name}\")"),
    N_("a combatant's name has at most {most} characters (got {got})"),
    N_("{name}: {what} from {low} to {high} (got {got})"),
    N_("{name}: a player's character is a rival, not a {role}"),
    N_("Afflicted's dice are one plain pool such as 1d4 or 2d6+1 (got \"{dice}\")"),
    N_("{condition}: a duration from 1 to {most} rounds (got {got})"),
    N_("{holder} holds {most} conditions, the most an encounter keeps; remove one first"),
    N_("{condition}: an attribute is for Enhanced only, and Enhanced needs one"),
    N_("{condition}: a source is for Afflicted only"),
    N_("{condition}: a damage type and dice are for Afflicted only"),
    N_("Afflicted: a source of at most {most} characters (got {got})"),
    N_("{condition} takes a whole number as its value (got \"{value}\"); Afflicted's dice go in "
       "dice: (1d4)"),
    N_("Afflicted's dice are one plain pool such as 1d4 or 2d6+1 (got \"{dice}\"): {error}"),
    N_("no condition \"{text}\"; the conditions are {names}"),
    N_("Afflicted takes a value or dice, not both (got {got} and {dice})"),
    N_("{condition} takes no value (got {got}); only Afflicted, Enhanced and Exhausted do"),
    N_("{condition} takes a value from 1 to {most} or dice (1d4) (got {got})"),
    N_("{condition} takes a value from 1 to {most} (got {got})"),
    N_("damage from 0 to {most} (got {got})"),
    N_("deflect is 0 or more (got {got})"),
    N_("\"{word}\" is no damage type nor condition; the damage types are {types}, the conditions "
       "{conditions}"),
    N_("no damage type \"{text}\"; the types are {names}"),
    N_("an encounter's name has at most {most} characters (got {got})"),
    N_("no combatant \"{name}\" in this encounter (combatants: {there})"),
    N_("{name} is a boss and takes both a fast and a slow turn"),
    N_("{name} is defeated and takes no turn"),
    N_("{name} is {condition}: no fast turn"),
    N_("the {phase} phase of round {round} has ended: {name}'s speed can change next round"),
    N_("{name} has started its fast turn this round and cannot go slow"),
    N_("{name} does not act in the {phase} phase (its turn this round: fast and slow)"),
    N_("{name} has already pressed Done in the {phase} phase"),
    N_("{name} does not act in the {phase} phase (its turn this round: none)"),
    N_("{name} does not act in the {phase} phase (its turn this round: {speed})"),
    N_("healing from 1 to {most} (got {got})"),
    N_("{name} has no damage or healing to undo"),
    N_("{name} holds no advantage gained on {foe}"),
    N_("{name} holds {most} advantages and grapples, the most an encounter keeps"),
    N_("{name} cannot take that action against itself"),
    N_("{name} is already Dodging"),
    N_("{name} is no longer Dodging (a Dodge lapses when its next turn starts)"),
    N_("{name} cannot Aid itself: Aid helps another combatant's test"),
    N_("{name} cannot Aid {other}: Aid helps an ally, and {other} fights on the other side"),
    N_("{name} is already Aided by {aided_by} (until its next test)"),
    N_("{name} has no Aid waiting"),
    N_("only a boss takes an extra action ({name} is a {role})"),
    N_("{name} takes an extra action only right after an enemy of its finishes a turn (once for "
       "each, before the next turn ends)"),
    N_("only a boss spends focus to end its conditions ({name} is a {role})"),
    N_("{name} ends its conditions for focus on its own turn only"),
    N_("Recover is once per scene: {name} has already recovered in this encounter"),
    N_("{name} is Unconscious and takes no actions: it cannot Recover"),
    N_("{name} is not taking a turn now: Recover takes 2 actions of its own turn"),
    N_("Recover takes 2 actions: {name} has {left} left this turn"),
    N_("recovered points are 0 or more (got {got})"),
    N_("to health: from 0 to the {points} points recovered (got {got})"),
    N_("{name} is {condition} and has no reactions"),
    N_("{name}'s reaction is held for its Dodge (spent by the next attack against it)"),
    N_("{name} has no reaction left this round (it comes back at the start of its next turn)"),
    N_("{name} recovers {points}: choose how many go to health (the rest to focus)"),
    N_("{name} has no focus left (1 is held for its Dodge)"),
    N_("{name} has no focus left"),
    N_("the name \"{name}\" is taken in this encounter; choose another"),
    N_("{name}: from 1 to {most} copies (got {got})"),
    N_("at most {most} combatants in an encounter: room for {left} more (asked for {count})"),
    N_("{label}: its dice are rolled where a turn ends on the card (Done, Next)"),
    N_("{name} is not taking a turn now: actions are spent during its own turn"),
    N_("{name} is Unconscious and takes no actions"),
    N_("{name} has no action left this turn"),
    N_("{name} is not taking a turn now: an action is given back only during the turn it was "
       "spent in"),
    N_("{name} has spent no action this turn ({left} left)"),
    N_("{name} has spent its reaction; it comes back at the start of its next turn"),
    N_("name: 1 to {most} characters"),
    N_("the endeavor {name} has ended"),
    N_("roll {roll_id} is counted already: once each"),
    N_("an endeavor counts at most {most} results"),
    N_("the endeavor {name} has ended already"),
    N_("{what} is 1 to {most} (got {got})"),
    N_("limits: {min_dice}-{max_dice} dice per pool, {min_sides}-{max_sides} sides, modifier "
       "{min_modifier}..{max_modifier}"),
    N_("at most {most} pools per roll, the plot die included"),
    N_("at most {most} characters per roll (got {got})"),
    N_("at most {most} pools per roll (got {got})"),
    N_("separate pools with commas; a pool looks like 2d6+3, d20 or a1d20+5"),
    N_("unexpected '{text}'"),
    N_("unknown tag '{unknown}'"),
    N_("unexpected '{text}' at the start of the pool"),
    N_("missing the number after '{text}'"),
    N_("unexpected '{text}' after '{sign}'"),
    N_("at most one tag per die; tags go before the dice, one per die: a = advantage, d = "
       "disadvantage, e.g. ad2d20"),
    N_("misplaced p in '{text}'"),
    N_("the plot die is a pool of its own: write p (or ap / dp for advantage / disadvantage); "
       "roll other dice in their own pool: {dice}, {suggestion}"),
    N_("the plot die is a single d6"),
    N_("write {suggestion} and put the modifier on the d20 pool"),
    N_("at least {limit} die per pool (got {got})"),
    N_("at most {limit} dice per pool (got {got})"),
    N_("at least {limit} sides per die (got {got})"),
    N_("at most {limit} sides per die (got {got})"),
    N_("modifier at least {limit} (got {got})"),
    N_("modifier at most +{limit} (got {got})"),
    N_("{count} tags for 1 die"),
    N_("{count} tags for {dice} dice"),
    N_("opportunity {opportunity} and complication {complication} overlap: a face cannot be both "
       "an Opportunity ({opportunity}-{high}) and a Complication ({low}-{complication})"),
    N_("{name} must be a d20 face, between {low} and {high} (got {got})"),
    N_("the complication must be below the opportunity: at most {below} with opportunity "
       "{opportunity}"),
    N_("the complication must be below the opportunity: opportunity {low} leaves no face for a "
       "Complication"),
    N_("skill: a skill's name, 1 to {most} characters"),
    N_("dc is {least} to {most} (got {got})"),
    N_("label: at most {most} characters (got {got})"),
    N_("who: at most {most} roles and members"),
    N_("this request has its {most} rolls"),
    N_("the plot die has {count} faces to choose from (got {got})"),
    N_("Cosmere DCs are usually 10 (easy) to 30 (nearly impossible)"),
    N_("the DC must be between {least} and {most} (got {got})"),
    N_("add a pool such as 1d20, or leave out the DC"),
    N_("a DC needs a pool to judge, and {notation} is the plot die alone (DC {dc})"),
    N_("a session's name has at most {most} characters (got {got})"),
    N_("quiet: from 1 minute to 1 day (got {got})"),
    N_("quiet: {value} is not a duration"),
    N_("a pool looks like a1d20+5: tags a/d, dice count, d, sides, then +M or -M"),
    N_("unexpected character {character}"),
    N_("this secret roll must be revealed before it is shown here"),
    N_("this secret roll must be revealed before it is copied"),
    N_("this secret roll must be revealed before it is amended"),
    N_("a GM (or, for a gm roll, the roller) can reveal it"),
    N_("this channel already has an encounter"),
    N_("remove the extra comma; a pool looks like 2d6+3, d20 or a1d20+5"),
    # reasons and hints of /attack, /roll's physical dice and amendments, /injury and /odds
    N_("defense: must be {low}-{high} (got {got})"),
    N_("{given} needs {missing}: the odds of an attack need both"),
    N_("give the target's defense and the damage dice, e.g. defense 15 and damage 2d6, or "
       "neither for the odds of a roll"),
    N_("a DC and a defense together (DC {dc}, defense {defense})"),
    N_("an attack's test is judged by the defense: leave out the DC"),
    N_("the defense must be between {low} and {high} (got {got})"),
    N_("Cosmere defenses are usually 10 to 20"),
    N_("an attack's test needs a d20 ({notation} is the plot die alone)"),
    N_("an attack's test is one pool with one d20, not {count} pools ({notation})"),
    N_("an attack's test needs a d20 ({notation} has none)"),
    N_("an attack's test has exactly one d20 ({notation} has {count})"),
    N_("the test is one d20 with its modifier, e.g. 1d20+5, a1d20+5 or 1d20+5, p "
       "(with the plot die); the damage dice go in damage"),
    N_("the plot die is not a damage die ({notation})"),
    N_("damage is one pool of dice, not {count} ({notation})"),
    N_("damage is dice with an optional modifier, e.g. 2d6 or a1d8+3"),
    N_("the deflect must be between 0 and {high} (got {got})"),
    N_("the target's deflect value, e.g. 2"),
    N_("the health must be between {low} and {high} (got {got})"),
    N_("the target's current health, e.g. 12"),
    N_("{option} must be between {low} and {high} (got {got})"),
    N_("{option} is {what}, {low} to {high}"),
    N_("{name} was already grazed by this attack"),
    N_("{name} was hit: a hit cannot be grazed"),
    N_("{name} is named twice as a target"),
    N_("each target is attacked once"),
    N_("{name} is the attacker"),
    N_("that die cannot take advantage now"),
    N_("that die cannot take disadvantage now"),
    N_("each die holds at most one advantage or disadvantage, and a pending choice comes first"),
    N_("choose the first or the second face (got {got})"),
    N_("this roll has no Opportunity left to spend"),
    N_("this roll has no Complication left to spend"),
    N_("physical: at most {most} characters of faces (got {got})"),
    N_("physical: {bad} is not a die's face"),
    N_("faces are whole numbers separated by commas, e.g. 17,5"),
    N_("physical: face {index} is {face}, but that die is a d{sides} (1 to {sides})"),
    N_("physical: face {index} is {face}, but that die is a d{sides}"),
    # reasons and hints with values of weapons, adversaries, injuries kept, a character's rolls
    # and the log
    N_("{weapon}: the damage is one pool of dice, e.g. 1d8 (got {got})"),
    N_("{weapon}: a fixed damage is written with its dice, e.g. {fixed} (1d8+2)"),
    N_("a graze deals the dice, a critical hit every die at its maximum"),
    N_("{weapon}: a fixed damage is 1 to {most} (got {got})"),
    N_("{weapon}: an attack's modifier is {least} to +{most} (got {got})"),
    N_("{typed} is not a damage type"),
    N_("one of {names}"),
    N_("{typed} is not a role"),
    N_("minion, rival or boss"),
    N_("a health range is two whole numbers, e.g. 48-72 (got {got})"),
    N_("a health range goes from 1 to {most}, low to high (got {low}-{high})"),
    N_("tier is {low} to {high} (got {got})"),
    N_("{effect} is not an injury's effect"),
    N_("at most {most} injuries are recorded (got {got})"),
    N_("type: the {weapon} deals {damage_type} damage"),
    N_("modifier is {low} to {high} (got {got})"),
    N_("no roll {roll_id} in the log"),
    # a refusal of the notation inside an option's (test:, damage:, a weapon's damage)
    N_("{option}: {reason}"),
    N_("damage \"{written}\": {reason}"),
    N_("{weapon}: the damage {got} is not dice ({reason})"),
    N_("e.g. 1d8 or 2d6+2"),
    # a sheet's own checks (a file imported, a sheet kept)
    N_("{field} is at most its maximum ({maximum})"),
    N_("{field} has 1 to {most} characters, no spaces at the ends (got {got})"),
    N_("{field} has only printable characters"),
    N_("{typed} is not an attribute"),
    N_("only a server's GMs keep adversaries"),
    N_("{option} needs defense and damage: it describes the target of an attack"),
    N_("{option1} and {option2} need defense and damage: they describe the target of an attack"),
    N_("{option1}, {option2} and {option3} need defense and damage: they describe the target of "
       "an attack"),
    N_("{option1}, {option2}, {option3} and {option4} need defense and damage: they describe the "
       "target of an attack"),
    N_("give the target's defense and the damage dice too, e.g. defense 15 and damage 2d6"),
    N_("a flesh wound is not counted in days"),
    N_("a permanent injury is not counted in days"),
    N_("a vicious injury has 1 to {most} days left (got {got})"),
    N_("a shallow injury has 1 to {most} days left (got {got})"),
    N_("the roll id is in the footer of the result"),
)
"""The domain's constant reasons and hints that are translated."""
GM_ONLY = N_("only a GM (the server's gm-role, or Manage Server while none is set) may {what}")
"""A GM's act refused to a player: the application words it ``only {GM_WHO} may {what}``."""
GM_ACTS = (
    N_("ask the table for a test"),
    N_("reveal a request's results"),
    N_("close a request"),
    N_("see a secret request's results"),
    N_("use the GM panel"),
    N_("count a result for an endeavor"),
    N_("count a roll's result for an endeavor"),
    N_("start or end an endeavor"),
    N_("see a secret endeavor's count"),
    N_("start a session"),
    N_("end a session"),
    N_("change the sessions' settings"),
    N_("start an encounter"),
    N_("add combatants"),
    N_("add characters and adversaries"),
    N_("change keep-speed or show-health"),
    N_("end the phase (Next)"),
    N_("apply damage by hand"),
    N_("heal by hand"),
    N_("undo damage or healing"),
    N_("end the encounter (anyone may once it has had no change for 24 hours)"),
)
"""The GM's acts of requests, endeavors, sessions and encounters whose refusal is translated
(another's stays as the application wrote it)."""
_GM_ONLY_OPENING = GM_ONLY.partition("{")[0]
OWNER_ONLY = N_("only {name}'s player or a GM may {what}")
"""An act on a combatant refused to another player: the application words it ``only
{name}'s player or a GM may `` then the act (``{name}`` in it: the combatant)."""
OWNER_ACTS = (
    N_("remove {name}"), N_("give {name} conditions"), N_("remove {name}'s conditions"),
    N_("roll {name}'s injury"), N_("give back {name}'s action"), N_("spend {name}'s focus"),
    N_("go fast for {name}"), N_("go slow for {name}"), N_("press Done for {name}"),
    N_("spend an action for {name}"), N_("spend the reaction for {name}"),
    N_("Dodge for {name}"), N_("Aid for {name}"), N_("make a Reactive strike for {name}"),
    N_("spend focus for an extra action for {name}"), N_("Recover for {name}"),
)
"""The acts on a combatant whose refusal to another player is translated."""
_OWNER_ONLY_OPENING = OWNER_ONLY.partition("{what}")[0]


WORDS = (
    # the acts of a turn, as a refusal names them (``you have no combatant that can {wording}``)
    N_("go fast"), N_("go slow"), N_("press Done"), N_("spend an action"),
    N_("spend the reaction"), N_("Dodge"), N_("Aid"), N_("make a Reactive strike"),
    N_("spend focus for an extra action"), N_("recover"),
    # the phases and speeds of a round, as a sentence says them
    N_("fast players"), N_("fast adversaries"), N_("slow players"), N_("slow adversaries"),
    N_("fast"), N_("slow"),
    # a combatant's numbers, as a refusal of an out-of-range one names them
    N_("health maximum"), N_("health"), N_("focus"), N_("focus spent"), N_("deflect"),
    N_("physical defense"), N_("cognitive defense"), N_("spiritual defense"),
    # what an injury roll's option holds, as its hint says it
    N_("the character's deflect value"), N_("how many injuries the character has already taken"),
    N_("other bonuses and penalties to the injury roll"),
    # an option's name, as a refusal names it (as the command's option reads in the language)
    N_("defense"), N_("damage"), N_("pierce"), N_("type"), N_("injuries"), N_("modifier"),
    # what a sheet's check names
    N_("a skill's name"), N_("an expertise"), N_("a weapon's name"), N_("a trait"),
    N_("a damage type"), N_("level"),
)
"""The domain's words a reason's field may hold, translated where the reason is shown."""
_TERMS: Mapping[str, str] = {"condition": "condition", "role": "role", "action": "action",
                             "skill": "skill", "attribute": "attribute",
                             "damage_type": "damage type"}
"""The fields that hold one of the game's words, by its kind in the glossary."""


_LISTED = frozenset(KNOWN)
_WORDS = frozenset(WORDS)


def summary(error: NazhError, outside: Callable[[str], str] = str) -> str:
    """The error's one line (``pool 2 "2d": …``), its reason translated where it is known
    (``outside``: how text that is not Nazh's own words is shown: a field's value, a reason
    not listed, a pool's text)."""
    written = getattr(error, "reason", None)
    if not isinstance(written, str):
        return outside(error.summary)  # a subclass that words itself
    fields: Mapping[str, object] = getattr(error, "fields", {})
    template = getattr(error, "template", written)
    reason = (_gm_only(written) or _owner_only(template, fields, outside)
              or _said(written, template, fields, outside))
    if getattr(error, "pool_index", None) is None:
        return reason
    return _('pool {index} "{text}": {reason}').format(
        index=error.pool_index, text=outside(printable(error.text or "")), reason=reason)


def _gm_only(written: str) -> str | None:
    """``only a GM (…) may close a request`` in the reader's language, when the act is known."""
    act = written.removeprefix(_GM_ONLY_OPENING)
    if act == written or act not in GM_ACTS:
        return None
    return _(GM_ONLY).format(what=_(act))


def _owner_only(template: str, fields: Mapping[str, object],
                outside: Callable[[str], str]) -> str | None:
    """``only Kal's player or a GM may remove Kal`` in the reader's language, when the act is
    known."""
    act = template.removeprefix(_OWNER_ONLY_OPENING)
    if act == template or act not in OWNER_ACTS or "name" not in fields:
        return None
    name = outside(str(fields["name"]))
    return _(OWNER_ONLY).format(name=name, what=_(act).format(name=name))


def hint(error: NazhError, outside: Callable[[str], str] = str) -> str | None:
    """The error's hint, translated where it is known (``outside`` as for :func:`summary`)."""
    written = getattr(error, "hint", None)
    if not isinstance(written, str) or not written:
        return None
    return _said(written, getattr(error, "hint_template", None) or written,
                 getattr(error, "fields", {}), outside)


def _said(written: str, template: str, fields: Mapping[str, object],
          outside: Callable[[str], str]) -> str:
    """A reason or hint: a listed template translated then filled in with its fields (each
    shown as outside text), a listed constant translated, anything else as written."""
    if template in _LISTED and fields:
        return _(template).format_map({key: _field(key, value, outside)
                                       for key, value in fields.items()})
    if written in _LISTED and not fields:
        return _(written)
    return outside(written)


def _field(key: str, value: object, outside: Callable[[str], str]) -> str:
    """A field's value: one of the game's words or the domain's in the language spoken here,
    anything else (a name someone typed, a number) as outside text."""
    if isinstance(value, NazhError):
        return summary(value, outside)  # a refusal inside another's, in its own words
    said = str(value)
    if key == "wording" and said == "Recover":
        # an act a sentence names: the verb, not the action's name (English keeps its word)
        verb = _("recover")
        return said if verb == "recover" else verb
    if said in _WORDS:
        return _(said)
    kind = _TERMS.get(key)
    if kind is not None:
        word = term(kind, said)
        # a role or a damage type is a word inside a sentence (``a minion``, ``keen damage``),
        # a condition or an action a name
        lower = kind in ("role", "damage type") and word != said
        return word.lower() if lower else word
    return outside(said)
