"""The linkage view: field practices by country against global instruments and themes, as
two matrices (`linkage_view`) and as one picture (`linkage_picture`): themes on the left,
countries in the middle, frameworks, tools and mandates on the right."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib.query import ResultRow

from api.deps import Graphs
from api.linked import Scope
from api.queries import LABEL_PATH, linkage, ref, value
from api.schemas_graph import LinkageViewOut, RefOut, ThemeCellOut


def linkage_view(store: Graphs, scope: Scope) -> LinkageViewOut:
    """Return the practice-to-instrument matrix and the practice-to-theme matrix."""
    matrix = linkage(store, scope)
    sparql = f"""SELECT ?countryLabel ?theme (SAMPLE(?l) AS ?themeLabel) ?practice WHERE {{
          ?practice a pockg:FieldPractice ; pockg:country ?country ; pockg:theme ?theme ;
                    prov:wasDerivedFrom ?passage .
          FILTER NOT EXISTS {{ ?practice pockg:curationStatus "rejected" }}
          ?country rdfs:label ?countryLabel .
          OPTIONAL {{ ?theme {LABEL_PATH} ?l }}
        }} GROUP BY ?countryLabel ?theme ?practice"""
    cells: dict[tuple[str, str], set[str]] = defaultdict(set)
    labels: dict[str, str | None] = {}
    for row in scope.query(store, sparql):
        assert isinstance(row, ResultRow)
        theme = value(row, "theme") or ""
        labels[theme] = value(row, "themeLabel")
        cells[(value(row, "countryLabel") or "", theme)].add(value(row, "practice") or "")
    themes = sorted(labels, key=lambda iri: ((labels[iri] or iri).casefold(), iri))
    return LinkageViewOut(
        countries=sorted({*matrix.countries, *(country for country, _ in cells)}),
        instruments=matrix.instruments,
        cells=matrix.cells,
        themes=[ref(iri, labels[iri], scope.id_base) for iri in themes],
        theme_cells=[
            ThemeCellOut(country=country, theme=theme, practices=sorted(practices))
            for (country, theme), practices in sorted(cells.items())
        ],
    )


# The picture's geometry, in SVG user units.
ROW = 26
TOP = 40
COLUMN_X = (250, 520, 770)
WIDTH = 1010
LABEL_CHARS = 34


@dataclass(frozen=True)
class Node:
    """A labelled dot of the picture."""

    x: int
    y: int
    label: str
    title: str
    href: str | None
    column: str


@dataclass(frozen=True)
class Edge:
    """A line from a country to a theme or an instrument, as thick as its practice count."""

    x1: int
    y1: int
    x2: int
    y2: int
    width: float
    dashed: bool
    title: str


@dataclass(frozen=True)
class Picture:
    """Everything the template needs to draw the linkage graph as SVG."""

    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def linkage_picture(view: LinkageViewOut, country_hrefs: dict[str, str]) -> Picture:
    """Lay out the three columns; themes and instruments are ordered by the mean row of the
    countries they link to (the barycentre heuristic), which keeps lines from crossing."""
    countries = view.countries
    row_of = {country: index for index, country in enumerate(countries)}
    instrument_counts = {(c.country, c.instrument): (len(c.practices), c.links) for c in view.cells}
    theme_counts = {(c.country, c.theme): (len(c.practices), ["theme"]) for c in view.theme_cells}
    themes = _ordered(view.themes, theme_counts, row_of)
    instruments = _ordered(view.instruments, instrument_counts, row_of)
    rows = max(len(countries), len(themes), len(instruments), 1)
    y_of = {
        "country": _spread(countries, rows),
        "theme": _spread([t.iri for t in themes], rows),
        "instrument": _spread([i.iri for i in instruments], rows),
    }
    nodes = [
        *(
            _node(COLUMN_X[0], y_of["theme"][t.iri], t.label or t.iri, t.href, "theme")
            for t in themes
        ),
        *(
            _node(COLUMN_X[1], y_of["country"][c], c, country_hrefs.get(c), "country")
            for c in countries
        ),
        *(
            _node(COLUMN_X[2], y_of["instrument"][i.iri], i.label or i.iri, i.href, "instrument")
            for i in instruments
        ),
    ]
    labels = {r.iri: r.label or r.iri for r in (*themes, *instruments)}
    edges = [
        *_edges(theme_counts, y_of["country"], y_of["theme"], COLUMN_X[0], labels),
        *_edges(instrument_counts, y_of["country"], y_of["instrument"], COLUMN_X[2], labels),
    ]
    return Picture(WIDTH, TOP * 2 + ROW * (rows - 1), nodes, edges)


def _ordered(
    refs: Sequence[RefOut],
    counts: dict[tuple[str, str], tuple[int, list[str]]],
    row_of: dict[str, int],
) -> list[RefOut]:
    rows: dict[str, list[int]] = defaultdict(list)
    for country, iri in counts:
        rows[iri].append(row_of[country])
    linked = [r for r in refs if rows[r.iri]]
    return sorted(linked, key=lambda r: (sum(rows[r.iri]) / len(rows[r.iri]), r.label or r.iri))


def _spread(keys: Sequence[str], rows: int) -> dict[str, int]:
    """Return an evenly spaced y for each key over the height of `rows` rows."""
    if not keys:
        return {}
    step = ROW * (rows - 1) / max(len(keys) - 1, 1)
    middle = TOP + ROW * (rows - 1) / 2
    if len(keys) == 1:
        return {keys[0]: round(middle)}
    return {key: round(TOP + index * step) for index, key in enumerate(keys)}


def _node(x: int, y: int, label: str, href: str | None, column: str) -> Node:
    short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
    return Node(x, y, short, label, href, column)


def _edges(
    counts: dict[tuple[str, str], tuple[int, list[str]]],
    country_y: dict[str, int],
    other_y: dict[str, int],
    other_x: int,
    labels: dict[str, str],
) -> list[Edge]:
    edges = []
    for (country, iri), (count, links) in sorted(counts.items()):
        if iri not in other_y:
            continue
        practices = f"{count} field practice{'s' if count != 1 else ''}"
        how = "" if links == ["theme"] else f" ({', '.join(links)})"
        edges.append(
            Edge(
                COLUMN_X[1],
                country_y[country],
                other_x,
                other_y[iri],
                round(min(1 + count, 8) * 0.9, 1),
                links == ["mandate"],
                f"{country} – {labels[iri]}: {practices}{how}",
            )
        )
    return edges
