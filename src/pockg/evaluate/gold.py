"""Gold annotation files: loaded from JSON and checked field by field.

The format is `eval/gold/README.md` section 1. Only the fields evaluation reads are checked;
others (notes, `practice`, `by`, `type`, ...) are ignored. A missing or mistyped field raises
`GoldFileError` naming the file and the field, e.g. `x.json: recommendations[3]: missing
field "text"`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

HEDGED_MODAL = "can/may/could"
_REQUIRED = object()


class GoldFileError(Exception):
    """A gold file cannot be read; the message names the file and the field."""


@dataclass(frozen=True)
class GoldEntity:
    """A named thing: its label, aliases seen in the text, and how recall treats it."""

    label: str
    aliases: tuple[str, ...] = ()
    label_in_text: bool = True
    generic: bool = False
    role: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Return the label and the aliases."""
        return (self.label, *self.aliases)

    @property
    def excluded(self) -> bool:
        """Return whether recall leaves the item out: its label is not in the text and it
        has no alias that is."""
        return not self.label_in_text and not self.aliases


@dataclass(frozen=True)
class GoldCitation:
    """A cited document: title, other names, and the years it may carry."""

    title: str
    aliases: tuple[str, ...]
    years: tuple[int, ...]
    citation_only: bool

    @property
    def names(self) -> tuple[str, ...]:
        """Return the title and the aliases."""
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class GoldStatement:
    """A recommendation, challenge or field practice: the verbatim spans that may match it."""

    spans: tuple[str, ...]
    modal: str = ""
    country: str = ""
    related_frameworks: tuple[str, ...] = ()


@dataclass(frozen=True)
class GoldDocument:
    """One gold file: the document it annotates and its items by category."""

    path: Path
    document: str
    organisations: tuple[GoldEntity, ...]
    people: tuple[GoldEntity, ...]
    un_missions: tuple[GoldEntity, ...]
    resolutions: tuple[str, ...]
    citations: tuple[GoldCitation, ...]
    tools: tuple[GoldEntity, ...]
    countries: tuple[GoldEntity, ...]
    recommendations: tuple[GoldStatement, ...]
    field_practices: tuple[GoldStatement, ...]
    challenges: tuple[GoldStatement, ...]

    def country_names(self, country: str) -> tuple[str, ...]:
        """Return a canonical country name and its surface forms in this document."""
        for entry in self.countries:
            if entry.label == country:
                return entry.names
        return (country,)


class _Fields:
    """Typed access to one JSON object of a gold file; errors name the file and the place."""

    def __init__(self, path: Path, where: str, value: object) -> None:
        self.path, self.where = path, where
        if not isinstance(value, dict):
            self.fail(f"expected an object, got {_kind(value)}")
        self.value: dict[str, Any] = value

    def fail(self, message: str) -> NoReturn:
        """Raise GoldFileError for `message` about this object."""
        place = f"{self.where}: " if self.where else ""
        raise GoldFileError(f"{self.path}: {place}{message}")

    def get(self, key: str, kinds: tuple[type, ...], default: object = _REQUIRED) -> Any:
        """Return field `key`, checked to be one of `kinds`; `default` when absent."""
        if key not in self.value:
            if default is _REQUIRED:
                self.fail(f'missing field "{key}"')
            return default
        found = self.value[key]
        if not isinstance(found, kinds) or (bool not in kinds and isinstance(found, bool)):
            self.fail(f'field "{key}" must be {_names(kinds)}, got {_kind(found)}')
        return found

    def text(self, key: str) -> str:
        """Return a required string field."""
        return str(self.get(key, (str,)))

    def optional_text(self, key: str) -> str:
        """Return an optional string field (absent or null reads as "")."""
        return str(self.get(key, (str, type(None)), "") or "")

    def flag(self, key: str, default: bool) -> bool:
        """Return an optional boolean field (null reads as `default`)."""
        found = self.get(key, (bool, type(None)), default)
        return default if found is None else bool(found)

    def items(self, key: str, kinds: tuple[type, ...], *, required: bool = False) -> list[Any]:
        """Return a list field whose items are all of `kinds` (absent: [] unless required)."""
        found = self.get(key, (list,), _REQUIRED if required else [])
        for index, item in enumerate(found):
            if not isinstance(item, kinds) or (bool not in kinds and isinstance(item, bool)):
                self.fail(f"{key}[{index}]: expected {_names(kinds)}, got {_kind(item)}")
        return list(found)

    def texts(self, key: str) -> tuple[str, ...]:
        """Return an optional list of strings."""
        return tuple(self.items(key, (str,)))

    def objects(self, key: str) -> list[_Fields]:
        """Return a required list of objects, each wrapped for field access."""
        found = self.items(key, (dict,), required=True)
        return [_Fields(self.path, f"{key}[{index}]", item) for index, item in enumerate(found)]


@dataclass(frozen=True)
class GoldSet:
    """The valid gold files of a directory, and one message per file that is not."""

    documents: tuple[GoldDocument, ...]
    errors: tuple[str, ...]


def load_gold_dir(directory: Path) -> GoldSet:
    """Return the gold files `directory/*.json` in name order, invalid ones as messages.

    Raises GoldFileError when the directory does not exist or holds no `.json` file.
    """
    if not directory.is_dir():
        raise GoldFileError(f"{directory}: no such directory")
    paths = sorted(path for path in directory.glob("*.json") if path.is_file())
    if not paths:
        raise GoldFileError(f"{directory}: no gold files (*.json) in this directory")
    documents: dict[str, GoldDocument] = {}
    errors: list[str] = []
    for path in paths:
        try:
            gold = load_gold_file(path)
        except GoldFileError as error:
            errors.append(str(error))
            continue
        if gold.document in documents:
            first = documents[gold.document].path.name
            errors.append(f'{path}: "document" {gold.document!r} is already annotated in {first}')
            continue
        documents[gold.document] = gold
    return GoldSet(tuple(documents.values()), tuple(errors))


def load_gold_file(path: Path) -> GoldDocument:
    """Return the gold document in `path`; raises GoldFileError naming file and field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GoldFileError(f"{path}: cannot read the file: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise GoldFileError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise GoldFileError(
            f"{path}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    return _document(path, _Fields(path, "", data))


def _document(path: Path, top: _Fields) -> GoldDocument:
    document = top.text("document")
    if not document:
        top.fail('field "document" is empty: it must name the annotated text file')
    mentions = _country_mentions(top)
    return GoldDocument(
        path=path,
        document=document,
        organisations=tuple(_entity(item, "label") for item in top.objects("organisations")),
        people=tuple(_person(item) for item in top.objects("people")),
        un_missions=tuple(GoldEntity(item.text("label")) for item in top.objects("un_missions")),
        resolutions=tuple(_number(item) for item in top.objects("security_council_resolutions")),
        citations=tuple(_citation(item) for item in top.objects("other_documents_cited")),
        tools=tuple(_entity(item, "label") for item in top.objects("tools_and_mechanisms")),
        countries=tuple(
            GoldEntity(name, mentions.get(name, ())) for name in top.texts("countries")
        ),
        recommendations=tuple(_recommendation(item) for item in top.objects("recommendations")),
        field_practices=tuple(_field_practice(item) for item in top.objects("field_practices")),
        challenges=tuple(_challenge(item) for item in top.objects("challenges")),
    )


def _country_mentions(top: _Fields) -> Mapping[str, tuple[str, ...]]:
    top.get("countries", (list,))
    found = top.get("country_mentions", (dict,), {})
    mentions = _Fields(top.path, "country_mentions", found)
    return {name: mentions.texts(name) for name in found}


def _entity(item: _Fields, key: str) -> GoldEntity:
    return GoldEntity(
        label=item.text(key),
        aliases=item.texts("aliases"),
        label_in_text=item.flag("label_in_text", True),
        generic=item.flag("generic", False),
    )


def _person(item: _Fields) -> GoldEntity:
    return GoldEntity(item.text("name"), item.texts("aliases"), role=item.optional_text("role"))


def _number(item: _Fields) -> str:
    number = item.get("number", (str, int))
    return str(number).strip()


def _citation(item: _Fields) -> GoldCitation:
    years = [item.get("year", (int, type(None)), None), *item.items("year_variants", (int,))]
    return GoldCitation(
        title=item.text("title"),
        aliases=item.texts("aliases"),
        years=tuple(year for year in years if year is not None),
        citation_only=item.flag("citation_only", False),
    )


def _recommendation(item: _Fields) -> GoldStatement:
    return GoldStatement((item.text("text"),), modal=item.optional_text("modal"))


def _challenge(item: _Fields) -> GoldStatement:
    return GoldStatement((item.text("text"),), country=item.optional_text("country"))


def _field_practice(item: _Fields) -> GoldStatement:
    spans = (
        item.text("evidence"),
        *item.texts("additional_evidence"),
        item.optional_text("outcome"),
    )
    return GoldStatement(
        spans=tuple(span for span in spans if span),
        country=item.text("country"),
        related_frameworks=item.texts("related_frameworks"),
    )


_JSON_NAMES: dict[type, str] = {
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "an object",
}


def _kind(value: object) -> str:
    """Return the JSON name of a value's type, e.g. "a string"."""
    return _JSON_NAMES.get(type(value), type(value).__name__)


def _names(kinds: tuple[type, ...]) -> str:
    """Return the JSON names of the accepted types, e.g. "a string or null"."""
    return " or ".join(_JSON_NAMES[kind] for kind in kinds)
