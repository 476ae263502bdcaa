"""How a roll or its odds is shown, whatever the medium: the CLI and Discord share it.

``rows`` (a result's rows, marks, legend and DC verdict, for any :class:`~.rows.Markup`),
``text`` (the terminal tables of a roll and of its odds), ``roll_json`` and ``odds_json`` (the
public JSON contracts), ``odds_text`` (rounded percentages and histogram rows) and ``chat``
(chat-message building blocks: markdown, clipping to a size, result lines, error replies).
The encounter's: ``encounter_card`` (its live card as plain values), ``encounter_json`` (its
public export, docs/encounter-format.md), ``encounter_text`` (its summary and log lines) and
``encounter_state`` (what they all say of a combatant).
Depends on the application and domain values only: no I/O, no framework.
"""
