"""Stored plans through the API on a real SQLite file: import a pack (zip), read it, export it;
a broken pack changes nothing and says where every mistake is."""

from __future__ import annotations

import io
import zipfile

from fastapi.testclient import TestClient

from cityclimate.demo.liangjiang import plan_pack_files


def zipped(files: dict[str, bytes], folder: str = "liangjiang") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"{folder}/{name}", content)
    return out.getvalue()


def upload(client: TestClient, headers: dict[str, str], data: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/plans",
        files={"file": ("plan.zip", data, "application/zip")},
        headers=headers,
    )


def test_the_demo_plan_is_stored_and_readable(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/plans/LJ-2016", headers=auth("public"))
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["territory"] == "LJ-2016"
    assert (plan["period_start"], plan["period_end"], plan["base_year"]) == (2021, 2025, 2020)
    assert plan["indicators"] == 15 and plan["departments"] == 10
    assert plan["scenarios"] == ["baseline", "plan", "enhanced"]
    assert plan["illustrative"] is True


def test_import_a_changed_pack_then_export_it(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    files = dict(plan_pack_files())
    files["targets.csv"] = files["targets.csv"].replace(b",19.5,", b",18.0,")
    before = client.get("/api/v1/plans/LJ-2016", headers=auth("admin")).json()
    response = upload(client, auth("climate_office"), zipped(files))
    assert response.status_code == 201, response.text
    assert response.json()["revision"] == before["revision"] + 1
    exported = client.get("/api/v1/plans/LJ-2016/pack.zip", headers=auth("department"))
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(exported.content)) as archive:
        targets = archive.read("plan-LJ-2016/targets.csv").decode("utf-8")
        names = set(archive.namelist())
    assert "co2_intensity_reduction,18.0,%" in targets or "co2_intensity_reduction,18,%" in targets
    assert "plan-LJ-2016/pathways/scenarios/enhanced.toml" in names
    audit = client.get("/api/v1/audit", params={"entity": "plan"}, headers=auth("admin")).json()
    assert audit["items"][0]["action"] == "import"
    assert audit["items"][0]["username"] == "climate_office"


def test_a_broken_pack_is_refused_whole_and_nothing_changes(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    files = dict(plan_pack_files())
    files["targets.csv"] = files["targets.csv"].replace(b",19.5,", b",lots,")
    files["departments.csv"] += "经济运行部门,Economic operation,bureau,x\n".encode()
    before = client.get("/api/v1/plans/LJ-2016", headers=auth("admin")).json()
    response = upload(client, auth("admin"), zipped(files))
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    located = {(p["where"], p["row"], p["field"]) for p in response.json()["errors"]}
    assert ("targets.csv", 2, "value") in located
    assert ("departments.csv", 11, "kind") in located
    assert ("departments.csv", 11, "name_zh") in located  # listed twice
    after = client.get("/api/v1/plans/LJ-2016", headers=auth("admin")).json()
    assert after["revision"] == before["revision"] and after["sha256"] == before["sha256"]


def test_a_pack_for_an_unknown_territory_or_not_a_zip_is_a_422(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    files = dict(plan_pack_files())
    files["pack.toml"] = files["pack.toml"].replace(b'"LJ-2016"', b'"XX-0000"')
    response = upload(client, auth("admin"), zipped(files))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "territory"
    assert upload(client, auth("admin"), b"not a zip").status_code == 422
    evil = zipped({"../pack.toml": b"x"}, folder="a")
    assert upload(client, auth("admin"), evil).status_code == 422
    assert client.get("/api/v1/plans/XX-0000", headers=auth("admin")).status_code == 404
