"""Build Nazh's container image the way this machine can: no daemon, no registry.

A Debian bookworm base is made with ``debootstrap`` from Debian's package archive (cached under
``.cache/``), imported with ``podman import``, and the project's ``Dockerfile`` is built on it
with ``buildah bud --isolation chroot``. Commands run in the image with ``buildah from`` +
``buildah run --isolation chroot`` (the host's network: the fake Discord on 127.0.0.1 is
reachable).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache"
BASE_IMAGE = "localhost/debian-base:bookworm"
IMAGE = "localhost/nazh:test"
VERSION = "0.0.0-test"
TOOLS = ("buildah", "podman", "debootstrap")
CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")


def missing_tools() -> list[str]:
    """The image tools this machine lacks (``.ci/run`` installs them)."""
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def run(command: Sequence[str], *, timeout: float = 900,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``command``; on failure (when ``check``) raise with its output."""
    result = subprocess.run(list(command), capture_output=True, text=True, timeout=timeout,
                            check=False)
    if check and result.returncode != 0:
        msg = (f"{' '.join(command)} exited {result.returncode}:\n"
               f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        raise AssertionError(msg)
    return result


def ensure_base() -> None:
    """The Debian base image, from a cached debootstrap rootfs."""
    if run(["podman", "image", "exists", BASE_IMAGE], check=False).returncode == 0:
        return
    rootfs = CACHE / "rootfs-bookworm"
    if not (rootfs / "etc" / "debian_version").exists():
        partial = CACHE / "rootfs-bookworm.partial"
        shutil.rmtree(partial, ignore_errors=True)
        partial.parent.mkdir(parents=True, exist_ok=True)
        run(["debootstrap", "--variant=minbase", "bookworm", str(partial),
             "http://deb.debian.org/debian"])
        shutil.rmtree(rootfs, ignore_errors=True)
        partial.rename(rootfs)
    tar = subprocess.Popen(["tar", "-C", str(rootfs), "-c", "."], stdout=subprocess.PIPE)
    assert tar.stdout is not None
    imported = subprocess.run(["podman", "import", "-", BASE_IMAGE], stdin=tar.stdout,
                              capture_output=True, text=True, timeout=600, check=False)
    tar.stdout.close()
    assert tar.wait() == 0
    assert imported.returncode == 0, imported.stderr


def build(commit: str) -> None:
    """Build the project's Dockerfile on the Debian base (layers cached between runs)."""
    ensure_base()
    command = ["buildah", "bud", "--isolation", "chroot", "--format", "docker", "--layers",
               "--build-arg", f"BASE_IMAGE={BASE_IMAGE}", "--build-arg", f"VERSION={VERSION}",
               "--build-arg", f"GIT_COMMIT={commit}", "-t", IMAGE]
    if CA_BUNDLE.exists():  # a TLS-inspecting proxy's CA, as a build secret
        command += ["--secret", f"id=ca_bundle,src={CA_BUNDLE}"]
    run([*command, str(ROOT)], timeout=1500)


@contextmanager
def container() -> Iterator[str]:
    """A working container of the image (removed afterwards)."""
    name = run(["buildah", "from", IMAGE]).stdout.strip()
    try:
        yield name
    finally:
        run(["buildah", "rm", name], check=False)


def in_image(name: str, *command: str, env: dict[str, str] | None = None) -> list[str]:
    """The ``buildah run`` command line running ``command`` in container ``name``."""
    line = ["buildah", "run", "--isolation", "chroot"]
    for key, value in (env or {}).items():
        line += ["--env", f"{key}={value}"]
    return [*line, name, "--", *command]
