"""Product carbon footprints (issue 16): the emission-factor database, products and their
systems, computed results, declarations, and supplier data requests."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, UploadFile
from pydantic import BaseModel, Field

from cityclimate.api.deps import ALL_ROLES, ANYONE, DB, allow, get_settings
from cityclimate.api.schemas import Problem
from cityclimate.footprints.datasets import datasets_from_table
from cityclimate.io.activity_files import read_table
from cityclimate.io.limits import UploadLimits
from cityclimate.io.pact_schema import pact_openapi
from cityclimate.services.actors import OFFICE, Actor
from cityclimate.services.footprints import datasets, products, requests
from cityclimate.settings import Settings

router = APIRouter(prefix="/footprints", tags=["footprints"])
Anyone = Annotated[Actor, Depends(allow(ANYONE))]
Reader = Annotated[Actor, Depends(allow(*ALL_ROLES))]
#: The climate office and enterprise users (bound to their enterprise) write footprints.
Writer = Annotated[Actor, Depends(allow(*OFFICE, "enterprise"))]
ProductId = Annotated[int, Path(ge=1, le=2**31 - 1)]
RequestId = Annotated[int, Path(ge=1, le=2**31 - 1)]
_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "no such record, or not yours"},
    409: {"model": Problem, "description": "not in a state that allows it"},
    422: {"model": Problem, "description": "every mistake, located"},
}


class DatasetOut(BaseModel):
    id: int
    owner: str = Field(description='"" for shared datasets, else the owning enterprise')
    kind: str = Field(description="secondary, inventory or user")
    code: str
    name_zh: str
    name_en: str
    unit: str
    co2e_kg_per_unit: float
    biogenic_kg_per_unit: float
    region: str
    year: int
    source: str
    version: str
    licence: str
    dqr: dict[str, float]
    illustrative: bool


class ImportOut(BaseModel):
    imported: int


class ProductIn(BaseModel):
    code: str = Field(min_length=1, max_length=100)
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: str = Field(default="", max_length=200)
    declared_unit: str = Field(default="piece", description="piece, kilogram or kilowatt hour")
    mass_per_unit_kg: float = Field(default=0.0, ge=0, le=1e9)
    description: str = Field(default="", max_length=2000)
    tags: list[str] = Field(default_factory=list, max_length=20)
    verifier: str = Field(default="", max_length=200)
    enterprise_id: str | None = Field(default=None, max_length=64, description="office only")


class ProductOut(BaseModel):
    id: int
    enterprise_id: str
    code: str
    name_zh: str
    name_en: str
    description: str
    declared_unit: str
    mass_per_unit_kg: float
    tags: list[str]
    standard: str
    verifier: str
    published: bool
    illustrative: bool


class ResultOut(BaseModel):
    id: int
    product_id: int
    system_id: int
    co2e_kg_per_unit: float = Field(description="kg CO2e per declared unit")
    inputs: dict[str, Any] = Field(description="system version, datasets and answers used")
    result: dict[str, Any] = Field(description="totals, contributions, DQR, primary share")
    computed_at: str
    by: str


class ProductDetail(ProductOut):
    system: dict[str, Any] | None = Field(description="the current system version")
    result: ResultOut | None
    pact_id: str | None = Field(description="the active PACT ProductFootprint, if published")


class SystemIn(BaseModel):
    processes: list[dict[str, Any]] = Field(min_length=1, max_length=2000)
    boundary: str = Field(default="cradle-to-gate")
    allocation: str = Field(default="physical")
    cut_off: str = Field(default="", max_length=300)
    reference_year: int = Field(ge=1990, le=2100)


class SystemOut(BaseModel):
    id: int
    product_id: int
    version: int


class PactDocument(BaseModel):
    data: dict[str, Any] = Field(description="a PACT v3 ProductFootprint")


class RequestIn(BaseModel):
    product_id: int = Field(ge=1, le=2**31 - 1)
    input_code: str = Field(min_length=3, max_length=100, description="process/input")
    supplier_id: str = Field(min_length=1, max_length=64)
    message: str = Field(default="", max_length=2000)


class AnswerIn(BaseModel):
    pact: dict[str, Any] | None = Field(
        default=None, description="a PACT ProductFootprint (v3, or v2.x mapped to v3)"
    )
    product_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class DeclineIn(BaseModel):
    reason: str = Field(default="", max_length=2000)


class RequestOut(BaseModel):
    id: int
    requester_id: str
    requester_name_zh: str
    requester_name_en: str
    supplier_id: str
    supplier_name_zh: str
    supplier_name_en: str
    product_id: int
    product_name_zh: str
    product_name_en: str
    input_code: str
    message: str
    status: str
    answer_kind: str
    co2e_kg_per_unit: float | None
    unit: str | None
    dqr: dict[str, float]
    pact_id: str | None
    dropped: list[dict[str, str]]
    created_at: str
    answered_at: str | None


@router.get("/datasets", response_model=list[DatasetOut])
def list_datasets(db: DB, actor: Reader) -> list[dict[str, Any]]:
    """可用的排放因子数据集 · The emission-factor datasets the caller may use."""
    with db.read() as session:
        return datasets.list_datasets(session, actor)


@router.post("/datasets", response_model=ImportOut, status_code=201, responses=_ERRORS)
def import_datasets(
    file: UploadFile,
    db: DB,
    actor: Writer,
    settings: Annotated[Settings, Depends(get_settings)],
) -> ImportOut:
    """导入数据集（CSV/XLSX，全部校验通过才保存）· Import datasets (all or nothing)."""
    limits = UploadLimits(max_bytes=settings.max_upload_bytes)
    name = file.filename or "datasets.csv"
    rows = datasets_from_table(read_table(name, file.file.read(limits.max_bytes + 1), limits), name)
    with db.write() as session:
        return ImportOut(imported=datasets.import_datasets(session, actor, rows, file_name=name))


@router.get("/products", response_model=list[ProductOut])
def list_products(db: DB, actor: Anyone) -> list[dict[str, Any]]:
    """产品（公众只见已发布的）· Products (the public sees published ones)."""
    with db.read() as session:
        return [products.product_view(p) for p in products.list_products(session, actor)]


@router.post("/products", response_model=ProductOut, status_code=201, responses=_ERRORS)
def create_product(body: ProductIn, db: DB, actor: Writer) -> dict[str, Any]:
    """新建产品 · Create a product of the caller's enterprise."""
    with db.write() as session:
        return products.product_view(products.create_product(session, actor, **body.model_dump()))


@router.get("/products/{product_id}", response_model=ProductDetail, responses=_ERRORS)
def get_product(product_id: ProductId, db: DB, actor: Anyone) -> dict[str, Any]:
    """产品、当前产品系统与最新结果 · A product, its current system and latest result."""
    with db.read() as session:
        return products.product_detail(session, actor, product_id)


@router.put("/products/{product_id}/system", response_model=SystemOut, responses=_ERRORS)
def save_system(product_id: ProductId, body: SystemIn, db: DB, actor: Writer) -> SystemOut:
    """保存产品系统的新版本 · Save a new version of the product's system."""
    with db.write() as session:
        row = products.save_system(
            session, actor, product_id, {"processes": body.processes},
            boundary=body.boundary, allocation=body.allocation, cut_off=body.cut_off,
            reference_year=body.reference_year,
        )  # fmt: skip
        return SystemOut(id=row.id, product_id=row.product_id, version=row.version)


@router.post("/products/{product_id}/compute", response_model=ResultOut, responses=_ERRORS)
def compute(product_id: ProductId, db: DB, actor: Writer) -> dict[str, Any]:
    """计算碳足迹（结果连同所用输入一并保存）· Compute the footprint (stored with its inputs)."""
    with db.write() as session:
        return products.result_view(products.compute(session, actor, product_id))


@router.post("/products/{product_id}/publish", response_model=PactDocument, responses=_ERRORS)
def publish(product_id: ProductId, db: DB, actor: Writer) -> PactDocument:
    """发布碳足迹声明（PACT v3，经模式校验）· Publish the declaration (PACT v3, validated)."""
    with db.write() as session:
        row = products.publish(session, actor, product_id, pact_openapi())
        return PactDocument(data=row.document)


@router.get("/products/{product_id}/pact", response_model=PactDocument, responses=_ERRORS)
def product_pact(product_id: ProductId, db: DB, actor: Anyone) -> PactDocument:
    """已发布的 PACT v3 碳足迹 · The product's published PACT v3 ProductFootprint."""
    with db.read() as session:
        return PactDocument(data=products.published_document(session, actor, product_id))


@router.get("/requests", response_model=list[RequestOut])
def list_requests(db: DB, actor: Reader) -> list[dict[str, Any]]:
    """本企业发出和收到的数据请求 · Data requests the caller's enterprise sent or received."""
    with db.read() as session:
        return [requests.request_view(session, r) for r in requests.list_requests(session, actor)]


@router.post("/requests", response_model=RequestOut, status_code=201, responses=_ERRORS)
def create_request(body: RequestIn, db: DB, actor: Writer) -> dict[str, Any]:
    """向供应商请求碳足迹 · Ask a supplier for the footprint of an input."""
    with db.write() as session:
        row = requests.create_request(session, actor, **body.model_dump())
        return requests.request_view(session, row)


@router.post("/requests/{request_id}/answer", response_model=RequestOut, responses=_ERRORS)
def answer(request_id: RequestId, body: AnswerIn, db: DB, actor: Writer) -> dict[str, Any]:
    """答复数据请求：PACT 碳足迹或本企业产品 · Answer with a PACT footprint or an own product."""
    with db.write() as session:
        if body.pact is not None:
            row = requests.answer_with_pact(session, actor, request_id, body.pact, pact_openapi())
        else:
            row = requests.answer_with_product(session, actor, request_id, body.product_id or 0)
        return requests.request_view(session, row)


@router.post("/requests/{request_id}/decline", response_model=RequestOut, responses=_ERRORS)
def decline(request_id: RequestId, body: DeclineIn, db: DB, actor: Writer) -> dict[str, Any]:
    """拒绝数据请求 · Decline a data request."""
    with db.write() as session:
        row = requests.decline(session, actor, request_id, body.reason)
        return requests.request_view(session, row)
