"""The JSON the API serves for its busiest answers is made from per-snapshot fragments,
not from response models; it must be exactly what the models serialise to."""

from __future__ import annotations

from itertools import combinations

import pytest
from fastapi.testclient import TestClient

from app.answers import cities as answer_cities
from app.answers import nodes as answer_nodes
from app.answers import params, traverse
from app.answers import search as answer_search
from app.graph.snapshot import Snapshot
from app.vocabulary import SCOPES

SCOPE_SETS = [frozenset(c) for r in range(1, len(SCOPES) + 1) for c in combinations(SCOPES, r)]


@pytest.fixture(params=["plan", "mini"])
def snap(request: pytest.FixtureRequest) -> Snapshot:
    found: Snapshot = request.getfixturevalue(request.param)
    return found


def test_node_answers_are_their_models_json(snap: Snapshot) -> None:
    for nid in snap.nodes:
        model = answer_nodes.node_detail(snap, nid)
        assert answer_nodes.node_detail_json(snap, nid) == model.model_dump_json().encode()
        assert [r.node.id for r in model.relations] == [
            *(e.target for e in snap.out_edges.get(nid, ())),
            *(e.source for e in snap.in_edges.get(nid, ())),
        ]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"direction": "in"},
        {"relation": "part_of", "direction": "out"},
        {"type_": "measure", "limit": 2, "offset": 1},
        {"limit": 0},
    ],
)
def test_neighbour_pages_are_their_models_json(snap: Snapshot, filters: dict[str, object]) -> None:
    for nid in snap.nodes:
        model = answer_nodes.neighbors(snap, nid, **filters)  # type: ignore[arg-type]
        answer = answer_nodes.neighbors_json(snap, nid, **filters)  # type: ignore[arg-type]
        assert answer == model.model_dump_json().encode()


def test_a_neighbour_page_is_a_slice_of_every_relation_outgoing_first(snap: Snapshot) -> None:
    for nid in snap.nodes:
        every = [(r.edge, r.direction) for r in answer_nodes.relations(snap, nid)]
        outgoing = len(snap.out_edges.get(nid, ()))
        for offset in {0, 1, max(0, outgoing - 1), outgoing, outgoing + 1, len(every)}:
            for limit in (0, 1, 2, 50):
                page = answer_nodes.neighbors(snap, nid, limit=limit, offset=offset)
                assert page.total == len(every)
                assert [(r.edge, r.direction) for r in page.items] == every[offset : offset + limit]


def test_city_answers_are_their_models_json_for_every_scope_filter(snap: Snapshot) -> None:
    for city in snap.by_type["city"]:
        for scopes in SCOPE_SETS:
            model = answer_cities.city_measures(snap, city, scopes)
            answer = answer_cities.city_measures_json(snap, city, scopes)
            assert answer == model.model_dump_json().encode()
            assert all(i.scope in scopes for i in model.items)


def test_measure_answers_are_their_models_json_for_every_scope_filter(snap: Snapshot) -> None:
    for measure in snap.by_type["measure"]:
        for scopes in SCOPE_SETS:
            model = answer_cities.measure_cities(snap, measure, scopes)
            answer = answer_cities.measure_cities_json(snap, measure, scopes)
            assert answer == model.model_dump_json().encode()
            cities = [i.city.id for i in model.items]
            assert cities == [c for c in snap.by_type["city"] if c in cities]  # plan order


def test_search_answers_are_their_models_json(snap: Snapshot) -> None:
    texts = [t for n in list(snap.nodes.values())[:80] for t in (n.name.zh, n.name.en)]
    texts += ["he", "lab", "xyzzy", "labb platfrom"]
    for q in texts:
        for kwargs in ({}, {"type_": "measure", "limit": 3}, {"facets": params.FACETS}):
            model = answer_search.search(snap, q, **kwargs)
            answer = answer_search.search_json(snap, q, **kwargs)
            assert answer == model.model_dump_json().encode()


@pytest.mark.parametrize("way", ["impact", "dependencies"])
def test_traversal_answers_are_their_models_json(snap: Snapshot, way: str) -> None:
    model_of, json_of = getattr(traverse, way), getattr(traverse, f"{way}_json")
    for nid in snap.nodes:
        for kwargs in ({}, {"depth": 1, "type_": "action,measure"}, {"max_nodes": 2}):
            model = model_of(snap, nid, **kwargs)
            assert json_of(snap, nid, **kwargs) == model.model_dump_json(by_alias=True).encode()


def test_the_api_serves_those_bytes(mini: Snapshot, mini_client: TestClient) -> None:
    city, measure = mini.by_type["city"][0], mini.by_type["measure"][0]
    node = next(iter(mini.nodes))
    served = {
        f"/v1/nodes/{node}": answer_nodes.node_detail_json(mini, node),
        f"/v1/nodes/{node}/neighbors?direction=out": answer_nodes.neighbors_json(
            mini, node, direction="out"
        ),
        f"/v1/cities/{city}/measures": answer_cities.city_measures_json(mini, city),
        f"/v1/cities/{city}/measures?scope=explicit": answer_cities.city_measures_json(
            mini, city, frozenset({"explicit"})
        ),
        f"/v1/measures/{measure}/cities": answer_cities.measure_cities_json(mini, measure),
        "/v1/search?q=lab&type=platform": answer_search.search_json(mini, "lab", "platform"),
        f"/v1/nodes/{city}/impact?depth=2": traverse.impact_json(mini, city, 2),
        f"/v1/nodes/{city}/dependencies": traverse.dependencies_json(mini, city),
    }
    for url, body in served.items():
        r = mini_client.get(url, headers={"Accept-Encoding": "identity"})
        assert r.status_code == 200, url
        assert r.headers["content-type"] == "application/json"
        assert r.content == body, url
