"""The checkpoints reach every mirror in order, at least once: a mirror that fails gets the
rest later, one failing mirror does not hold up another, and the progress survives a restart
(kept in a file)."""

from __future__ import annotations

from pathlib import Path

from nazh.adapters.storage.checkpoint_file import FileMirrorProgress
from nazh.application.checkpoints.mirrors import MirrorJob
from tests.application.checkpoints.kit import Mirror, Published, signed


async def test_every_mirror_gets_every_checkpoint_in_batches(tmp_path: Path) -> None:
    sink, first, second = Published(45), Mirror("a"), Mirror("b")
    job = MirrorJob(sink, [first, second], FileMirrorProgress(tmp_path / "sent.json"),
                    batch=20)
    assert await job.forward() == 90
    assert first.got == second.got == list(range(1, 46))
    assert first.calls == 3  # 20 + 20 + 5
    assert await job.forward() == 0  # nothing new
    await sink.publish([signed(46)])
    assert await job.forward() == 2
    assert first.got[-1] == second.got[-1] == 46


async def test_a_failing_mirror_resumes_where_it_stopped_and_holds_up_no_other(
        tmp_path: Path) -> None:
    sink = Published(30)
    down, up = Mirror("down", fail_after=10), Mirror("up")
    progress = FileMirrorProgress(tmp_path / "sent.json")
    job = MirrorJob(sink, [down, up], progress, batch=10)
    assert await job.forward() == 40
    assert down.got == list(range(1, 11))
    assert up.got == list(range(1, 31))
    assert await progress.load() == {"down": 10, "up": 30}
    down.fail_after = None
    assert await job.forward() == 20
    assert down.got == list(range(1, 31))  # nothing lost, nothing twice


async def test_any_error_of_a_mirror_is_retried_later(tmp_path: Path) -> None:
    broken = Mirror("broken", fail_after=0, error=RuntimeError("boom"))
    job = MirrorJob(Published(3), [broken], FileMirrorProgress(tmp_path / "sent.json"))
    assert await job.forward() == 0
    broken.fail_after = None
    assert await job.forward() == 3
    assert broken.got == [1, 2, 3]


