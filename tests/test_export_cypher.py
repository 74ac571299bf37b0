"""Cypher export: the script runs in an embedded Cypher engine (kuzu) and reads back intact."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import kuzu
import pytest
from fastapi.testclient import TestClient

from app.export.cypher import merge_statements, write_cypher
from app.graph.snapshot import Snapshot
from app.runtime.load import load_plan
from tests.miniplan import mutated, write_plan

NASTY = "It's \"the\" lab \\ of C:\\new\\table\n second line\t'quoted'\\' 北城 — ü 🚀 // */ ;"


def run(script: str, where: Path) -> kuzu.Connection:
    conn = kuzu.Connection(kuzu.Database(str(where / "db")))
    conn.execute(script)
    return conn


def rows(conn: kuzu.Connection, query: str) -> list[list[Any]]:
    result = conn.execute(query)
    assert isinstance(result, kuzu.QueryResult)
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


@pytest.fixture(scope="module")
def nasty(tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The mini plan with names, aliases and a rationale full of quotes and escapes."""
    plan = mutated()
    lab = next(n for n in plan["nodes"] if n["id"] == "riverton-lab")
    lab["name"] = {"zh": "河城'实验室\\\n\"", "en": NASTY}
    lab["aliases"] = [NASTY, "`backtick`"]
    lab["attributes"] = {"unit price": 1.5, "tags": ["a'", {"b": "\\"}], "open": True}
    inferred = next(e for e in plan["edges"] if e["evidence"] == "inferred")
    inferred["rationale"] = NASTY
    return load_plan(write_plan(tmp_path_factory.mktemp("nasty"), plan))


def test_the_mini_plan_loads_into_kuzu_with_every_node_and_edge(
    mini: Snapshot, mini_client: TestClient, tmp_path: Path
) -> None:
    r = mini_client.get("/v1/export/cypher", params={"dialect": "kuzu"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    conn = run(r.text, tmp_path)
    assert rows(conn, "MATCH (n) RETURN count(n)") == [[len(mini.nodes)]]
    assert rows(conn, "MATCH ()-[r]->() RETURN count(r)") == [[len(mini.edges)]]
    for t, ids in mini.by_type.items():
        label = t.capitalize()
        assert rows(conn, f"MATCH (n:{label}) RETURN n.id ORDER BY n.id") == [
            [i] for i in sorted(ids)
        ]
    got = rows(
        conn,
        "MATCH (a:Action)-[r:PART_OF]->(m:Measure {id: 'lab-network'}) "
        "RETURN a.id, r.id, r.evidence, r.quote ORDER BY a.id",
    )
    assert got == [
        [
            "build-lab",
            "build-lab--part_of--lab-network",
            "stated",
            "Build the Riverton Lab in North City",
        ],
        ["open-lab", "open-lab--part_of--lab-network", "stated", "open the lab to firms"],
    ]
    city = rows(conn, "MATCH (c:City {id: 'north-city'}) RETURN c.name_zh, c.attr_latitude")
    assert city == [["北城", 1.0]]


def test_every_string_survives_quotes_backslashes_newlines_and_unicode(
    nasty: Snapshot, tmp_path: Path
) -> None:
    conn = run(write_cypher(nasty, "kuzu").decode(), tmp_path)
    lab = nasty.nodes["riverton-lab"]
    got = rows(
        conn,
        "MATCH (p:Platform {id: 'riverton-lab'}) "
        "RETURN p.name_zh, p.name_en, p.aliases, `p`.`attr_unit price`, p.attr_tags, p.attr_open",
    )
    assert got == [[lab.name.zh, NASTY, [NASTY, "`backtick`"], 1.5, '["a\'",{"b":"\\\\"}]', True]]
    inferred = next(e for e in nasty.edges.values() if e.evidence == "inferred")
    found = rows(conn, f"MATCH ()-[r]->() WHERE r.id = '{inferred.id}' RETURN r.rationale")
    assert found == [[NASTY]]
    # a node found by a name full of quotes, as a user would query it
    hit = rows(conn, "MATCH (p:Platform) WHERE p.name_en STARTS WITH 'It\\'s \"the\"' RETURN p.id")
    assert hit == [["riverton-lab"]]


def test_running_the_script_twice_changes_nothing(mini: Snapshot, tmp_path: Path) -> None:
    script = write_cypher(mini, "kuzu").decode()
    conn = run(script, tmp_path)
    conn.execute(script)
    assert rows(conn, "MATCH (n) RETURN count(n)") == [[len(mini.nodes)]]
    assert rows(conn, "MATCH ()-[r]->() RETURN count(r)") == [[len(mini.edges)]]


def test_the_bundled_plan_loads_into_kuzu(plan: Snapshot, tmp_path: Path) -> None:
    conn = run(write_cypher(plan, "kuzu").decode(), tmp_path)
    assert rows(conn, "MATCH (n) RETURN count(n)") == [[len(plan.nodes)]]
    assert rows(conn, "MATCH ()-[r]->() RETURN count(r)") == [[len(plan.edges)]]
    builds = len([e for e in plan.edges.values() if e.relation == "builds"])
    assert rows(conn, "MATCH ()-[r:BUILDS]->() RETURN count(r)") == [[builds]]


def test_neo4j_and_kuzu_dialects_share_the_merge_body(mini: Snapshot) -> None:
    neo4j = write_cypher(mini, "neo4j").decode()
    kuzu_script = write_cypher(mini, "kuzu").decode()
    body = "\n".join(merge_statements(mini))
    assert neo4j.endswith(body + "\n")
    assert kuzu_script.endswith(body + "\n")
    assert "CREATE CONSTRAINT plangraph_platform_id IF NOT EXISTS FOR (n:Platform) " in neo4j
    assert "CREATE NODE TABLE" not in neo4j
    assert "CREATE REL TABLE IF NOT EXISTS BUILDS(" in kuzu_script


def test_only_cypher_reads_a_dialect(mini_client: TestClient) -> None:
    # the contract declares dialect on the export operation: other formats ignore it
    r = mini_client.get("/v1/export/turtle", params={"dialect": "kuzu"})
    assert r.status_code == 200
    assert r.content == mini_client.get("/v1/export/turtle").content
    r = mini_client.get("/v1/export/cypher", params={"dialect": "gremlin"})
    assert r.status_code == 422
    assert "dialect" in r.json()["detail"]
