"""Nazh's gettext catalogs kept current: the templates extracted, each language's catalog merged.

``scripts/extract_messages`` runs :func:`main`: the ``commands`` template from the commands as
Discord receives them (every name, description and choice), the ``messages`` template by
``pybabel extract`` over ``nazh/`` (``gettext``, ``ngettext`` and ``N_`` calls); then each
language's ``.po`` gains the new ids (untranslated, for a translator) and drops the gone ones.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import hikari
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from lightbulb.localization import LocalizationProvider

from nazh.adapters.discord.features import FEATURES
from nazh.adapters.discord.runtime.localization import (
    CATALOGS,
    COMMANDS_DOMAIN,
    LOCALES,
    commands_of,
    payloads_of,
)
from nazh.presentation.glossary import KINDS, LANGUAGES, SOURCES, TERMS

REPO = Path(__file__).resolve().parent.parent
MESSAGES_DOMAIN = "messages"
"""The catalog of what Nazh says (answers, cards, refusals)."""
DOMAINS = (COMMANDS_DOMAIN, MESSAGES_DOMAIN)
BABEL_LOCALES = {locale: locale.value.replace("-", "_") for locale in LOCALES}
"""Each Discord locale as Babel names it (its plural rules come from it)."""


def template_path(domain: str) -> Path:
    """Where the template of ``domain`` is kept."""
    return CATALOGS / f"{domain}.pot"


def catalog_path(locale: hikari.Locale, domain: str) -> Path:
    """Where ``locale``'s catalog of ``domain`` is kept (the layout lightbulb reads)."""
    return CATALOGS / locale.value / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path, locale: str | None = None) -> Catalog:
    """The catalog in ``path``."""
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def write(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` to ``path`` (sorted by where each id first appears; no dates)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, omit_header=False, include_previous=False)


def command_keys() -> dict[str, list[str]]:
    """Every name, description and choice of every command -> where it is used."""
    keys: dict[str, list[str]] = {}

    def record(key: str) -> Mapping[hikari.Locale, str]:
        keys.setdefault(key, [])
        return {hikari.Locale.EN_US: key}

    payloads = asyncio.run(_payloads(record))
    for payload in payloads:
        _where(payload, f"/{payload['name']}", keys)
    return keys


async def _payloads(localizations: LocalizationProvider) -> list[dict[str, object]]:
    commands = await commands_of(row.commands for row in FEATURES if row.commands is not None)
    return await payloads_of(commands, localizations)


def _where(node: Mapping[str, object], path: str, keys: dict[str, list[str]]) -> None:
    for field in ("name", "description"):
        text = node.get(field)
        if isinstance(text, str) and text in keys:
            keys[text].append(f"{path} ({field})")
    for choice in _list(node.get("choices")):
        keys.setdefault(str(choice["name"]), []).append(f"{path} (choice)")
    for option in _list(node.get("options")):
        _where(option, f"{path} {option['name']}", keys)


def _list(value: object) -> list[Mapping[str, object]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def commands_template() -> Catalog:
    """The ``commands`` template, from the commands as registered."""
    catalog = _template(COMMANDS_DOMAIN)
    for key, uses in command_keys().items():
        catalog.add(key, auto_comments=sorted(set(uses))[:3])
    return catalog


def messages_template() -> Catalog:
    """The ``messages`` template, by ``pybabel extract`` over the package."""
    out = REPO / ".cache" / "messages.pot"
    out.parent.mkdir(exist_ok=True)
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract",
                    "--no-location", "--sort-output", "--no-wrap", "-k", "N_",
                    "--project", "nazh", "-o", str(out), "nazh"],
                   cwd=REPO, check=True, capture_output=True, timeout=120)
    return read(out)


def _template(domain: str) -> Catalog:
    return Catalog(project="nazh", domain=domain, charset="utf-8", fuzzy=False)


TEMPLATES: dict[str, Callable[[], Catalog]] = {COMMANDS_DOMAIN: commands_template,
                                                MESSAGES_DOMAIN: messages_template}
"""How each domain's template is made."""


def merged(template: Catalog, locale: hikari.Locale, domain: str) -> Catalog:
    """``locale``'s catalog of ``domain`` with the template's ids (translations kept)."""
    path = catalog_path(locale, domain)
    if path.exists():
        catalog = read(path, BABEL_LOCALES[locale])
    else:
        catalog = Catalog(locale=BABEL_LOCALES[locale], domain=domain, project="nazh",
                          fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    return catalog


def _ids(catalog: Catalog) -> list[object]:
    return [message.id for message in catalog if message.id]


GLOSSARY_NAMES = {"es": "Español (es-ES, es-419)", "pt-BR": "Português (Brasil)",
                  "fr": "Français"}


def glossary_path(language: str) -> Path:
    """Where ``language``'s glossary page is kept."""
    return REPO / "docs" / "i18n" / f"glossary.{language}.md"


def glossary_page(language: str) -> str:
    """The glossary of ``language`` as a page: each kind's terms, their word and source."""
    lines = [f"# Glossary: {GLOSSARY_NAMES[language]}", "",
             "The game's words as Nazh writes them and reads them (a skill, a condition or a "
             "damage type may be typed in English or in this language, with or without "
             "accents). Written from `nazh/presentation/glossary.py` by "
             "`scripts/extract_messages`: change the words there.", ""]
    for kind in KINDS:
        terms = [term for term in TERMS if term.kind == kind]
        lines += [f"## {kind.capitalize()}", "", "| English | word | source |",
                  "|---|---|---|"]
        lines += [f"| {term.english} | {term.in_language(language)[0]} | "
                  f"{term.in_language(language)[1]} |" for term in terms]
        lines.append("")
    lines += ["## Sources", ""]
    lines += [f"- `{key}`: {text}" for key, text in SOURCES.items()]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Extract both templates and merge them into every language's catalogs; write the
    glossaries."""
    for domain, make in TEMPLATES.items():
        template = make()
        kept = template_path(domain)
        if kept.exists() and _ids(read(kept)) == _ids(template):
            template.creation_date = read(kept).creation_date  # no change but the date: none
        write(template, kept)
        for locale in LOCALES:
            write(merged(template, locale, domain), catalog_path(locale, domain))
    for language in LANGUAGES:
        glossary_path(language).write_text(glossary_page(language), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
