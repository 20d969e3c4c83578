"""A second territory sets up its warnings through the API alone, as a new office would (issue
17): settings, stations, an observation feed that raises a warning, a forecast, a census file
(a bad one refused whole with its rows), official shapes as a zipped Shapefile converted to
GeoJSON; and in Liangjiang a department acknowledges a notice, the office escalates at a time."""

from __future__ import annotations

import io
import zipfile

import shapefile
from fastapi.testclient import TestClient
from sqlalchemy import select

from cityclimate.services.actors import SYSTEM
from cityclimate.services.indicators import set_department
from cityclimate.storage import make_engine, make_sessionmaker, transaction
from cityclimate.storage.models import User

JB = "500105"  # 江北区, a stored territory of the demo's neighbours without adaptation data
FEED = "site,time,variable,value,unit\n" + "".join(
    f"JB-1,2024-07-01T{h:02d}:00,precipitation,20,mm\n" for h in range(1, 4)
)
FORECAST = (
    "site,time,variable,value,unit,issued\n"
    "JB-1,2024-07-01T04:00,precipitation,45,mm,2024-07-01T03:30\n"
    "JB-1,2024-07-01T05:00,precipitation,45,mm,2024-07-01T03:30\n"
)
CENSUS = (
    "record_id,hazard_type,name,sub_area,longitude,latitude,source\n"
    "JB-C1,waterlogging,测试积水点,,106.57,29.58,测试\n"
    "JB-C2,landslide,测试滑坡,,106.60,29.60,测试\n"
)


def _post(client: TestClient, auth, path: str, name: str, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(path, files={"file": (name, data)}, headers=auth("climate_office"))


def test_a_second_territory_sets_up_its_warnings_through_the_api(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    base = f"/api/v1/adaptation/{JB}"
    assert client.get(f"{base}/warnings", headers=auth("public")).status_code == 404
    settings = {"jurisdiction": "CN-CQ", "region_code": "500105", "timezone": "Asia/Shanghai",
                "sender": "jb.example", "sender_name_zh": "江北区预警（测试）"}  # fmt: skip
    assert (
        client.put(f"{base}/settings", json=settings, headers=auth("department")).status_code == 403
    )
    bad = client.put(
        f"{base}/settings", json={**settings, "jurisdiction": "XX"}, headers=auth("admin")
    )
    assert bad.status_code == 422 and "jurisdiction" in bad.text
    assert client.put(f"{base}/settings", json=settings, headers=auth("admin")).status_code == 200
    sites = "site,kind,name_zh,name_en,sub_area\nJB-1,station,观音桥站,Guanyinqiao,\n"
    assert (
        _post(client, auth, f"{base}/tables/sites", "sites.csv", sites.encode()).status_code == 201
    )
    done = _post(client, auth, f"{base}/tables/observations", "rain.csv", FEED.encode())
    # 60 mm within 3 h (20 mm an hour): the orange rule (50 mm in 3 h) at 03:00
    assert done.status_code == 201 and done.json() == {"kind": "observations", "stored": 3,
                                                       "events": 1, "active": 1}  # fmt: skip
    events = client.get(f"{base}/warnings", headers=auth("public")).json()["events"]
    assert [(e["level"], e["basis"]) for e in events] == [("orange", "observed")]
    forecast = _post(client, auth, f"{base}/tables/forecasts", "fc.csv", FORECAST.encode())
    assert forecast.status_code == 201, forecast.text
    events = client.get(f"{base}/warnings", headers=auth("public")).json()["events"]
    # 20 + 45 + 45 = 110 mm in the 3 h to 05:00 (forecast): red, marked as a forecast
    assert [(e["level"], e["basis"]) for e in events][:2] == [
        ("orange", "observed"),
        ("red", "forecast"),
    ]
    broken = CENSUS.replace("106.60", "206.60").replace("landslide", "meteor")
    refused = _post(client, auth, f"{base}/tables/census", "census.csv", broken.encode())
    assert refused.status_code == 422
    located = {(p["row"], p["field"]) for p in refused.json()["errors"]}
    assert located == {(2, "longitude"), (2, "hazard_type")}
    assert client.get(f"{base}/census", headers=auth("public")).json()["records"] == []
    assert (
        _post(client, auth, f"{base}/tables/census", "census.csv", CENSUS.encode()).status_code
        == 201
    )
    counts = client.get(f"{base}/census", headers=auth("public")).json()["counts"]
    assert {(c["hazard_name"], c["records"]) for c in counts} == {("内涝积水点", 1), ("滑坡", 1)}
    unknown = _post(client, auth, f"{base}/tables/rivers", "x.csv", b"a\n1\n")
    assert unknown.status_code == 422


def _zipped_shapefile(id_field: str = "code") -> bytes:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field(id_field, "C", size=20)
        writer.field("name", "C", size=50)
        writer.poly([[[106.5, 29.5], [106.6, 29.5], [106.6, 29.6], [106.5, 29.6], [106.5, 29.5]]])
        writer.record("JB-A", "观音桥")
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        for ext, part in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            z.writestr(f"areas.{ext}", part.getvalue())
        z.writestr("areas.prj", 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984"]]')
    return package.getvalue()


def test_a_zipped_shapefile_becomes_the_map_layer(client: TestClient, auth) -> None:  # type: ignore[no-untyped-def]
    path = "/api/v1/adaptation/LJ-2016/shapes/sub_area"
    wrong = client.post(path, files={"file": ("areas.zip", _zipped_shapefile())},
                        headers=auth("climate_office"))  # fmt: skip
    assert wrong.status_code == 422 and "code" in wrong.text  # no column "id": its columns listed
    done = client.post(f"{path}?id_field=code&source=区规划局（测试）",
                       files={"file": ("areas.zip", _zipped_shapefile())},
                       headers=auth("climate_office"))  # fmt: skip
    assert done.status_code == 201, done.text
    assert done.json()["features"] == 1 and "WGS_1984" in done.json()["coordinate_system"]
    layers = client.get("/api/v1/adaptation/LJ-2016/map", headers=auth("public")).json()
    (feature,) = layers["sub_areas"]["features"]
    assert feature["properties"]["id"] == "JB-A" and feature["geometry"]["type"] == "Polygon"
    # the uploaded layer names its source and coordinate system (the demo's zones stay schematic)
    assert any("区规划局（测试）" in x and "WGS_1984" in x for x in layers["sources"])
    junk = client.post(path, files={"file": ("x.zip", b"PK\x03\x04junk")}, headers=auth("admin"))
    assert junk.status_code == 422


def test_a_department_acknowledges_and_the_office_escalates(
    client: TestClient, auth, database: str
) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(database)
    with transaction(make_sessionmaker(engine), write=True) as s:
        user = s.scalars(select(User).where(User.username == "department")).one()
        set_department(s, SYSTEM, user.id, "交通管理部门", territory="LJ-2016")
    engine.dispose()
    base = "/api/v1/adaptation/LJ-2016"
    mine = client.get(f"{base}/notices?lang=en", headers=auth("department")).json()
    assert mine and {n["department"] for n in mine} == {"交通管理部门"}
    assert mine[0]["hazard_name"] == "rainstorm"
    assert client.get(f"{base}/notices", headers=auth("enterprise")).status_code == 403
    everyone = client.get(f"{base}/notices", headers=auth("climate_office")).json()
    assert len(everyone) > len(mine)
    heat = next(n for n in everyone if n["hazard"] == "heat" and n["level"] == "red")
    assert any("40" in m["text"] for m in heat["measures"])  # Art. 8: stop outdoor work at 40 °C
    target = mine[0]["id"]
    first = client.post(
        f"/api/v1/adaptation/notices/{target}/acknowledge", headers=auth("department")
    )
    assert first.status_code == 200 and first.json()["state"] == "acknowledged"
    again = client.post(
        f"/api/v1/adaptation/notices/{target}/acknowledge", headers=auth("department")
    )
    assert again.status_code == 409 and "acknowledged" in again.text
    late = client.post(
        f"{base}/escalate?as_of=2024-09-01T00:00:00%2B08:00", headers=auth("climate_office")
    )
    assert late.status_code == 200 and all(n["state"] == "escalated" for n in late.json())
    assert target not in {n["id"] for n in late.json()}
    assert client.post(f"{base}/escalate?as_of=2024-09-01T00:00:00%2B08:00",
                       headers=auth("climate_office")).json() == []  # fmt: skip
    measures = client.get("/api/v1/adaptation/heat-health?lang=en", headers=auth("public")).json()
    assert {m["level"] for m in measures} == {"yellow", "orange", "red"}


def test_a_territory_stores_its_drainage_zone_evaluation_from_one_file(
    client: TestClient, auth
) -> None:  # type: ignore[no-untyped-def]
    head = "zone,year,name_zh,name_en,area_km2,built_up_km2,item,target,measured,passed,source\n"
    items = [("annual_runoff_capture", "75", "80", ""), ("source_control", "", "", "yes"),
             ("waterlogging", "", "", "yes"), ("water_bodies", "", "", "yes"),
             ("ecological_pattern", "", "", "yes")]  # every assessed item of GB/T 51345-2018  # fmt: skip
    rows = "".join(
        f"{z},2024,{z}区,{z},{a},{b},{i},{t},{m},{p},测试\n"
        for z, a, b in (("A", "10", "8"), ("B", "10", "12"))  # B: built-up above its area
        for i, t, m, p in items
    )
    base = "/api/v1/adaptation/500105"
    refused = _post(
        client, auth, f"{base}/tables/sponge_zones", "zones.csv", (head + rows).encode()
    )
    assert refused.status_code == 422
    # B's first row is the file's 6th data row: the problem names it there
    assert [(p["row"], p["field"]) for p in refused.json()["errors"]] == [(6, "built_up_km2")]
    fixed = rows.replace("B区,B,10,12", "B区,B,10,6").replace("B,2024,B区,B,10,6,waterlogging,,,yes",
                                                              "B,2024,B区,B,10,6,waterlogging,,,no")  # fmt: skip
    done = _post(client, auth, f"{base}/tables/sponge_zones", "zones.csv", (head + fixed).encode())
    assert done.status_code == 201 and done.json()["stored"] == 2, done.text
    sponge = client.get(f"{base}/sponge", headers=auth("public")).json()
    # A (8 km² built-up) meets; B fails an assessed item: 8 / 14 of the built-up area
    assert sponge["year"] == 2024 and abs(sponge["share_percent"] - 8 / 14 * 100) < 1e-9
