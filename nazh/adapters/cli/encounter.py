"""``nazh encounter show --channel ID [--json]``: a channel's open encounter, as the GM sees it."""

from __future__ import annotations

import argparse
from datetime import datetime

from nazh.adapters.cli.app import EXIT_OK, Console
from nazh.application.encounters.lifecycle import MAX_EXPORTED_LOG
from nazh.application.encounters.ports import EncounterStore
from nazh.presentation.encounter_card import card_view
from nazh.presentation.encounter_json import dumps, export

EXIT_NONE = 1
"""The channel has no open encounter."""


async def run_encounter_show(args: argparse.Namespace, store: EncounterStore, now: datetime,
                             console: Console) -> int:
    """Print the channel's open encounter (its card's text, or ``--json`` its export)."""
    record = await store.open_in(args.channel)
    if record is None:
        console.stderr.write(f"no open encounter in channel {args.channel}\n")
        return EXIT_NONE
    if args.json:
        entries = await store.log(record.encounter_id, MAX_EXPORTED_LOG)
        console.stdout.write(dumps(export(record, entries, for_gm=True)))
        return EXIT_OK
    console.stdout.write("\n\n".join(card_view(record, now, gm_view=True).texts) + "\n")
    return EXIT_OK
