"""The sidecar's status page (``/``) rendered by a real browser: Debian's headless Chromium.

The page fills itself from ``/api/status`` with JavaScript, so only a browser shows what an
operator sees. Chromium runs as an asyncio subprocess: the bot's event loop, which serves the
page, keeps running while it loads. ``--virtual-time-budget`` lets the page's script run and
fetch before ``--dump-dom`` prints the DOM, which is checked figure by figure; a second run
writes a screenshot to the test output directory (``$NAZH_TEST_OUTPUT``, default
``test-output/`` at the repository's root, which git ignores).

A missing ``chromium`` FAILS the test (CI installs it), it never skips.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import struct
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord, modal_submit
from tests.e2e.harness import NazhUnderTest, custom_id_of, gateway_only

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
COMMIT = "0123456789abcdef"  # GIT_COMMIT, as the harness sets it
CHROMIUM_TIMEOUT = 60.0
WINDOW = (1280, 900)
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--virtual-time-budget=5000",
)
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}


# -- a small DOM ---------------------------------------------------------------------------------


@dataclass
class Element:
    """An element of the dumped DOM."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text content, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return " ".join("".join(parts).split())

    def iter(self, tag: str | None = None) -> list[Element]:
        """This element and its descendants (with ``tag``), in document order."""
        found = [self] if tag in (None, self.tag) else []
        for child in self.children:
            if isinstance(child, Element):
                found.extend(child.iter(tag))
        return found

    def by_id(self, element_id: str) -> Element:
        """The descendant with this id."""
        for element in self.iter():
            if element.attrs.get("id") == element_id:
                return element
        raise LookupError(f"no element #{element_id}")

    def rows(self) -> list[list[str]]:
        """The cells' texts of each ``tr`` below this element."""
        return [[cell.text for cell in row.iter("td")] for row in self.iter("tr")]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(element)
        if tag not in VOID_ELEMENTS:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


def parse_html(html: str) -> Element:
    """The document of ``html``."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def test_parse_html() -> None:
    page = parse_html('<p id=a>x <b>y</b><br>z</p><table><tbody id="t"><tr><td>1</td>'
                      "<td>2</td></tr><tr><td>3</td><td>4</td></tr></tbody></table>")
    assert page.by_id("a").text == "x yz"
    assert page.by_id("t").rows() == [["1", "2"], ["3", "4"]]
    with pytest.raises(LookupError):
        page.by_id("missing")


# -- PNG -----------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_dimensions(data: bytes) -> tuple[int, int]:
    """Width and height of a well-formed PNG: signature, chunk CRCs, IHDR first, IEND last, and
    image data that inflates to exactly the rows the header announces."""
    assert data[:8] == PNG_SIGNATURE, "not a PNG"
    chunks: list[tuple[bytes, bytes]] = []
    position = 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        position += 12 + length
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR", kinds
    assert kinds[-1] == b"IEND", kinds
    width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color]
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    if interlace == 0:
        row = 1 + (width * channels * depth + 7) // 8
        assert len(pixels) == height * row, "image data does not match the header"
    return width, height


def test_png_dimensions_rejects_corruption() -> None:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0)
    image = (PNG_SIGNATURE + chunk(b"IHDR", ihdr)
             + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 6)) + chunk(b"IEND", b""))
    assert png_dimensions(image) == (2, 1)
    with pytest.raises(AssertionError, match="CRC"):
        png_dimensions(image[:20] + b"\x01" + image[21:])
    with pytest.raises(AssertionError, match="not a PNG"):
        png_dimensions(b"GIF89a" + image[6:])


# -- Chromium ------------------------------------------------------------------------------------


def chromium_binary() -> str:
    """Debian's chromium; FAILS (never skips) when it is not installed."""
    path = shutil.which("chromium") or shutil.which("chromium", path="/usr/bin")
    if path is None:
        pytest.fail("'chromium' is not installed: this test needs Debian's chromium package "
                    "(apt-get install -y chromium), which CI installs in .ci/run", pytrace=False)
    return path


async def chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium without blocking the event loop; its stdout."""
    process = await asyncio.create_subprocess_exec(
        chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), CHROMIUM_TIMEOUT)
    except TimeoutError:
        pytest.fail(f"chromium {' '.join(args)} did not finish in {CHROMIUM_TIMEOUT} s")
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, stderr.decode(errors="replace")[-3000:]
    return stdout.decode()


def output_directory() -> Path:
    """Where tests write what people look at: ``$NAZH_TEST_OUTPUT`` or ``test-output/``."""
    directory = Path(os.environ.get("NAZH_TEST_OUTPUT") or REPO / "test-output")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


# -- the test ------------------------------------------------------------------------------------


@gateway_only
async def test_dashboard_page_shows_the_bot_in_a_real_browser(
        nazh: NazhUnderTest, fake_discord: FakeDiscord, tmp_path: Path) -> None:
    interaction, _ = await nazh.slash(pool="2d6+3")  # slash: a success
    _, refusal = await nazh.slash(pool="1d20++5")  # slash: a notation failure
    assert refusal["data"]["flags"] & (1 << 6)
    message = fake_discord.original_message(interaction)
    _, modal = await nazh.click(custom_id_of(message, "Copy Command"))
    field_id = modal["data"]["components"][0]["components"][0]["custom_id"]
    submit = modal_submit(modal["data"]["custom_id"], {field_id: "d1d20+5"},
                          application_id=str(fake_discord.application_id))
    await fake_discord.dispatch("INTERACTION_CREATE", submit)  # modal: a success
    await fake_discord.wait_for_interaction_response(submit)
    assert nazh.sidecar is not None
    url = f"{nazh.sidecar.url}/"

    page = parse_html(await chromium(tmp_path / "profile-dom", "--dump-dom", url))

    state = page.by_id("state")
    assert state.text == "ready"
    assert state.attrs.get("class") == "ready"
    assert page.by_id("guilds").text == str(len(fake_discord.guild_ids)) == "1"
    assert page.by_id("success-rate").text == f"{2 / 3 * 100:.1f} %" == "66.7 %"
    assert page.by_id("version").text == version("nazh")
    assert page.by_id("commit").text == COMMIT
    assert re.fullmatch(r"\d+\.\d ms", page.by_id("latency").text), page.by_id("latency").text
    assert re.fullmatch(r"(\d+h )?\d+m \d+s", page.by_id("uptime").text)
    assert re.fullmatch(r"\d\d:\d\d:\d\d", page.by_id("updated").text)
    assert page.by_id("rolls").rows() == [
        ["slash", "1", "1"], ["builder", "0", "0"], ["button", "0", "0"], ["modal", "1", "0"]]
    failures = page.by_id("failures").rows()
    assert len(failures) == 1, failures
    at, source, reason = failures[0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", at), at
    assert (source, reason) == ("slash", "notation")

    screenshot = output_directory() / "dashboard.png"
    screenshot.unlink(missing_ok=True)
    width, height = WINDOW
    await chromium(tmp_path / "profile-shot", f"--screenshot={screenshot}",
                   f"--window-size={width},{height}", "--hide-scrollbars", url)
    assert screenshot.is_file(), f"chromium wrote no {screenshot}"
    data = screenshot.read_bytes()
    assert png_dimensions(data) == WINDOW
    assert len(data) > 20_000, f"{len(data)} bytes: an empty page?"
