"""``NAZH_DATA_DIR``, checked before anything is kept there (the SQLite log, the roll journal,
the checkpoints): a file where the directory should be, or a directory Nazh cannot make or
write, stops the command with one line naming the setting."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from nazh.adapters.config.environment import StorageConfig
from nazh.domain.errors import NazhError

SETTING = "NAZH_DATA_DIR"


class DataDirError(NazhError):
    """``NAZH_DATA_DIR`` cannot hold Nazh's files; the message names it and says why."""


def check_data_dir(settings: StorageConfig, *, create: bool) -> None:
    """Check ``NAZH_DATA_DIR`` when something is kept there.

    Args:
        settings: The storage settings.
        create: Make the directory (and its parents) when it is missing, and check that files
            can be written in it (``nazh run``, ``nazh serve``, ``nazh db upgrade``); else only
            check that what exists of it is a directory (the commands that read the log, and
            create nothing where there is none).

    Raises:
        DataDirError: it is a file, lies under a file, cannot be made or is not writable.
    """
    if not keeps_files_there(settings):
        return
    directory = settings.data_dir.expanduser().resolve()
    blocker = next((path for path in (directory, *directory.parents)
                    if os.path.exists(path) and not os.path.isdir(path)), None)
    if blocker == directory:
        raise DataDirError(f"{SETTING}: {directory} is a file, not a directory")
    if blocker is not None:
        raise DataDirError(f"{SETTING}: {directory} cannot be a directory: {blocker} is a "
                           "file")
    if create:
        _make_writable(directory)


def keeps_files_there(settings: StorageConfig) -> bool:
    """Whether anything of Nazh's goes in ``NAZH_DATA_DIR``: the SQLite log (without
    ``NAZH_DATABASE_URL``), the journal (without ``NAZH_JOURNAL_DIR``) or the checkpoints (with
    a signing key, without ``NAZH_CHECKPOINT_FILE``)."""
    return (settings.database is None or settings.journal is None
            or (settings.signing_key is not None and settings.checkpoints is None))


def _make_writable(directory: Path) -> None:
    """Make ``directory`` if it is missing, then write and remove a file in it."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DataDirError(f"{SETTING}: cannot make the directory {directory}: "
                           f"{error.strerror or error}") from None
    try:
        handle, probe = tempfile.mkstemp(prefix=".nazh-write-check-", dir=directory)
    except OSError as error:
        raise DataDirError(f"{SETTING}: cannot write in {directory}: "
                           f"{error.strerror or error}") from None
    os.close(handle)
    os.unlink(probe)
