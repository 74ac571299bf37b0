"""Live data reload: a changed file is served whole or not at all, and no request fails."""

from __future__ import annotations

import http.client
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.datafile.parse import content_version
from app.errors import DataFileInvalid
from app.main import create_app
from app.runtime.reload import KEEP, Reloader
from app.runtime.store import SnapshotStore
from tests.miniplan import PLAN, mutated, write_plan
from tests.servers import free_port, running

TOKEN = "reload-test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: URLs whose answers differ between the two good files (and one that does not)
URLS = ("/v1/nodes", "/v1/nodes/riverton-lab", "/v1/search?q=lab", "/v1/schema")


def revised() -> dict[str, Any]:
    """A second good plan: one node renamed, so bodies differ from the first."""
    plan = mutated()
    lab = next(n for n in plan["nodes"] if n["id"] == "riverton-lab")
    lab["name"]["en"] = "Riverton Research Lab"
    return plan


def dangling() -> dict[str, Any]:
    plan = mutated()
    plan["edges"][0]["target"] = "nowhere"
    return plan


GOOD = (orjson.dumps(PLAN), orjson.dumps(revised()))
BROKEN = (
    GOOD[1][: len(GOOD[1]) // 2],  # a partial write
    orjson.dumps(dangling()),  # valid JSON, invalid plan
    b"",  # an empty file
    b"[1, 2, 3]",  # not a plan at all
)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not hold in time")
        time.sleep(0.02)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "data")


# ---- the reloader ------------------------------------------------------------------------


def test_a_changed_file_is_loaded_and_a_touched_one_ignored(data: Path) -> None:
    store = SnapshotStore()
    reloader = Reloader(store, data)
    first = reloader.start()
    assert reloader.check() is None
    data.write_bytes(GOOD[1])
    result = reloader.check()
    assert result is not None
    assert result.outcome == "loaded"
    assert result.version == store.current.version != first.version
    assert store.current.nodes["riverton-lab"].name.en == "Riverton Research Lab"
    data.write_bytes(GOOD[1])  # same bytes, new modification time
    assert reloader.check() is None


@pytest.mark.parametrize("broken", BROKEN, ids=["partial", "dangling-edge", "empty", "array"])
def test_a_broken_file_is_rejected_whole_and_the_old_one_keeps_serving(
    data: Path, broken: bytes
) -> None:
    store = SnapshotStore()
    reloader = Reloader(store, data)
    served = reloader.start().version
    data.write_bytes(broken)
    result = reloader.check()
    assert result is not None
    assert result.outcome == "rejected"
    assert result.version == served == store.current.version
    assert result.problem_count >= 1
    assert result.problems
    assert reloader.last == result


def test_a_missing_file_is_rejected(data: Path) -> None:
    store = SnapshotStore()
    reloader = Reloader(store, data)
    served = reloader.start().version
    data.unlink()
    result = reloader.check()
    assert result is not None
    assert result.outcome == "rejected"
    assert "cannot read file" in str(result.problems[0])
    assert store.current.version == served


def test_a_forced_check_reads_the_file_even_when_it_looks_unchanged(data: Path) -> None:
    store = SnapshotStore()
    reloader = Reloader(store, data)
    reloader.start()
    assert reloader.force().outcome == "unchanged"
    data.write_bytes(BROKEN[0])
    assert reloader.force().outcome == "rejected"
    assert reloader.force().outcome == "rejected"  # still broken: said again


def test_start_falls_back_to_the_last_good_file_and_says_so(data: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    good = Reloader(SnapshotStore(), data, state)
    version = good.start().version
    data.write_bytes(BROKEN[1])
    (data.parent / "valley.txt").unlink()  # the kept copy has its own texts

    store = SnapshotStore()
    restarted = Reloader(store, data, state)
    result = restarted.start()
    assert result.outcome == "fallback"
    assert result.version == version == store.current.version
    assert result.problem_count >= 1


def test_start_without_a_good_file_kept_refuses_an_invalid_file(data: Path) -> None:
    data.write_bytes(BROKEN[1])
    with pytest.raises(DataFileInvalid):
        Reloader(SnapshotStore(), data).start()


def test_the_state_directory_keeps_a_few_versions(data: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    reloader = Reloader(SnapshotStore(), data, state)
    reloader.start()
    for i in range(KEEP + 3):
        plan = mutated()
        plan["title"]["en"] = f"Riverton Valley Plan, edition {i}"
        data.write_bytes(orjson.dumps(plan))
        assert reloader.force().outcome == "loaded"
    kept = [p for p in state.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert len(kept) == KEEP
    assert reloader.last_good is not None
    assert reloader.last_good.path is not None
    assert reloader.last_good.path.read_bytes() == data.read_bytes()


# ---- through the API ---------------------------------------------------------------------


def test_meta_shows_a_rejected_reload(data: Path) -> None:
    settings = Settings(data=data, admin_token=TOKEN, watch_interval=0)
    with TestClient(create_app(settings)) as client:
        before = client.get("/v1/meta")
        assert before.headers["cache-control"] == "no-store"
        assert before.json()["last_reload"]["outcome"] == "loaded"
        data.write_bytes(BROKEN[1])
        assert client.post("/admin/reload", headers=AUTH).status_code == 422
        meta = client.get("/v1/meta").json()
    assert meta["version"] == before.json()["version"]
    last = meta["last_reload"]
    assert last["outcome"] == "rejected"
    assert last["version"] == meta["version"]
    assert any("nowhere" in p for p in last["problems"])


def test_meta_says_when_it_serves_the_last_good_file(data: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    with TestClient(create_app(Settings(data=data, state_dir=state, watch_interval=0))) as c:
        version = c.get("/v1/meta").json()["version"]
    data.write_bytes(BROKEN[0])
    with TestClient(create_app(Settings(data=data, state_dir=state, watch_interval=0))) as c:
        assert c.get("/readyz").status_code == 200
        meta = c.get("/v1/meta").json()
    assert meta["version"] == version
    assert meta["last_reload"]["outcome"] == "fallback"
    assert meta["last_reload"]["problem_count"] >= 1


def test_the_watcher_picks_up_a_new_file(data: Path) -> None:
    with TestClient(create_app(Settings(data=data, watch_interval=0.02))) as client:
        before = client.get("/v1/nodes/riverton-lab").headers["x-dataset-version"]
        data.write_bytes(GOOD[1])

        def served_new() -> bool:
            r = client.get("/v1/nodes/riverton-lab")
            return bool(r.headers["x-dataset-version"] != before)

        wait_until(served_new)
        assert client.get("/v1/nodes/riverton-lab").json()["name"]["en"] == "Riverton Research Lab"


Expected = dict[str, dict[str, tuple[str, bytes]]]  # url -> etag -> (version, body)


def _check(url: str, status: int, headers: Any, body: bytes, expected: Expected) -> str | None:
    """What is wrong with one answer during the reloads (None when nothing is)."""
    if status != 200:
        return f"{url}: status {status}"
    etag = headers.get("etag")
    if etag not in expected[url]:
        return f"{url}: ETag {etag} is not one of a valid version"
    version, want = expected[url][etag]
    if headers.get("x-dataset-version") != version:
        return f"{url}: ETag of {version}, header says {headers.get('x-dataset-version')}"
    if body != want:
        return f"{url}: the body is not the one of {version}"
    return None


def test_100_reloads_while_clients_hammer_the_api(data: Path, tmp_path: Path) -> None:
    settings = Settings(
        data=data, admin_token=TOKEN, watch_interval=0, state_dir=tmp_path / "state"
    )
    with TestClient(create_app(settings)) as client:
        expected: Expected = {url: {} for url in URLS}
        for good in reversed(GOOD):
            data.write_bytes(good)
            assert client.post("/admin/reload", headers=AUTH).status_code == 200
            for url in URLS:
                r = client.get(url)
                expected[url][r.headers["etag"]] = (r.headers["x-dataset-version"], r.content)
        assert all(len(by_tag) == 2 for by_tag in expected.values())

        stop = threading.Event()
        failures: list[str] = []
        answered = [0]
        versions: set[str] = set()

        def hammer() -> None:
            while not stop.is_set():
                for url in URLS:
                    try:
                        r = client.get(url)
                    except Exception as exc:
                        failures.append(f"{url}: {exc!r}")
                        continue
                    answered[0] += 1
                    versions.add(r.headers.get("x-dataset-version", ""))
                    if problem := _check(url, r.status_code, r.headers, r.content, expected):
                        failures.append(problem)
                meta = client.get("/v1/meta")  # one snapshot per request: body and header agree
                if meta.json()["version"] != meta.headers["x-dataset-version"]:
                    failures.append("/v1/meta mixes versions")

        clients = [threading.Thread(target=hammer) for _ in range(4)]
        for t in clients:
            t.start()
        outcomes = []
        try:
            for i in range(100):
                good = i % 2 == 0
                data.write_bytes(GOOD[(i // 2) % 2] if good else BROKEN[(i // 2) % len(BROKEN)])
                r = client.post("/admin/reload", headers=AUTH)
                outcomes.append(r.status_code)
                time.sleep(0.005)
        finally:
            stop.set()
            for t in clients:
                t.join()
    assert failures == []
    assert outcomes == [200, 422] * 50
    assert answered[0] > 100
    assert versions == {content_version(g) for g in GOOD}


def _fetch(base: str, url: str) -> tuple[int, dict[str, str], bytes]:
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request("GET", url, headers={"Connection": "close"})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


@pytest.fixture
def two_workers(data: Path, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {
        "PLANGRAPH_DATA": str(data),
        "PLANGRAPH_STATE_DIR": str(tmp_path / "state"),
        "PLANGRAPH_WATCH_INTERVAL": "0.02",
        "PLANGRAPH_ACCESS_LOG": "false",
    }
    argv = ["plangraph", "serve", "--workers", "2", "--port", str(port)]
    with running(argv, port, env) as base:
        yield base


def test_100_reloads_with_two_workers(two_workers: str, data: Path) -> None:
    base = two_workers
    host, port = base.removeprefix("http://").split(":")

    def version_everywhere(want: str) -> bool:  # fresh connections reach either worker
        return all(_fetch(base, "/readyz")[1]["x-dataset-version"] == want for _ in range(20))

    expected: Expected = {url: {} for url in URLS}
    for good in reversed(GOOD):
        data.write_bytes(good)
        wait_until(lambda: version_everywhere(content_version(good)))  # noqa: B023
        for url in URLS:
            _, headers, body = _fetch(base, url)
            expected[url][headers["etag"]] = (headers["x-dataset-version"], body)

    stop = threading.Event()
    failures: list[str] = []
    answered = [0]
    versions: set[str] = set()

    def hammer() -> None:
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        n = 0
        while not stop.is_set():
            for url in URLS:
                n += 1
                if n % 25 == 0:  # a new connection now and then, to reach both workers
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port), timeout=10)
                try:
                    conn.request("GET", url)
                    r = conn.getresponse()
                    body = r.read()
                except (OSError, http.client.HTTPException) as exc:
                    failures.append(f"{url}: {exc!r}")
                    conn.close()
                    conn = http.client.HTTPConnection(host, int(port), timeout=10)
                    continue
                answered[0] += 1
                headers = {k.lower(): v for k, v in r.getheaders()}
                versions.add(headers.get("x-dataset-version", ""))
                if problem := _check(url, r.status, headers, body, expected):
                    failures.append(problem)
        conn.close()

    clients = [threading.Thread(target=hammer) for _ in range(4)]
    for t in clients:
        t.start()
    try:
        for i in range(100):
            good = i % 2 == 0
            data.write_bytes(GOOD[(i // 2) % 2] if good else BROKEN[(i // 2) % len(BROKEN)])
            time.sleep(0.1)  # several polls of each worker
    finally:
        stop.set()
        for t in clients:
            t.join()
    assert failures == []
    assert answered[0] > 100
    assert versions == {content_version(g) for g in GOOD}

    data.write_bytes(GOOD[1])
    wait_until(lambda: version_everywhere(content_version(GOOD[1])))
    _, _, text = _fetch(base, "/metrics")
    metrics = text.decode()
    assert 'plangraph_reloads_total{outcome="rejected"}' in metrics
    assert 'plangraph_reloads_total{outcome="loaded"}' in metrics
