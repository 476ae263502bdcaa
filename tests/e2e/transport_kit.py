"""Which transport an end-to-end test runs on, and reading the bot's metrics page."""

from __future__ import annotations

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.harness import NazhUnderTest

http_only = pytest.mark.parametrize("nazh", ["http"], indirect=True)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(nazh: NazhUnderTest, *names: str) -> Samples:
    """The bot's samples: every one, or only ``names`` (a scrape restricted by name)."""
    assert nazh.sidecar is not None
    async with aiohttp.ClientSession() as session, \
            session.get(f"{nazh.sidecar.url}/metrics",
                        params=[("name[]", name) for name in names]) as response:
        assert response.status == 200
        text = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text) for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)
