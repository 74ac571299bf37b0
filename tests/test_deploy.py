"""The Kubernetes manifests: valid against the API schemas, and deployable at scale.

Each manifest in ``deploy/`` is validated with kubernetes-validate (strict: no unknown
fields), then checked for what running PlanGraph needs: several replicas with probes on
the app's health routes, bounded resources, a locked-down container that can still write
where the app writes, a Service, an autoscaler and a disruption budget that fit the
Deployment, and a dataset volume laid out the way the data file cites its texts.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

import kubernetes_validate
import orjson
import pytest
import yaml

from app.config import DEFAULT_DATA, Settings
from tests.servers import ROOT

DEPLOY = ROOT / "deploy"
K8S_VERSION = "1.30.0"
MANIFESTS = sorted(p for p in DEPLOY.glob("*.yaml") if p.name != "kustomization.yaml")


def documents() -> list[dict[str, Any]]:
    return [doc for p in MANIFESTS for doc in yaml.safe_load_all(p.read_text()) if doc]


def one(kind: str) -> dict[str, Any]:
    found = [d for d in documents() if d["kind"] == kind]
    assert len(found) == 1, f"expected one {kind}, found {len(found)}"
    return found[0]


def container() -> dict[str, Any]:
    containers = one("Deployment")["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return dict(containers[0])


def env() -> dict[str, Any]:
    return {e["name"]: e for e in container().get("env", [])}


def pod_labels() -> dict[str, str]:
    return dict(one("Deployment")["spec"]["template"]["metadata"]["labels"])


def selects_pods(selector: dict[str, str]) -> bool:
    labels = pod_labels()
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def memory(quantity: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    number, unit = re.fullmatch(r"(\d+)(Ki|Mi|Gi)", quantity).groups()  # type: ignore[union-attr]
    return int(number) * units[unit]


def cpu(quantity: str) -> float:
    return int(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid_kubernetes(path: Path) -> None:
    for doc in yaml.safe_load_all(path.read_text()):
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    assert sorted(kustomization["resources"]) == [p.name for p in MANIFESTS]


def test_deployment_runs_several_replicas_and_rolls_without_loss() -> None:
    spec = one("Deployment")["spec"]
    assert spec["replicas"] >= 2
    assert selects_pods(spec["selector"]["matchLabels"])
    assert spec["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert container()["lifecycle"]["preStop"]  # drains before the process stops


def test_probes_use_the_health_routes_on_the_served_port() -> None:
    c = container()
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert c["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert c["livenessProbe"]["httpGet"]["path"] == "/healthz"
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert c[probe]["httpGet"]["port"] in ports
    assert str(ports["http"]) in c["command"]


def test_resources_are_requested_and_limited() -> None:
    res = container()["resources"]
    for kind in ("cpu", "memory"):
        assert kind in res["requests"]
        assert kind in res["limits"]
    assert cpu(res["requests"]["cpu"]) <= cpu(res["limits"]["cpu"])
    # two snapshots live side by side during a reload
    assert memory(res["requests"]["memory"]) <= memory(res["limits"]["memory"])
    assert memory(res["limits"]["memory"]) >= 256 * 2**20


def test_container_is_locked_down_and_writes_only_to_volumes() -> None:
    pod = one("Deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    assert pod["automountServiceAccountToken"] is False
    sc = container()["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"]["drop"] == ["ALL"]
    mounts = {m["mountPath"]: m for m in container()["volumeMounts"]}
    state = env()["PLANGRAPH_STATE_DIR"]["value"]
    assert state in mounts  # the last good file needs a writable place
    assert not mounts[state].get("readOnly", False)
    assert "/tmp" in mounts


def test_the_image_user_is_the_pod_user() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    user = re.findall(r"^USER (\S+)", dockerfile, re.M)[-1]
    assert one("Deployment")["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == int(
        user
    )


def test_every_setting_in_the_environment_exists() -> None:
    names = {f"PLANGRAPH_{name.upper()}" for name in Settings.model_fields}
    for name in env():
        assert name in names, f"{name} is not a setting"
    token = env()["PLANGRAPH_ADMIN_TOKEN"]
    assert "value" not in token  # a secret, never a literal
    assert token["valueFrom"]["secretKeyRef"]["optional"] is True


def test_the_dataset_volume_holds_the_file_and_the_texts_it_cites() -> None:
    data = PurePosixPath(env()["PLANGRAPH_DATA"]["value"])
    mounts = {m["name"]: m for m in container()["volumeMounts"]}
    volumes = {v["name"]: v for v in one("Deployment")["spec"]["template"]["spec"]["volumes"]}
    dataset = next(name for name, m in mounts.items() if data.is_relative_to(m["mountPath"]))
    assert mounts[dataset]["readOnly"] is True
    items = {i["path"]: i["key"] for i in volumes[dataset]["configMap"]["items"]}
    root = PurePosixPath(mounts[dataset]["mountPath"])
    assert str(data.relative_to(root)) in items
    plan = orjson.loads(DEFAULT_DATA.read_bytes())
    for doc in plan["documents"]:
        if doc.get("path"):
            cited = data.parent.relative_to(root) / doc["path"]
            assert str(cited) in items, f"the volume lacks {cited}"
            assert items[str(cited)] == PurePosixPath(doc["path"]).name  # --from-file key


def test_service_reaches_the_pods() -> None:
    spec = one("Service")["spec"]
    assert selects_pods(spec["selector"])
    ports = {p["name"] for p in container()["ports"]}
    assert all(p["targetPort"] in ports for p in spec["ports"])


def test_autoscaler_scales_the_deployment_from_two() -> None:
    spec = one("HorizontalPodAutoscaler")["spec"]
    target = spec["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", one("Deployment")["metadata"]["name"])
    assert spec["minReplicas"] >= 2
    assert spec["maxReplicas"] > spec["minReplicas"]
    assert spec["metrics"]


def test_disruption_budget_keeps_a_pod_and_lets_nodes_drain() -> None:
    spec = one("PodDisruptionBudget")["spec"]
    assert selects_pods(spec["selector"]["matchLabels"])
    assert 1 <= spec["minAvailable"] < one("Deployment")["spec"]["replicas"]


def test_ingress_limits_rates_and_keeps_operations_routes_inside() -> None:
    ingress = one("Ingress")
    notes = ingress["metadata"]["annotations"]
    assert int(notes["nginx.ingress.kubernetes.io/limit-rps"]) > 0
    service = one("Service")["metadata"]["name"]
    routed = []
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            assert path["backend"]["service"]["name"] == service
            routed.append((path["path"], path["pathType"]))
    assert ("/v1", "Prefix") in routed
    for private in ("/metrics", "/admin/reload"):
        assert not any(
            private == p or (kind == "Prefix" and private.startswith(p.rstrip("/") + "/"))
            for p, kind in routed
        ), f"{private} is public"
