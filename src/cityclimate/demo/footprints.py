"""The footprint demo: an illustrative battery pack, a laptop and an electric car, ILLUSTRATIVE.

Three illustrative enterprises (a battery maker and a laptop maker added to the registry, and
the demo's vehicle plant LJ-AUTO) describe their products as systems of unit processes (22 in
all) over 22 illustrative secondary datasets plus the inventory's Chongqing grid and natural gas
factors. The automaker and the laptop maker ask the battery maker for the footprints of their
battery packs: one answer is the battery maker's own product system, the other a PACT v3
ProductFootprint. Every value is ILLUSTRATIVE: orders of magnitude in the range the LCA
literature reports for such products, not data of any real product, plant or database.
"""

from __future__ import annotations

import uuid
from typing import Any

from cityclimate.enterprises.codes import uscc_check_character
from cityclimate.footprints import pact
from cityclimate.footprints.datasets import DatasetRecord
from cityclimate.footprints.model import FootprintResult
from cityclimate.footprints.systems import Breakdown
from cityclimate.text import Text

NOTICE = {
    "zh": "示例数据：电池包、笔记本电脑和电动汽车的产品系统与数据集均为示意性数据，并非真实产品的碳足迹。",
    "en": "ILLUSTRATIVE DATA: the battery pack, laptop and electric-car systems and datasets are "
    "illustrative, not the footprints of real products.",
}
YEAR = 2022
_DQR_NAMES = ("technological", "geographical", "temporal")
GRID = f"electricity.grid.500000.{YEAR}"
GAS = "fuel.combustion.natural_gas"
_SOURCE = "cityclimate demo (ILLUSTRATIVE values, not from any LCA database)"
_LICENCE = "CC0 (illustrative demo data)"

# code, name zh, name en, unit, kg CO2e per unit, (technological, geographical, temporal) DQR
_DATASETS: tuple[tuple[str, str, str, str, float, tuple[float, float, float]], ...] = (
    (
        "demo.lfp_cathode_material",
        "磷酸铁锂正极材料",
        "LFP cathode material",
        "kg",
        12.0,
        (2, 2, 2),
    ),
    ("demo.graphite_anode", "石墨负极材料", "graphite anode material", "kg", 6.0, (2, 3, 2)),
    ("demo.electrolyte", "电解液", "electrolyte (LiPF6)", "kg", 8.0, (3, 3, 2)),
    ("demo.separator", "隔膜", "separator film", "m2", 1.0, (3, 3, 3)),
    ("demo.aluminium_foil", "铝箔", "aluminium foil", "kg", 14.0, (2, 2, 2)),
    ("demo.copper_foil", "铜箔", "copper foil", "kg", 7.5, (2, 3, 2)),
    ("demo.aluminium_ingot", "原铝锭", "primary aluminium ingot", "kg", 16.0, (2, 2, 1)),
    ("demo.steel_sheet", "冷轧钢板", "cold-rolled steel sheet", "kg", 2.2, (2, 2, 2)),
    ("demo.copper_wire", "铜线", "copper wire", "kg", 4.8, (2, 3, 2)),
    ("demo.pcb_bms", "电池管理系统电路板", "BMS circuit board", "piece", 18.0, (3, 3, 2)),
    ("demo.pp_plastic", "聚丙烯", "polypropylene", "kg", 2.3, (2, 3, 2)),
    ("demo.abs_plastic", "工程塑料（ABS）", "ABS plastic", "kg", 3.3, (2, 3, 2)),
    ("demo.cardboard", "瓦楞纸板", "corrugated board", "kg", 1.1, (2, 3, 2)),
    ("demo.truck_transport", "公路货运", "road freight (truck)", "tkm", 0.09, (2, 2, 2)),
    ("demo.lcd_panel_14in", "14 英寸液晶面板", "14-inch LCD panel", "piece", 55.0, (3, 3, 3)),
    (
        "demo.mainboard",
        "笔记本主板（含芯片）",
        "laptop mainboard with chips",
        "piece",
        95.0,
        (3, 4, 3),
    ),
    ("demo.ssd_512gb", "512GB 固态硬盘", "512 GB SSD", "piece", 12.0, (3, 4, 3)),
    ("demo.memory_16gb", "16GB 内存", "16 GB memory", "piece", 20.0, (3, 4, 3)),
    ("demo.magnesium_alloy", "镁合金", "magnesium alloy", "kg", 25.0, (3, 3, 3)),
    ("demo.power_adapter", "电源适配器", "power adapter", "piece", 6.5, (3, 3, 3)),
    (
        "demo.laptop_battery_generic",
        "笔记本电池（行业平均）",
        "laptop battery (industry average)",
        "piece",
        9.0,
        (4, 4, 3),
    ),
    (
        "demo.ev_battery_generic",
        "动力电池包（行业平均）",
        "EV battery pack (industry average)",
        "piece",
        6500.0,
        (4, 4, 3),
    ),
)


def datasets() -> list[DatasetRecord]:
    """The demo's secondary datasets (ILLUSTRATIVE)."""
    return [
        DatasetRecord(
            code=code,
            name=Text(f"{zh}（示意）", f"{en} (illustrative)"),
            unit=unit,
            co2e_kg_per_unit=value,
            region="CN",
            year=YEAR,
            source=_SOURCE,
            version="demo-1",
            licence=_LICENCE,
            dqr=dict(zip(("technological", "geographical", "temporal"), dqr, strict=True)),
        )
        for code, zh, en, unit, value, dqr in _DATASETS
    ]


def _uscc(body: str) -> str:
    return body + uscc_check_character(body)


BATTERY_USCC = _uscc("91500000MA5UF0171")


def enterprises() -> list[dict[str, Any]]:
    """The two illustrative enterprises the demo adds to the registry (records for the service)."""
    base = {
        "industry": "3841",
        "territory": "LJ-2016",
        "sub_area": "LJ-2016-LX",
        "illustrative": True,
        "contacts": [],
        "ets_controlled": False,
        "key_energy_user": False,
        "mandatory_disclosure": False,
        "established_on": "2015-06-01",
    }
    return [
        {
            **base,
            "enterprise_id": "LJ-BATT",
            "uscc": BATTERY_USCC,
            "name_zh": "示例·两江动力电池（示意数据）",
            "name_en": "Liangjiang traction battery maker (illustrative)",
            "facilities": [],
        },
        {
            **base,
            "industry": "3911",
            "enterprise_id": "LJ-LAPTOP",
            "uscc": _uscc("91500000MA5UF0181"),
            "name_zh": "示例·两江笔记本电脑整机（示意数据）",
            "name_en": "Liangjiang laptop assembly plant (illustrative)",
            "facilities": [],
        },
    ]


def _in(
    code: str, zh: str, en: str, amount: float, unit: str, *, process: str = "", dataset: str = "",
    supplier: bool = False,
) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {
        "code": code,
        "name": {"zh": zh, "en": en},
        "amount": amount,
        "unit": unit,
    }
    if process:
        out["process"] = process
    if dataset:
        out["dataset"] = dataset
    if supplier:
        out["supplier"] = True
    return out


def _process(
    code: str, zh: str, en: str, unit: str, inputs: list[dict[str, Any]], *, stage: str = "production",
    primary: bool = False, emissions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    return {
        "code": code,
        "name": {"zh": zh, "en": en},
        "output_amount": 1.0,
        "output_unit": unit,
        "stage": stage,
        "primary": primary,
        "inputs": inputs,
        "emissions": emissions or [],
    }


def _power(kwh: float) -> dict[str, Any]:
    return _in("electricity", "电力", "electricity", kwh, "kWh", dataset=GRID)


def _gas(gj: float) -> dict[str, Any]:
    return _in("natural_gas", "天然气", "natural gas", gj, "GJ", dataset=GAS)


def battery_system() -> list[dict[str, Any]]:
    """A 60 kWh LFP pack: 4 modules × 24 cells of 0.625 kWh (9 processes, ILLUSTRATIVE)."""
    return [
        _process("pack_assembly", "电池包装配", "pack assembly", "piece", [
            _in("modules", "电池模组", "modules", 4, "piece", process="module_assembly"),
            _in("bms", "电池管理系统", "BMS", 1, "piece", process="bms_assembly"),
            _in("housing", "电池箱体", "pack housing", 1, "piece", process="housing"),
            _in("inbound", "进厂运输", "inbound freight", 492, "tkm", dataset="demo.truck_transport"),
            _in("packaging", "包装", "packaging", 8, "kg", dataset="demo.cardboard"),
            _power(120),
        ], primary=True, emissions=[{"gas": "HFC-134a", "kg": 0.002}]),
        _process("module_assembly", "模组装配", "module assembly", "piece", [
            _in("cells", "电芯", "cells", 24, "piece", process="cell_formation"),
            _in("end_plates", "端板（铝）", "end plates (aluminium)", 3, "kg", dataset="demo.aluminium_ingot"),
            _in("busbars", "汇流排（铜）", "busbars (copper)", 0.8, "kg", dataset="demo.copper_wire"),
            _power(15),
        ], primary=True),
        _process("cell_formation", "电芯化成", "cell formation", "piece", [
            _in("cell", "装配电芯", "assembled cell", 1, "piece", process="cell_assembly"),
            _power(1.8),
        ], primary=True),
        _process("cell_assembly", "电芯装配", "cell assembly", "piece", [
            _in("cathode", "正极片", "cathode sheet", 1, "piece", process="cathode_coating"),
            _in("anode", "负极片", "anode sheet", 1, "piece", process="anode_coating"),
            _in("electrolyte", "电解液", "electrolyte", 0.35, "kg", dataset="demo.electrolyte"),
            _in("separator", "隔膜", "separator", 1.6, "m2", dataset="demo.separator"),
            _in("casing", "铝壳", "aluminium casing", 0.25, "kg", dataset="demo.aluminium_ingot"),
            _power(2.5),
        ], primary=True),
        _process("cathode_coating", "正极涂布", "cathode coating", "piece", [
            _in("lfp", "磷酸铁锂", "LFP", 1.1, "kg", dataset="demo.lfp_cathode_material"),
            _in("foil", "铝箔", "aluminium foil", 0.1, "kg", dataset="demo.aluminium_foil"),
            _power(1.2),
            _gas(0.02),
        ], primary=True),
        _process("anode_coating", "负极涂布", "anode coating", "piece", [
            _in("graphite", "石墨", "graphite", 0.55, "kg", dataset="demo.graphite_anode"),
            _in("foil", "铜箔", "copper foil", 0.25, "kg", dataset="demo.copper_foil"),
            _power(0.9),
        ], primary=True),
        _process("bms_assembly", "电池管理系统装配", "BMS assembly", "piece", [
            _in("board", "电路板", "circuit board", 1, "piece", dataset="demo.pcb_bms"),
            _in("harness", "线束（铜）", "wiring harness (copper)", 1.5, "kg", dataset="demo.copper_wire"),
            _in("cover", "外壳（ABS）", "cover (ABS)", 0.8, "kg", dataset="demo.abs_plastic"),
            _power(4),
        ]),
        _process("housing", "箱体制造", "housing manufacture", "piece", [
            _in("aluminium", "铝型材", "aluminium profiles", 38, "kg", dataset="demo.aluminium_ingot"),
            _in("steel", "钢板", "steel sheet", 25, "kg", dataset="demo.steel_sheet"),
            _in("coating", "涂装外协", "outsourced coating", 1, "piece", process="coating"),
            _power(30),
            _gas(0.5),
        ]),
        _process("coating", "箱体涂装", "housing coating", "piece", [_power(6), _gas(0.3)]),
    ]  # fmt: skip


def laptop_system() -> list[dict[str, Any]]:
    """A 14-inch laptop (8 processes, ILLUSTRATIVE); its battery is bought in."""
    return [
        _process("laptop_assembly", "整机装配", "final assembly", "piece", [
            _in("display", "显示模组", "display module", 1, "piece", process="display_module"),
            _in("mainboard", "主板组件", "mainboard assembly", 1, "piece", process="mainboard_assembly"),
            _in("chassis", "机身", "chassis", 1, "piece", process="chassis"),
            _in("keyboard", "键盘", "keyboard", 1, "piece", process="keyboard"),
            _in("battery", "电池", "battery", 1, "piece", dataset="demo.laptop_battery_generic", supplier=True),
            _in("adapter", "电源适配器", "power adapter", 1, "piece", dataset="demo.power_adapter"),
            _in("packaging", "包装", "packaging", 1, "piece", process="packaging"),
            _in("freight", "进厂运输", "inbound freight", 1, "piece", process="inbound"),
            _power(3.5),
        ], primary=True),
        _process("display_module", "显示模组", "display module", "piece", [
            _in("panel", "液晶面板", "LCD panel", 1, "piece", dataset="demo.lcd_panel_14in"),
            _in("frame", "边框（镁合金）", "frame (magnesium)", 0.12, "kg", dataset="demo.magnesium_alloy"),
            _power(1.0),
        ]),
        _process("mainboard_assembly", "主板组装", "mainboard assembly", "piece", [
            _in("board", "主板", "mainboard", 1, "piece", dataset="demo.mainboard"),
            _in("ssd", "固态硬盘", "SSD", 1, "piece", dataset="demo.ssd_512gb"),
            _in("memory", "内存", "memory", 1, "piece", dataset="demo.memory_16gb"),
            _in("cooling", "散热模组", "cooling module", 1, "piece", process="cooling"),
            _power(2.0),
        ], primary=True),
        _process("cooling", "散热模组", "cooling module", "piece", [
            _in("copper", "铜热管", "copper heat pipe", 0.08, "kg", dataset="demo.copper_wire"),
            _in("fan", "风扇（ABS）", "fan (ABS)", 0.03, "kg", dataset="demo.abs_plastic"),
            _power(0.3),
        ]),
        _process("chassis", "机身加工", "chassis machining", "piece", [
            _in("aluminium", "铝合金", "aluminium alloy", 0.9, "kg", dataset="demo.aluminium_ingot"),
            _power(6.0),
        ], primary=True),
        _process("keyboard", "键盘", "keyboard", "piece", [
            _in("plastic", "工程塑料（ABS）", "ABS", 0.15, "kg", dataset="demo.abs_plastic"),
            _power(0.4),
        ]),
        _process("packaging", "包装", "packaging", "piece", [
            _in("board", "纸板", "cardboard", 0.6, "kg", dataset="demo.cardboard"),
            _in("foam", "缓冲材料（PP）", "cushioning (PP)", 0.1, "kg", dataset="demo.pp_plastic"),
        ]),
        _process("inbound", "进厂运输", "inbound freight", "piece", [
            _in("truck", "公路货运", "road freight", 3.0, "tkm", dataset="demo.truck_transport"),
        ], stage="distribution"),
    ]  # fmt: skip


def car_system() -> list[dict[str, Any]]:
    """An electric car (5 processes, ILLUSTRATIVE); its battery pack is bought in."""
    return [
        _process("vehicle_assembly", "整车装配", "vehicle assembly", "piece", [
            _in("body", "白车身", "body in white", 1, "piece", process="body_in_white"),
            _in("paint", "涂装", "paint", 1, "piece", process="paint_shop"),
            _in("drive", "电驱系统", "electric drive", 1, "piece", process="powertrain"),
            _in("interior", "内饰", "interior", 1, "piece", process="interior"),
            _in("battery_pack", "动力电池包", "battery pack", 1, "piece", dataset="demo.ev_battery_generic", supplier=True),
            _power(350),
        ], primary=True),
        _process("body_in_white", "车身焊装", "body in white", "piece", [
            _in("steel", "钢板", "steel", 320, "kg", dataset="demo.steel_sheet"),
            _in("aluminium", "铝材", "aluminium", 60, "kg", dataset="demo.aluminium_ingot"),
            _power(400),
        ], primary=True),
        _process("paint_shop", "涂装", "paint shop", "piece", [_power(150), _gas(3.5)], primary=True),
        _process("powertrain", "电驱系统", "electric drive", "piece", [
            _in("copper", "铜", "copper", 25, "kg", dataset="demo.copper_wire"),
            _in("steel", "钢", "steel", 60, "kg", dataset="demo.steel_sheet"),
            _in("aluminium", "铝", "aluminium", 30, "kg", dataset="demo.aluminium_ingot"),
            _power(120),
        ]),
        _process("interior", "内饰", "interior", "piece", [
            _in("pp", "聚丙烯", "polypropylene", 80, "kg", dataset="demo.pp_plastic"),
            _in("abs", "工程塑料（ABS）", "ABS", 30, "kg", dataset="demo.abs_plastic"),
        ]),
    ]  # fmt: skip


#: (enterprise, code, name zh, name en, mass per unit kg, tags, verifier, system, description)
PRODUCTS: tuple[dict[str, Any], ...] = (
    {
        "enterprise_id": "LJ-BATT",
        "code": "battery-pack-60",
        "name_zh": "示例 60 千瓦时磷酸铁锂电池包（示意）",
        "name_en": "Illustrative 60 kWh LFP battery pack",
        "mass_per_unit_kg": 410.0,
        "tags": ["lithium_battery"],
        "verifier": "示例核查机构（示意）",
        "system": battery_system,
        "description": "ILLUSTRATIVE: 60 kWh LFP traction battery pack, 4 modules of 24 cells",
    },
    {
        "enterprise_id": "LJ-LAPTOP",
        "code": "laptop-14",
        "name_zh": "示例 14 英寸笔记本电脑（示意）",
        "name_en": "Illustrative 14-inch laptop",
        "mass_per_unit_kg": 1.4,
        "tags": ["portable_computer"],
        "verifier": "示例核查机构（示意）",
        "system": laptop_system,
        "description": "ILLUSTRATIVE: 14-inch laptop, 16 GB, 512 GB SSD",
    },
    {
        "enterprise_id": "LJ-AUTO",
        "code": "ev-sedan",
        "name_zh": "示例纯电动乘用车（示意）",
        "name_en": "Illustrative battery-electric car",
        "mass_per_unit_kg": 1850.0,
        "tags": ["new_energy_vehicle"],
        "verifier": "",
        "system": car_system,
        "description": "ILLUSTRATIVE: battery-electric sedan with a 60 kWh pack",
    },
)

#: The laptop battery footprint the battery maker sends as PACT v3 (kg CO2e per piece).
LAPTOP_BATTERY_PACT: dict[str, float] = {
    "co2e_kg": 7.2,
    "fossil_kg": 7.2,
    "mass_kg": 0.25,
    "primary_share_percent": 64.0,
}
LAPTOP_BATTERY_DQR = {"technological": 1.6, "geographical": 1.5, "temporal": 1.2}


def laptop_battery_document() -> dict[str, Any]:
    """The battery maker's answer to the laptop maker: a PACT v3 ProductFootprint of its laptop
    battery, per piece (ILLUSTRATIVE values, fixed id and dates so that the demo is stable)."""
    values = LAPTOP_BATTERY_PACT
    return pact.footprint_document(
        pact.Declaration(
            id="6b0f3c1e-2d4a-4f5b-8c9d-0e1f2a3b4c5d",
            created=f"{YEAR + 1}-03-01T00:00:00Z",
            company_name="示例·两江动力电池（示意数据）",
            company_ids=(f"urn:uscc:{BATTERY_USCC}",),
            product_name="示例笔记本电池（示意）",
            product_description="ILLUSTRATIVE: 3-cell laptop battery, 56 Wh",
            product_ids=("urn:cityclimate:product:LJ-BATT:laptop-battery",),
            declared_unit="piece",
            mass_per_declared_unit_kg=values["mass_kg"],
            reference_period_start=f"{YEAR}-01-01T00:00:00Z",
            reference_period_end=f"{YEAR + 1}-01-01T00:00:00Z",
            co2e_kg=values["co2e_kg"],
            fossil_kg=values["fossil_kg"],
            biogenic_kg=0.0,
            boundary_description="cradle-to-gate",
            geography_subdivision="CN-CQ",
            standards=("ISO14067", "PACT-3.0"),
            primary_data_share_percent=values["primary_share_percent"],
            dqr=LAPTOP_BATTERY_DQR,
            verifier="示例核查机构（示意）",
            comment="ILLUSTRATIVE demo data.",
        )
    )


def computed() -> list[tuple[dict[str, Any], FootprintResult, Breakdown]]:
    """The three demo products computed without a database, the way ``demo load`` stores them:
    the car's battery pack filled by the battery maker's own result, the laptop's battery by
    the PACT answer (ILLUSTRATIVE)."""
    from cityclimate import refdata
    from cityclimate.footprints.calculation import characterisation
    from cityclimate.footprints.datasets import inventory_datasets
    from cityclimate.footprints.systems import SupplierValue, compute_footprint, system_from_dict

    gwp = characterisation(refdata.gwp(), "AR6")
    offered = inventory_datasets(
        refdata.emission_factors(), refdata.fuel_parameters(), refdata.fuels()
    )
    table = {d.code: d for d in (*offered, *datasets())}
    out: list[tuple[dict[str, Any], FootprintResult, Breakdown]] = []
    supplied: dict[str, dict[str, SupplierValue]] = {
        "laptop-14": {
            "laptop_assembly/battery": SupplierValue(
                LAPTOP_BATTERY_PACT["co2e_kg"], dqr=LAPTOP_BATTERY_DQR, source="PACT"
            )
        }
    }
    for spec in PRODUCTS:
        result, parts = compute_footprint(
            system_from_dict({"processes": spec["system"]()}), table, gwp,
            product=spec["code"], name=spec["name_zh"],
            mass_per_unit_kg=spec["mass_per_unit_kg"], supplier_values=supplied.get(spec["code"]),
        )  # fmt: skip
        if spec["code"] == "battery-pack-60":
            supplied["ev-sedan"] = {
                "vehicle_assembly/battery_pack": SupplierValue(
                    result.total, dqr={k: result.quality[k] for k in _DQR_NAMES}, source="LJ-BATT"
                )
            }
        out.append((spec, result, parts))
    return out


def pact_documents() -> list[dict[str, Any]]:
    """The demo products as PACT v3 ProductFootprints (fixed ids and dates; ILLUSTRATIVE)."""
    names = {r["enterprise_id"]: r for r in enterprises()}
    documents = []
    for spec, result, _ in computed():
        company = names.get(spec["enterprise_id"])
        documents.append(
            pact.footprint_document(
                pact.Declaration(
                    id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"cityclimate-demo:{spec['code']}")),
                    created=f"{YEAR + 1}-03-01T00:00:00Z",
                    company_name=company["name_zh"] if company else "示例·龙兴汽车整车（示意数据）",
                    company_ids=(
                        f"urn:uscc:{company['uscc'] if company else '91500000MA5UD0039G'}",
                    ),
                    product_name=spec["name_zh"],
                    product_description=spec["description"],
                    product_ids=(
                        f"urn:cityclimate:product:{spec['enterprise_id']}:{spec['code']}",
                    ),
                    declared_unit="piece",
                    mass_per_declared_unit_kg=spec["mass_per_unit_kg"],
                    reference_period_start=f"{YEAR}-01-01T00:00:00Z",
                    reference_period_end=f"{YEAR + 1}-01-01T00:00:00Z",
                    co2e_kg=result.total,
                    fossil_kg=result.fossil,
                    biogenic_kg=result.biogenic,
                    boundary_description=result.boundary,
                    geography_subdivision="CN-CQ",
                    standards=("ISO14067", "PACT-3.0"),
                    primary_data_share_percent=100 * result.primary_share,
                    dqr={k: result.quality[k] for k in _DQR_NAMES},
                    verifier=spec["verifier"],
                    comment="ILLUSTRATIVE demo data (cityclimate), not a real product's footprint.",
                )
            )
        )
    return documents
