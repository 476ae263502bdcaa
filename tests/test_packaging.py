"""The package ships its licence: ``LICENSE`` (MIT) is in the wheel, and the metadata says so."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "LICENSE")


def build_wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the sources (the working tree is left untouched)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        shutil.copy2(REPO / name, source / name)
    shutil.copytree(REPO / "nazh", source / "nazh",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "--disable-pip-version-check", str(source), "-w", str(out)],
                   check=True, timeout=120, capture_output=True)
    return next(out.glob("nazh-*.whl"))


def test_the_licence_is_mit_by_the_nazh_authors() -> None:
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) 2026 the Nazh authors\n")


def test_the_wheel_carries_the_licence(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        licence = next(name for name in names if name.endswith(".dist-info/licenses/LICENSE"))
        assert archive.read(licence) == (REPO / "LICENSE").read_bytes()
        metadata_name = next(name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(metadata_name))
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_the_image_build_copies_the_licence() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY pyproject.toml README.md LICENSE ./" in dockerfile
    assert "!LICENSE" in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()


def test_the_wheel_carries_every_catalog(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for domain in ("commands", "messages"):
        assert f"nazh/locales/{domain}.pot" in names
        for locale in ("es-ES", "es-419", "pt-BR", "fr"):
            assert f"nazh/locales/{locale}/LC_MESSAGES/{domain}.po" in names
