"""``NAZH_DATA_DIR``, checked before anything is kept there; a problem stops with one line."""

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
    """Check ``NAZH_DATA_DIR`` if used; ``create``: make it if missing and check it is writable."""
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
    if create:  # run, serve and db upgrade; the commands that read the log create nothing
        _make_writable(directory)


def keeps_files_there(settings: StorageConfig) -> bool:
    """Whether the SQLite log, the journal or the checkpoints go in ``NAZH_DATA_DIR``."""
    return (settings.database is None or settings.journal is None
            or (settings.signing_key is not None and settings.checkpoints is None))


def _make_writable(directory: Path) -> None:
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
