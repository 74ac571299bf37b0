"""City reach on the small plan: explicit > located > metro-wide, with the chain that places it."""

from __future__ import annotations

from app.graph.snapshot import Snapshot


def test_an_action_building_a_platform_in_a_city_is_located_there(mini: Snapshot) -> None:
    reach = mini.reach.by_node["build-lab"]
    assert set(reach) == {"north-city"}
    assert reach["north-city"].scope == "located"
    assert reach["north-city"].via == ("riverton-lab",)


def test_an_action_naming_a_place_is_explicit(mini: Snapshot) -> None:
    reach = mini.reach.by_node["support-park"]
    assert set(reach) == {"south-city"}
    assert reach["south-city"].scope == "explicit"
    assert reach["south-city"].via == ("south-park",)


def test_an_action_naming_no_place_reaches_the_whole_region(mini: Snapshot) -> None:
    reach = mini.reach.by_node["run-grant"]
    assert {c: r.scope for c, r in reach.items()} == {
        "north-city": "metro_wide",
        "south-city": "metro_wide",
    }
    assert reach["south-city"].via == ("valley",)


def test_a_measure_reaches_a_city_with_its_strongest_action(mini: Snapshot) -> None:
    link = mini.reach.by_node["link-valley"]
    assert link["south-city"].scope == "explicit"  # support-park beats run-grant
    assert link["north-city"].scope == "metro_wide"
    assert mini.reach.measures_by_city["north-city"] == ("lab-network", "link-valley")


def test_places_located_in_a_city(mini: Snapshot) -> None:
    assert mini.reach.located["north-city"] == ("riverton-lab",)
    assert mini.reach.located["south-city"] == ("south-park",)
