"""Naming what a briefing is about: names, aliases, IRIs and keys in any case; unknown names
answered with the closest known ones."""

from __future__ import annotations

import pytest

from pockg.briefing import (
    BriefingRequestError,
    StoreReader,
    UnknownSubjectError,
    build_briefing,
    resolve_subject,
)


@pytest.mark.parametrize(
    ("kind", "given", "iri", "label"),
    [
        ("country", "mali", "https://w3id.org/pockg/id/country/mli", "Mali"),
        (
            "country",
            "DRC",
            "https://w3id.org/pockg/id/country/cod",
            "Democratic Republic of the Congo",
        ),
        (
            "country",
            "Republic of South Sudan",
            "https://w3id.org/pockg/id/country/ssd",
            "South Sudan",
        ),
        (
            "country",
            "https://w3id.org/pockg/id/country/irq",
            "https://w3id.org/pockg/id/country/irq",
            "Iraq",
        ),
        ("mission", "minusma", "https://w3id.org/pockg/id/mission/minusma", "MINUSMA"),
        (
            "mission",
            "United Nations Mission in South Sudan",
            "https://w3id.org/pockg/id/mission/unmiss",
            "UNMISS",
        ),
        (
            "theme",
            "information-sharing",
            "https://w3id.org/pockg/id/theme/information-sharing",
            "Information sharing",
        ),
        (
            "theme",
            "DATA SHARING",
            "https://w3id.org/pockg/id/theme/information-sharing",
            "Information sharing",
        ),
    ],
)
def test_subject_is_found_by_name_alias_iri_or_key(
    reader: StoreReader, kind: str, given: str, iri: str, label: str
) -> None:
    subject = resolve_subject(reader, **{kind: given})
    named = (*subject.countries, *subject.missions, *subject.themes)
    assert [(n.iri, n.label) for n in named] == [(iri, label)]


def test_unknown_country_names_the_closest_known_ones(reader: StoreReader) -> None:
    with pytest.raises(UnknownSubjectError) as raised:
        build_briefing(reader, country="Mallli")
    assert raised.value.kind == "country"
    assert raised.value.suggestions[0] == "Mali"
    assert str(raised.value).startswith("unknown country 'Mallli'; closest known: Mali")


def test_unknown_mission_and_theme_name_the_closest_known_ones(reader: StoreReader) -> None:
    with pytest.raises(UnknownSubjectError, match=r"closest known: .*MINUSMA"):
        build_briefing(reader, mission="MINUSNA")
    with pytest.raises(UnknownSubjectError, match="Information sharing"):
        build_briefing(reader, theme="informaton sharing")


def test_a_name_with_nothing_close_says_so(reader: StoreReader) -> None:
    with pytest.raises(UnknownSubjectError, match="no known country has a similar name"):
        build_briefing(reader, country="Qqqqqqqqqqqq")


def test_a_briefing_needs_a_subject(reader: StoreReader) -> None:
    with pytest.raises(BriefingRequestError, match="name a country, a UN mission or a theme"):
        build_briefing(reader, country="  ")
