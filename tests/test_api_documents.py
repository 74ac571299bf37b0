"""Documents, their texts, and the graph elements citing a range of the text."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.miniplan import TEXT


def test_documents_list_and_text(mini_client: TestClient) -> None:
    docs = mini_client.get("/v1/documents").json()
    assert [d["id"] for d in docs] == ["valley-text", "valley-plan"]
    text = mini_client.get("/v1/documents/valley-text").json()
    assert text["text"] == TEXT
    assert text["length"] == len(TEXT)
    cited = mini_client.get("/v1/documents/valley-plan").json()
    assert cited["text"] is None


def test_spans_go_from_a_sentence_to_the_graph(mini_client: TestClient) -> None:
    start = TEXT.index("Build the Riverton Lab")
    end = start + len("Build the Riverton Lab in North City")
    body = mini_client.get(
        "/v1/documents/valley-text/spans", params={"start": start, "end": end}
    ).json()
    assert body["text"] == TEXT[start:end]
    ids = {n["node"]["id"] for n in body["nodes"]}
    assert {"build-lab", "riverton-lab", "north-city"} <= ids
    assert all(TEXT[n["start"] : n["end"]] == n["quote"] for n in body["nodes"])
    assert "build-lab--part_of--lab-network" in {e["id"] for e in body["edges"]}


def test_spans_cut_ranges_to_the_text(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/documents/valley-text/spans", params={"start": 10, "end": 5})
    assert r.status_code == 200
    assert (r.json()["start"], r.json()["end"], r.json()["nodes"]) == (10, 10, [])
    r = mini_client.get("/v1/documents/valley-text/spans", params={"end": 10**6})
    assert (r.json()["start"], r.json()["end"]) == (0, len(TEXT))
    assert r.json()["text"] == TEXT
    r = mini_client.get("/v1/documents/valley-text/spans", params={"start": 10**6})
    assert (r.json()["start"], r.json()["end"], r.json()["text"]) == (len(TEXT), len(TEXT), "")


def test_a_document_without_text_has_no_spans(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/documents/valley-plan/spans")
    assert r.status_code == 404
    assert "no shipped text" in r.json()["detail"]
    assert r.json()["suggestions"] == ["valley-text"]


def test_unknown_document_suggests(mini_client: TestClient) -> None:
    r = mini_client.get("/v1/documents/valley-txt")
    assert r.status_code == 404
    assert r.json()["suggestions"][0] == "valley-text"


def test_documents_name_their_work_and_expression(client: TestClient) -> None:
    docs = {d["id"]: d for d in client.get("/v1/documents").json()}
    plan, reprint = docs["chengdu-metro-plan-2021"], docs["innovation-chapter-reprint-2021"]
    akn = "https://w3id.org/plangraph/akn/"
    assert plan["work"].startswith(akn)
    assert plan["expression"].startswith(plan["work"] + "/zho@")
    # the reprint is another expression of the same work
    assert reprint["work"] == plan["work"]
    assert reprint["expression"] != plan["expression"]
    assert all(d["work"] and d["expression"] for d in docs.values())
