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
from nazh.adapters.discord.characters.controls import delete_control, sheet_control
from nazh.adapters.discord.features import FEATURES, owner_of
from nazh.adapters.discord.log.history import history_control
from nazh.adapters.discord.rolls.builder import builder_control
from nazh.adapters.discord.rolls.result import RollAction, roll_control
from nazh.adapters.discord.runtime.dependencies import Dependencies, SharedParts
from nazh.adapters.discord.runtime.feature import Feature, Features
from nazh.adapters.discord.runtime.rest import RestRef
from nazh.application.encounters.roll_handler import EncounterRolls
from nazh.application.encounters.use_cases import EncounterUseCases
from nazh.application.rolls.builder import BuilderState, StagedPool
from nazh.application.rolls.use_cases import RollUseCases
from nazh.domain.character import Resource


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
    ("nz1:hit:k3v9x0q2md", "AttackFeature"),
    ("nz1:graze:k3v9x0q2md", "AttackFeature"),
    ("nz1:crit:k3v9x0q2md", "AttackFeature"),
    ("nz1:opp:k3v9x0q2md", "RollFeature"),
    (sheet_control("c0123456789", Resource.HEALTH, -5), "SheetControls"),
    (delete_control("c0123456789", 3), "SheetControls"),
])
def test_a_custom_id_goes_to_the_feature_that_made_it(custom_id: str, owner: str) -> None:
    owned = owner_of(custom_id)
    assert owned is not None
    assert owned[0].serves.__name__ == owner


@pytest.mark.parametrize("custom_id", ["nz1:nope:x", "nz2:copy:x", "nz1:h:-:10", "copy", "",
                                       "nz1:h:zzzzzzzzzzzzz:10:0"])  # a roller past 2**63 - 1
def test_anything_else_has_no_owner(custom_id: str) -> None:
    assert owner_of(custom_id) is None


def dependencies() -> Dependencies:
    """A stand-in for each dependency (the roll and encounter use cases: one for each): the
    features only keep them when built (the encounter feature watches the rolls' changes)."""
    stand_ins: dict[str, object] = {name: object() for name in Dependencies.__dataclass_fields__}
    stand_ins["rest"] = RestRef()
    stand_ins["shared"] = SharedParts()
    stand_ins["rolls"] = RollUseCases(*(object() for _ in range(4)))  # type: ignore[arg-type]
    stand_ins["encounters"] = EncounterUseCases(
        object(), object(), object(), object(),  # type: ignore[arg-type]
        EncounterRolls(object()), object(), object(), object(), object())  # type: ignore[arg-type]
    return Dependencies(**stand_ins)  # type: ignore[arg-type]


def test_each_feature_is_built_from_the_typed_dependencies() -> None:
    deps = dependencies()
    features = Features(FEATURES, deps)
    assert set(features.built) == {feature.serves for feature in FEATURES}
    for feature in FEATURES:
        assert isinstance(features.built[feature.serves], feature.serves)
    odds = next(f.serves for f in FEATURES if f.serves.__name__ == "OddsFeature")
    assert vars(features.built[odds])["_show_odds"] is deps.show_odds


def test_a_feature_with_a_codec_and_no_handler_is_named() -> None:
    about = next(f for f in FEATURES if f.serves.__name__ == "AboutFeature")
    codec = next(f.controls for f in FEATURES if f.controls is not None)
    with pytest.raises(LookupError, match="AboutFeature has a codec and no on_control"):
        Features([Feature(about.serves, None, codec)], dependencies())


def test_every_feature_has_a_feature_level_test_in_its_mirrored_package() -> None:
    here = Path(__file__).parent
    for feature in FEATURES:
        package = feature.serves.__module__.split(".")[3]
        tests = [path.read_text() for path in (here / package).glob("*.py")
                 if path.name.startswith("test_") or path.name == "kit.py"]
        assert any(feature.serves.__name__ in text for text in tests), (
            f"no test of {feature.serves.__name__} in tests/adapters/discord/{package}/")
