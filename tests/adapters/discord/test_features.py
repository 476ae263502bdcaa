"""The feature table: every Discord feature is in it once, and it drives the loaders, the
injection, the container and the routing of custom ids."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from types import ModuleType

import lightbulb
import pytest

import nazh.adapters.discord as discord_package
from nazh.adapters.discord.builder import builder_control
from nazh.adapters.discord.features import FEATURES, build_features, owner_of
from nazh.adapters.discord.history import history_control
from nazh.adapters.discord.result import RollAction, roll_control
from nazh.application.rolls.builder import BuilderState, StagedPool


def command_modules() -> list[ModuleType]:
    """Every module of the Discord adapter that has lightbulb commands (a ``loader``)."""
    found = []
    for info in pkgutil.walk_packages(discord_package.__path__, "nazh.adapters.discord."):
        module = importlib.import_module(info.name)
        if isinstance(getattr(module, "loader", None), lightbulb.Loader):
            found.append(module)
    return found


def test_every_module_with_commands_has_a_row() -> None:
    rows = [feature.commands for feature in FEATURES if feature.commands is not None]
    assert sorted(m.__name__ for m in rows) == sorted(m.__name__ for m in command_modules())
    assert len({feature.serves for feature in FEATURES}) == len(FEATURES)


def test_each_kind_of_control_has_one_owner() -> None:
    kinds = [kind for feature in FEATURES if feature.controls for kind in feature.controls.kinds]
    assert len(kinds) == len(set(kinds))


@pytest.mark.parametrize(("custom_id", "owner"), [
    (roll_control(RollAction.COPY, "k3v9x0q2md"), "RollFeature"),
    (roll_control(RollAction.KEEP_FACE, "k3v9x0q2md", 1), "RollFeature"),
    (builder_control(None, 42, BuilderState((StagedPool(1, 20),))), "BuilderFeature"),
    (history_control(None, 10, 2), "HistoryFeature"),
])
def test_a_custom_id_goes_to_the_feature_that_made_it(custom_id: str, owner: str) -> None:
    owned = owner_of(custom_id)
    assert owned is not None
    assert owned[0].serves.__name__ == owner


@pytest.mark.parametrize("custom_id", ["nz1:nope:x", "nz2:copy:x", "nz1:h:-:10", "copy", ""])
def test_anything_else_has_no_owner(custom_id: str) -> None:
    assert owner_of(custom_id) is None



def test_each_feature_is_built_with_its_dependencies_by_name() -> None:
    names = {"table", "suggestions", "wrapper", "settings", "builders", "show_odds", "queries",
             "saved", "attachments", "stats", "chart", "info", "characters",
             "character_rolls"}
    needs = {name: object() for name in names}
    built = build_features(needs)
    assert set(built) == {feature.serves for feature in FEATURES}
    odds = next(f.serves for f in FEATURES if f.serves.__name__ == "OddsFeature")
    assert built[odds]._show_odds is needs["show_odds"]


def test_a_missing_dependency_is_named() -> None:
    with pytest.raises(LookupError, match="RollFeature needs table"):
        build_features({})


def test_every_feature_has_a_feature_level_test() -> None:
    here = Path(__file__).parent
    for feature in FEATURES:
        module = feature.serves.__module__.rpartition(".")[2]
        assert (here / f"test_{module}.py").is_file(), f"no tests/adapters/discord/test_{module}.py"
