"""``nazh session export --channel ID [--session S] [--json] [--output FILE]``: a session's
journal from the database, as ``/session journal`` gives it (what the channel saw): Markdown,
or ``--json`` the ``nazh-session`` contract. By default the channel's open session, else its
latest; ``--session`` names one by its id or its name. Exit 1 when there is none."""

from __future__ import annotations

import argparse
from pathlib import Path

from nazh.adapters.cli.app import EXIT_OK, EXIT_USAGE, Console
from nazh.application.sessions.model import SessionNotFoundError
from nazh.application.sessions.use_cases import Sessions
from nazh.presentation.session_json import dumps, export
from nazh.presentation.session_markdown import journal_markdown

EXIT_NONE = 1
"""The channel has no such session."""


async def run_session_export(args: argparse.Namespace, sessions: Sessions,
                             console: Console) -> int:
    """Print (or write to ``--output``) the journal of a session of the channel."""
    try:
        journal = await sessions.exported(args.channel, args.session)
    except SessionNotFoundError:
        which = f" {args.session!r}" if args.session else ""
        console.stderr.write(f"no session{which} in channel {args.channel}\n")
        return EXIT_NONE
    text = dumps(export(journal)) if args.json else journal_markdown(journal)
    if not args.output:
        console.stdout.write(text)
        return EXIT_OK
    try:
        Path(args.output).write_text(text, encoding="utf-8")
    except OSError as error:
        console.stderr.write(f"nazh session export: cannot write {args.output}: "
                             f"{error.strerror or error}\n")
        return EXIT_USAGE
    console.stdout.write(f"exported the journal of {len(journal.scenes)} scene(s) to "
                         f"{args.output}\n")
    return EXIT_OK
