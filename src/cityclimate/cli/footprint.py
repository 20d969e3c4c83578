"""``cityclimate footprint …``: product carbon footprints (issue 16).

``--demo`` uses the illustrative battery pack, laptop and car without a database;
``--product ID`` reads a stored product through the services.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cityclimate.cli.output import console, emit, fail, report_error
from cityclimate.errors import CityClimateError

footprint_app = typer.Typer(help="产品碳足迹 · product carbon footprints", no_args_is_help=True)

DemoOption = Annotated[
    bool, typer.Option("--demo", help="使用示意性示例产品 · use the illustrative demo products")
]
ProductOption = Annotated[
    int | None, typer.Option("--product", help="产品编号 · stored product id")
]
OutOption = Annotated[Path | None, typer.Option("--out", help="输出文件 · output file")]


class Format(StrEnum):
    table = "table"
    json = "json"


def _choose(demo: bool, product: int | None) -> None:
    if demo == (product is not None):
        fail(
            "请给出 --product 或 --demo（二者选一）",
            "give either --product or --demo (one of the two)",
        )


def _stored(product: int, action: str) -> dict[str, Any]:
    """Compute (``compute``) or read the active PACT document (``pact``) of a stored product."""
    from cityclimate.cli.platform import _database
    from cityclimate.services.actors import SYSTEM
    from cityclimate.services.footprints import products
    from cityclimate.storage import transaction

    _, engine, sessions = _database()
    try:
        with transaction(sessions, write=action == "compute") as session:
            if action == "compute":
                row = products.compute(session, SYSTEM, product)
                return {**products.product_view(products.get_product(session, SYSTEM, product)),
                        "result": products.result_view(row)}  # fmt: skip
            return products.published_document(session, SYSTEM, product)
    finally:
        engine.dispose()


@footprint_app.command("compute")
def compute(
    demo: DemoOption = False,
    product: ProductOption = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or json")] = Format.table,
    out: OutOption = None,
) -> None:
    """计算产品碳足迹（每声明单位 kg CO2e）· Compute footprints (kg CO2e per declared unit)."""
    _choose(demo, product)
    notice: dict[str, str] | None
    try:
        if demo:
            from cityclimate.demo import footprints as demo_data

            rows = [
                {
                    "product": spec["code"],
                    "name_zh": spec["name_zh"],
                    "name_en": spec["name_en"],
                    "co2e_kg": result.total,
                    "fossil_kg": result.fossil,
                    "biogenic_kg": result.biogenic,
                    "primary_share": result.primary_share,
                    "quality": result.quality,
                    "by_stage": dict(parts.by_stage),
                    "boundary": result.boundary,
                    "standard": result.standard,
                    "gwp_set": result.gwp_set,
                }
                for spec, result, parts in demo_data.computed()
            ]
            notice = demo_data.NOTICE
        else:
            from cityclimate.services.footprints import access

            assert product is not None
            stored = _stored(product, "compute")
            result = stored["result"]["result"]
            rows = [{"product": stored["code"], "name_zh": stored["name_zh"],
                     "name_en": stored["name_en"], **result}]  # fmt: skip
            notice = access.NOTICE if stored["illustrative"] else None
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    if fmt is Format.json:
        emit(json.dumps({"notice": notice, "products": rows}, ensure_ascii=False, indent=2), out)
        return
    if notice:
        console.print(f"[bold yellow]{notice['zh']}\n{notice['en']}[/]")
    table = Table(title="产品碳足迹 · product carbon footprints (kg CO2e / 声明单位 declared unit)")
    for column in ("产品 product", "kg CO2e", "化石 fossil", "生物源 biogenic", "初级数据 primary"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            f"{row['name_zh']} · {row['name_en']}",
            f"{row['co2e_kg']:,.2f}",
            f"{row['fossil_kg']:,.2f}",
            f"{row['biogenic_kg']:,.2f}",
            f"{100 * row.get('primary_share', row.get('primary_data_share', 0.0)):.1f} %",
        )
    console.print(table)


@footprint_app.command("export-pact")
def export_pact(
    demo: DemoOption = False, product: ProductOption = None, out: OutOption = None
) -> None:
    """以 PACT v3 ProductFootprint JSON 输出（经模式校验）· Print PACT v3 ProductFootprints
    (validated against the vendored schema)."""
    from cityclimate.footprints import pact
    from cityclimate.io.pact_schema import pact_openapi

    _choose(demo, product)
    try:
        if demo:
            from cityclimate.demo import footprints as demo_data

            documents = demo_data.pact_documents()
        else:
            assert product is not None
            documents = [_stored(product, "pact")]
        for document in documents:
            pact.validate_product_footprint(document, pact_openapi())
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    emit(json.dumps({"data": documents}, ensure_ascii=False, indent=2), out)


@footprint_app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="PACT JSON, or datasets CSV/XLSX")],
    mass_per_unit_kg: Annotated[
        float | None,
        typer.Option(
            "--mass-per-unit-kg", help="v2 导入时的单位质量 · mass per declared unit for v2"
        ),
    ] = None,
) -> None:
    """导入：PACT 碳足迹（v3 校验，v2.x 按字段映射）或排放因子数据集（CSV/XLSX，全部或全不）·
    Import a PACT footprint (v3 checked, v2.x mapped) or emission-factor datasets (all or nothing)."""
    from cityclimate.footprints import pact
    from cityclimate.io.pact_schema import pact_openapi

    data = file.read_bytes()
    try:
        if file.suffix.lower() == ".json":
            for source in _footprints_in(json.loads(data), file.name):
                dropped: list[pact.DroppedField] = []
                if str(source.get("specVersion", "")).startswith("2."):
                    source, dropped = pact.v3_from_v2(source, mass_per_unit_kg)
                pact.validate_product_footprint(source, pact_openapi(), where=file.name)
                footprint = pact.footprint_from_dict(source)
                console.print(
                    f"{footprint.product_name}: {footprint.pcf.pcf_excluding_biogenic_uptake_kg} "
                    f"kg CO2e / {footprint.pcf.declared_unit_amount} {footprint.pcf.declared_unit}"
                    " — PACT v3 ✓"
                )
                for item in dropped:
                    console.print(f"  v2 {item.field}: {item.reason.zh} / {item.reason.en}")
            return
        from cityclimate.cli.platform import _database
        from cityclimate.footprints.datasets import datasets_from_table
        from cityclimate.io.activity_files import read_table
        from cityclimate.services.actors import SYSTEM
        from cityclimate.services.footprints import datasets
        from cityclimate.storage import transaction

        rows = datasets_from_table(read_table(file.name, data), file.name)
        _, engine, sessions = _database()
        with transaction(sessions, write=True) as session:
            count = datasets.import_datasets(session, SYSTEM, rows, file_name=file.name)
        engine.dispose()
        console.print(f"已导入 {count} 个数据集 · imported {count} datasets")
    except json.JSONDecodeError as exc:
        fail(f"{file.name} 不是有效的 JSON：{exc}", f"{file.name} is not valid JSON: {exc}")
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc


def _footprints_in(document: object, name: str) -> list[dict[str, Any]]:
    """The footprints of a PACT file: one ProductFootprint, a list of them, or a ListFootprints /
    GetFootprint answer ``{"data": ...}`` (what ``export-pact`` writes)."""
    if isinstance(document, dict) and "data" in document:
        document = document["data"]
    items = document if isinstance(document, list) else [document]
    footprints = [item for item in items if isinstance(item, dict)]
    if not footprints or len(footprints) != len(items):
        fail(
            f'{name}：应为一个 PACT 碳足迹对象、其列表或 {{"data": [...]}}',
            f'{name}: expected a PACT ProductFootprint object, a list of them or {{"data": [...]}}',
        )
    return footprints


class LabelFormat(StrEnum):
    svg = "svg"
    png = "png"
    pdf = "pdf"


@footprint_app.command("label")
def label(
    out: Annotated[Path, typer.Option("--out", help="输出文件 · output file")],
    demo: Annotated[
        str | None,
        typer.Option("--demo", help="示例产品编码 · demo product code, e.g. battery-pack-60"),
    ] = None,
    product: ProductOption = None,
    fmt: Annotated[LabelFormat, typer.Option("--format", help="svg, png or pdf")] = LabelFormat.svg,
    base_url: Annotated[
        str, typer.Option("--base-url", help="平台地址（二维码指向声明页）· the platform's address")
    ] = "http://127.0.0.1:8000",
    lang: Annotated[str, typer.Option("--lang", help="zh or en")] = "zh",
) -> None:
    """碳足迹标签（数值、单位、边界、标准、核查机构、声明页二维码）· The footprint label (value,
    unit, boundary, standard, verifier, QR code to the declaration page)."""
    from cityclimate.footprints.report import BOUNDARY_NAMES, UNIT_NAMES
    from cityclimate.io.footprint_label import label_content, label_pdf, label_png, label_svg
    from cityclimate.text import Text, is_english

    _choose(demo is not None, product)
    english = is_english(lang)
    try:
        if demo is not None:
            from cityclimate.demo import footprints as demo_data

            found = [(s, r) for s, r, _ in demo_data.computed() if s["code"] == demo]
            if not found:
                codes = ", ".join(s["code"] for s in demo_data.PRODUCTS)
                fail(f"没有示例产品 {demo}：可选 {codes}", f"no demo product {demo}: use {codes}")
            spec, result = found[0]
            shown = {
                "name": Text(spec["name_zh"], spec["name_en"]), "co2e": result.total,
                "unit": UNIT_NAMES["piece"], "boundary": BOUNDARY_NAMES[result.boundary],
                "standard": result.standard, "verifier": spec["verifier"], "illustrative": True,
                "url": f"{base_url.rstrip('/')}/footprints",
            }  # fmt: skip
        else:
            from cityclimate.cli.platform import _database
            from cityclimate.services.footprints import documents
            from cityclimate.storage import transaction

            assert product is not None
            _, engine, sessions = _database()
            with transaction(sessions) as session:
                d = documents.declaration(session, product)
            engine.dispose()
            shown = {
                "name": Text(d["product"]["name_zh"], d["product"]["name_en"]),
                "co2e": d["co2e_kg_per_unit"], "unit": d["unit"], "boundary": d["boundary"],
                "standard": d["standard"], "verifier": d["verifier"],
                "illustrative": d["product"]["illustrative"],
                "url": f"{base_url.rstrip('/')}/footprints/declarations/{product}",
            }  # fmt: skip
    except CityClimateError as exc:
        report_error(exc)
        raise typer.Exit(2) from exc
    content = label_content(
        name=shown["name"], co2e_kg=shown["co2e"], unit=shown["unit"],
        boundary=shown["boundary"], standard=str(shown["standard"]), verifier=shown["verifier"],
        url=shown["url"], illustrative=shown["illustrative"], lang="en" if english else "zh",
    )  # fmt: skip
    if fmt is LabelFormat.svg:
        out.write_text(label_svg(content), encoding="utf-8")
    else:
        out.write_bytes(label_png(content) if fmt is LabelFormat.png else label_pdf(content))
    console.print(f"{out}")
