"""The graph built from the corpus: it validates, exports parse with rapper, commands behave."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, REPO, run_pockg

INVALID_EXAMPLE = REPO / "ontology" / "examples" / "invalid" / "field-practice-without-country.ttl"
LINKAGE_QUERY = REPO / "ontology" / "queries" / "practice-framework-linkage.rq"


@pytest.fixture(scope="module")
def corpus_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("corpus-graph")
    result = run_pockg("ingest", str(CORPUS), data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    yield data_dir


def test_graph_of_the_corpus_conforms_to_the_shapes(corpus_data: Path) -> None:
    result = run_pockg("validate", data_dir=corpus_data)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "conforms" in result.stdout


@pytest.mark.parametrize(
    ("fmt", "rapper_syntax"), [("turtle", "turtle"), ("trig", "trig"), ("nquads", "nquads")]
)
def test_export_parses_with_rapper(
    corpus_data: Path, tmp_path: Path, fmt: str, rapper_syntax: str
) -> None:
    output = tmp_path / f"dump.{fmt}"
    result = run_pockg("export", "--format", fmt, "--output", str(output), data_dir=corpus_data)
    assert result.returncode == 0, result.stderr
    parsed = subprocess.run(
        ["rapper", "-i", rapper_syntax, "-c", str(output)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert parsed.returncode == 0, parsed.stderr[-2000:]
    count = int(parsed.stderr.rsplit("returned", 1)[1].split()[0])
    assert count > 10_000


def test_jsonld_export_is_json_with_every_named_graph(corpus_data: Path) -> None:
    result = run_pockg("export", "--format", "jsonld", data_dir=corpus_data)
    assert result.returncode == 0, result.stderr
    names = {node.get("@id") for node in json.loads(result.stdout) if "@graph" in node}
    assert "https://w3id.org/pockg/id/graph/ontology" in names
    assert sum(1 for n in names if "/graph/document/" in str(n)) == 5


def test_query_formats(corpus_data: Path) -> None:
    query = (
        "PREFIX pockg: <https://w3id.org/pockg/ontology#> "
        "SELECT ?file WHERE { ?d pockg:fileName ?file } ORDER BY ?file LIMIT 2"
    )
    as_json = json.loads(run_pockg("query", query, "--format", "json", data_dir=corpus_data).stdout)
    files = [b["file"]["value"] for b in as_json["results"]["bindings"]]
    assert files == [
        "dpko-dfs-2011-framework-poc-strategies.txt",
        "gpc-2013-diagnostic-tool-protection-clusters-un-missions.md",
    ]
    as_csv = run_pockg("query", query, "--format", "csv", data_dir=corpus_data).stdout
    assert list(csv.reader(io.StringIO(as_csv)))[0:2] == [["file"], [files[0]]]
    as_tsv = run_pockg("query", query, "--format", "tsv", data_dir=corpus_data).stdout
    assert as_tsv.splitlines()[0:2] == ["?file", f'"{files[0]}"']
    table = run_pockg("query", query, data_dir=corpus_data).stdout
    assert files[1] in table


def test_malformed_query_exits_1_with_the_parser_message(corpus_data: Path) -> None:
    result = run_pockg("query", "SELEC ?x WHERE {}", data_dir=corpus_data)
    assert result.returncode == 1
    assert result.stderr.startswith("error: malformed SPARQL")


def test_query_from_a_missing_file_names_it(corpus_data: Path, tmp_path: Path) -> None:
    result = run_pockg("query", f"@{tmp_path / 'nope.rq'}", data_dir=corpus_data)
    assert result.returncode == 1
    assert "nope.rq" in result.stderr


def test_load_then_validate_reports_the_violation_and_a_reload_of_good_data_clears_it(
    corpus_data: Path, tmp_path: Path
) -> None:
    graph = "https://example.org/graph/bad-example"
    loaded = run_pockg("load", str(INVALID_EXAMPLE), "--graph", graph, data_dir=corpus_data)
    assert loaded.returncode == 0, loaded.stderr
    report = run_pockg("validate", data_dir=corpus_data)
    assert report.returncode == 1
    assert "A FieldPractice needs" in report.stdout or "pockg:country" in report.stdout
    empty = tmp_path / "empty.ttl"
    empty.write_text("")
    assert run_pockg("load", str(empty), "--graph", graph, data_dir=corpus_data).returncode == 0
    assert run_pockg("validate", data_dir=corpus_data).returncode == 0


def test_load_of_a_broken_file_names_it_and_changes_nothing(
    corpus_data: Path, tmp_path: Path
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = run_pockg("query", count, "--format", "csv", data_dir=corpus_data).stdout
    broken = tmp_path / "broken.ttl"
    broken.write_text("<https://example.org/a> <https://example.org/b> \n")
    result = run_pockg("load", str(broken), data_dir=corpus_data)
    assert result.returncode == 1
    assert "broken.ttl" in result.stderr
    assert run_pockg("query", count, "--format", "csv", data_dir=corpus_data).stdout == before


def linkage_rows(data_dir: Path) -> list[dict[str, str]]:
    result = run_pockg("query", f"@{LINKAGE_QUERY}", "--format", "json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    bindings = json.loads(result.stdout)["results"]["bindings"]
    return [{name: term["value"] for name, term in row.items()} for row in bindings]


def test_linkage_query_ties_field_practices_to_global_frameworks_by_country(
    corpus_data: Path,
) -> None:
    rows = linkage_rows(corpus_data)

    def linked(country: str, phrase: str, key: str, value: str) -> bool:
        return any(
            row["countryLabel"] == country and phrase in row["text"] and row.get(key) == value
            for row in rows
        )

    # Mali: community-based protection monitoring networks feed the MRM.
    assert linked(
        "Mali", "community-based networks", "instrumentLabel", "Monitoring and Reporting Mechanism"
    )
    # DRC: the cluster's Must/Should/Could prioritisation, shared with MONUSCO.
    assert linked(
        "Democratic Republic of the Congo", "Must/Should/Could", "throughLabel", "MONUSCO"
    )
    # South Sudan: trends reports steer UNMISS patrols.
    assert linked("South Sudan", "trends reports", "throughLabel", "UNMISS")
    assert all(row["link"] in {"direct", "mandate"} for row in rows)
