"""The forms' builders, checked against Discord's OpenAPI spec and its rules on a modal, and the
reading of a submit (every field, on the entity factory both transports use)."""

from __future__ import annotations

from typing import Any

import hikari
import pytest

from nazh.adapters.discord.characters.import_form import (
    FILE_INPUT,
    FormFileError,
    import_modal,
    uploaded,
)
from nazh.adapters.discord.encounters.condition_form import (
    CONDITION_INPUT,
    ROUNDS_INPUT,
    UNTIL_INPUT,
    VALUE_INPUT,
    affliction_of,
    condition_fields,
)
from nazh.adapters.discord.runtime.forms import (
    CheckboxField,
    CheckboxGroupField,
    FileUploadField,
    FormAnswers,
    Label,
    Option,
    SelectField,
    SubmittedForm,
    TextField,
    Upload,
    answers_of,
    read_answers,
    read_forms,
)
from nazh.adapters.discord.runtime.responder import Components, modal_builder
from nazh.application.settings.language import Language
from nazh.domain.encounter.conditions import ConditionName
from nazh.domain.encounter.errors import EncounterError
from tests.e2e.fake_discord import check_modal, form_submit, validate_request
from tests.e2e.fake_discord.message_rules import RefusedError

CALLBACK = "/interactions/1/token/callback"
APPLICATION = "123456789012345678"


def modal(components: Components, title: str = "A form") -> dict[str, Any]:
    """The type 9 callback's body hikari sends for these fields."""
    factory = hikari.RESTBot("x.y.z", "Bot", banner=None).entity_factory
    payload, _ = modal_builder(title, "nz1:test:form", components).build(factory)
    return dict(payload)


def spec_violations(body: dict[str, Any]) -> list[str]:
    return validate_request("POST", CALLBACK, body)


EVERY_FIELD: Components = [
    Label("Condition", SelectField("condition", [Option("Prone", "prone"),
                                                 Option("Slowed", "slowed", "Speed halved",
                                                        default=True)]),
          "What it takes"),
    Label("Value", TextField("value", required=False, max_length=2, placeholder="1")),
    Label("Notes", TextField("notes", paragraph=True, value="at dusk")),
    Label("The file", FileUploadField("file")),
    Label("Kinds", CheckboxGroupField("kinds", [Option("Keen", "keen"),
                                                Option("Impact", "impact")])),
    Label("Shared", CheckboxField("shared", default=True), "The table sees it"),
]


def test_every_field_in_its_label_is_a_modal_the_spec_accepts() -> None:
    body = modal(EVERY_FIELD)
    assert spec_violations(body) == []
    check_modal(body["data"])
    label = body["data"]["components"][0]
    assert label == {"type": 18, "label": "Condition", "description": "What it takes",
                     "component": {
                         "type": 3, "custom_id": "condition", "required": True,
                         "min_values": 1, "max_values": 1, "options": [
                             {"label": "Prone", "value": "prone"},
                             {"label": "Slowed", "value": "slowed",
                              "description": "Speed halved", "default": True}]}}
    kinds = [c["component"]["type"] for c in body["data"]["components"]]
    assert kinds == [3, 4, 4, 19, 22, 23]


def test_texts_past_discords_limits_are_cut_to_them() -> None:
    body = modal([Label("L" * 60, SelectField("pick", [Option("o" * 130, "v" * 130)],
                                              placeholder="p" * 200), "d" * 130),
                  Label("Typed", TextField("typed", placeholder="p" * 130))])
    assert spec_violations(body) == []
    label = body["data"]["components"][0]
    assert len(label["label"]) == 45
    assert len(label["description"]) == 100


def test_the_spec_refuses_what_discord_refuses() -> None:
    body = modal([Label("Empty", SelectField("pick", []))])  # a select needs an option
    assert spec_violations(body) != []
    group = modal([Label("Many", CheckboxGroupField("many", [
        Option(str(n), str(n)) for n in range(12)]))])
    assert spec_violations(group) == []  # the builder keeps Discord's 10
    assert len(group["data"]["components"][0]["component"]["options"]) == 10


def test_the_fake_refuses_the_rules_the_spec_cannot_say() -> None:
    twice = modal([Label("A", TextField("same")), Label("B", CheckboxField("same"))])
    with pytest.raises(RefusedError, match="used twice"):
        check_modal(twice["data"])
    body = modal([Label("Pick", SelectField("pick", [Option("A", "a")]))])
    body["data"]["components"][0]["component"]["max_values"] = 3
    with pytest.raises(RefusedError, match="more than its 1 options"):
        check_modal(body["data"])


def test_the_forms_nazh_opens_are_valid() -> None:
    for language in (None, Language.FRENCH):
        body = modal(condition_fields(language), "Condition on Szeth")
        assert spec_violations(body) == []
        check_modal(body["data"])
    title, custom_id, components = import_modal()
    body = modal(components, title)
    assert spec_violations(body) == []
    assert custom_id == "nz1:chi:file"


def submit_of(components: Components, answers: dict[str, Any]) -> dict[str, Any]:
    return form_submit(modal(components), answers, application_id=APPLICATION)


def test_a_submit_is_read_whole_on_the_transports_factory() -> None:
    attachment = {"id": "901", "filename": "veyla.json", "size": 12, "content_type":
                  "application/json", "url": "https://cdn.discordapp.com/a/veyla.json",
                  "proxy_url": "https://media.discordapp.net/a/veyla.json"}
    submit = submit_of(EVERY_FIELD, {"condition": ["prone"], "value": "3",
                                     "file": [attachment], "kinds": ["keen", "impact"],
                                     "shared": False})
    assert [c["type"] for c in submit["data"]["components"]] == [18] * 6
    assert submit["data"]["resolved"] == {"attachments": {"901": attachment}}
    for bot in (hikari.RESTBot("x.y.z", "Bot", banner=None),
                hikari.GatewayBot("MTIzNDU2Nzg5MDEyMzQ1Njc4.x.y", banner=None)):
        factory = bot.entity_factory
        unread = factory.deserialize_interaction(submit)
        assert isinstance(unread, hikari.ModalInteraction)
        assert answers_of(unread) == FormAnswers()  # hikari's own keeps none of it
        read_forms(factory)
        interaction = factory.deserialize_interaction(submit)
        assert isinstance(interaction, SubmittedForm)
        assert interaction.custom_id == "nz1:test:form"
        answers = answers_of(interaction)
        assert answers.choice("condition") == "prone"
        assert answers.text("value") == "3"
        assert answers.text("notes") == "at dusk"  # left as prefilled
        assert answers.chosen["kinds"] == ("keen", "impact")
        assert not answers.checked("shared")
        assert answers.files("file") == (Upload("901", "veyla.json", 12,
                                                "https://cdn.discordapp.com/a/veyla.json",
                                                "application/json"),)


def test_a_submit_of_action_rows_still_reads() -> None:
    data = {"custom_id": "x", "components": [
        {"type": 1, "id": 1, "components": [{"type": 4, "id": 2, "custom_id": "pool",
                                             "value": "2d6"}]},
        {"type": 10, "id": 3},
        {"type": 18, "id": 4, "component": {"type": 19, "id": 5, "custom_id": "file",
                                            "values": ["7"]}}]}  # no resolved file: none
    assert read_answers(data) == FormAnswers(texts={"pool": "2d6"}, uploads={"file": ()})


def answers(**given: Any) -> FormAnswers:
    return read_answers(submit_of(condition_fields(None), given)["data"])


def test_the_condition_forms_answers_become_the_condition_or_a_specific_refusal() -> None:
    given = affliction_of(answers(**{CONDITION_INPUT: ["exhausted"], VALUE_INPUT: "2",
                                     ROUNDS_INPUT: "3"}))
    assert (given.name, given.value, given.rounds, given.until_next_turn_end) == (
        ConditionName.EXHAUSTED, 2, 3, False)
    until = affliction_of(answers(**{CONDITION_INPUT: ["prone"], UNTIL_INPUT: True}))
    assert (until.value, until.rounds, until.until_next_turn_end) == (0, None, True)
    assert affliction_of(answers(**{CONDITION_INPUT: ["afflicted"]})).value == 1
    refusals: dict[str, dict[str, Any]] = {
        "Prone has no value: leave Value empty": {CONDITION_INPUT: ["prone"], VALUE_INPUT: "1"},
        "Value: type a whole number from 1 to 99": {CONDITION_INPUT: ["afflicted"],
                                                     VALUE_INPUT: "-1"},
        "Rounds: type a whole number from 1 to 100": {CONDITION_INPUT: ["prone"],
                                                       ROUNDS_INPUT: "101"},
        "give rounds or tick until the end of its next turn, not both": {
            CONDITION_INPUT: ["prone"], ROUNDS_INPUT: "1", UNTIL_INPUT: True},
    }
    for reason, form in refusals.items():
        with pytest.raises(EncounterError) as refused:
            affliction_of(answers(**form))
        assert refused.value.reason == reason
    with pytest.raises(EncounterError, match="choose a condition"):  # a forged submit
        affliction_of(FormAnswers())


def upload(filename: str, size: int = 10, content_type: str = "application/json") -> FormAnswers:
    return FormAnswers(uploads={FILE_INPUT: (Upload("1", filename, size, "https://x/y",
                                                    content_type),)})


def test_the_import_forms_file_is_one_json_file_or_a_specific_refusal() -> None:
    assert uploaded(upload("veyla.json")).filename == "veyla.json"
    assert uploaded(upload("VEYLA.JSON", content_type="")).filename == "VEYLA.JSON"
    cases = {
        'file "sheet.pdf" is not a JSON file': upload("sheet.pdf", content_type="application/pdf"),
        'file "sheet.json" is not a JSON file': upload("sheet.json", content_type="image/png"),
        'file "none.json" is empty': upload("none.json", size=0),
        "no file was attached": FormAnswers(),
    }
    for reason, given in cases.items():
        with pytest.raises(FormFileError) as refused:
            uploaded(given)
        assert refused.value.reason == reason
