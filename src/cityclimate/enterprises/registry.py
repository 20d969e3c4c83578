"""The registry of key enterprises: checked records, code overrides and who may see what.

>>> len(register([]))
0

Role isolation lives here, in the core: every function that reads or writes one enterprise's
data takes the acting :class:`~cityclimate.enterprises.model.Actor` and calls
:func:`require_access`, so an enterprise user can never reach another enterprise's data,
whatever the platform in front of it does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import polars as pl

from cityclimate import refdata
from cityclimate.enterprises import rules
from cityclimate.enterprises.codes import check_uscc
from cityclimate.enterprises.model import (
    Actor,
    AuditRecord,
    CodeOverride,
    Contact,
    EmissionSource,
    Enterprise,
    EnterpriseAccessError,
    Facility,
    Role,
)
from cityclimate.errors import DataValidationError, Problem
from cityclimate.text import Text

_OFFICE = frozenset({Role.ADMIN, Role.CLIMATE_OFFICE})
DATA_CENTRE_CLASSES = ("new", "existing", "national_hub")


def require_access(actor: Actor, enterprise_id: str, *, write: bool = False) -> None:
    """Refuse unless ``actor`` may read (or, with ``write``, change) this enterprise's data.

    Admin and climate office may read and write every enterprise; an enterprise user only its
    own; a verifier may read the enterprises it is engaged for (and write nothing here: its
    one step is :func:`cityclimate.enterprises.workflow.verify`); the public nothing unpublished.

    Raises
    ------
    EnterpriseAccessError
        Naming the user, the role and the enterprise.
    """
    if actor.role in _OFFICE:
        return
    if actor.role is Role.ENTERPRISE and enterprise_id in actor.enterprise_ids:
        return
    if actor.role is Role.VERIFIER and enterprise_id in actor.enterprise_ids and not write:
        return
    what_zh, what_en = ("修改", "change") if write else ("查看", "read")
    raise EnterpriseAccessError(
        f"用户 {actor.user_id}（{actor.role.value}）无权{what_zh}企业 {enterprise_id} 的数据",
        f"user {actor.user_id} ({actor.role.value}) may not {what_en} the data of "
        f"enterprise {enterprise_id}",
    )


def visible_enterprises(actor: Actor, enterprises: Iterable[Enterprise]) -> list[Enterprise]:
    """The enterprises ``actor`` may read (an enterprise user: its own, nothing else)."""
    return [e for e in enterprises if _may_read(actor, e.enterprise_id)]


def _may_read(actor: Actor, enterprise_id: str) -> bool:
    try:
        require_access(actor, enterprise_id)
    except EnterpriseAccessError:
        return False
    return True


def enterprise_problems(
    enterprise: Enterprise,
    *,
    industries: pl.DataFrame | None = None,
    territories: pl.DataFrame | None = None,
    categories: pl.DataFrame | None = None,
    where: str = "enterprises",
) -> list[Problem]:
    """Every problem of one registry record, located by enterprise id and field.

    Checks: the USCC (GB 32100 check, unless an administrator's override with a reason is
    recorded), the GB/T 4754-2017 industry code against the shipped list, the territory and
    sub-area codes, flag consistency (an ETS enterprise names its sector, a data centre its
    class), and every emission source's category.
    """
    industries = rules.industries() if industries is None else industries
    territories = refdata.territories() if territories is None else territories
    categories = refdata.categories() if categories is None else categories
    row = enterprise.enterprise_id
    problems: list[Problem] = []

    def problem(field: str, value: object, message: Text) -> None:
        problems.append(Problem(f"{where}: {row}", field=field, value=str(value), message=message))

    check = check_uscc(enterprise.uscc)
    if not check.valid and enterprise.code_override is None:
        problem(
            "uscc",
            enterprise.uscc,
            Text(
                "统一社会信用代码无效："
                + "；".join(check.problems_zh)
                + "（管理员可注明理由后接受）",
                "invalid unified social credit code: "
                + "; ".join(check.problems_en)
                + " (an administrator may accept it with a reason)",
            ),
        )
    if enterprise.industry not in set(industries["code"].to_list()):
        problem(
            "industry",
            enterprise.industry,
            Text(
                "行业代码不在 GB/T 4754-2017 代码表中：请使用 4 位小类代码",
                "industry code not in the GB/T 4754-2017 list: use a 4-digit class code",
            ),
        )
    codes = dict(territories.select("code", "parent").iter_rows())
    if enterprise.territory not in codes:
        problem("territory", enterprise.territory, Text("未知的地区代码", "unknown territory code"))
    sub_areas = [enterprise.sub_area] + [f.sub_area for f in enterprise.facilities]
    for sub_area in sub_areas:
        if sub_area is not None and codes.get(sub_area, "") != enterprise.territory:
            problem(
                "sub_area",
                sub_area,
                Text(
                    f"板块代码不属于地区 {enterprise.territory}",
                    f"sub-area code is not part of territory {enterprise.territory}",
                ),
            )
    sectors = set(rules.ets_sectors()["sector"].to_list())
    if enterprise.ets_controlled and enterprise.ets_sector not in sectors:
        problem(
            "ets_sector",
            enterprise.ets_sector or "",
            Text(
                f"控排企业须注明配额分配行业（{', '.join(sorted(sectors))}）",
                f"an ETS enterprise needs its allocation sector ({', '.join(sorted(sectors))})",
            ),
        )
    if enterprise.data_centre and enterprise.data_centre_class not in DATA_CENTRE_CLASSES:
        problem(
            "data_centre_class",
            enterprise.data_centre_class or "",
            Text(
                "数据中心须注明类别：new（新建）、existing（既有）或 national_hub（国家枢纽节点）",
                "a data centre needs its class: new, existing or national_hub",
            ),
        )
    known = set(categories["code"].to_list())
    for facility in enterprise.facilities:
        for source in facility.sources:
            if source.category not in known:
                problem(
                    f"facilities.{facility.facility_id}.{source.source_id}.category",
                    source.category,
                    Text("未知的排放类别", "unknown emission category"),
                )
    return problems


def register(
    enterprises: Iterable[Enterprise], *, where: str = "enterprises"
) -> dict[str, Enterprise]:
    """Check every record and return the registry keyed by enterprise id (all-or-nothing).

    Raises
    ------
    DataValidationError
        Listing every problem of every record, and duplicate ids or codes.
    """
    registry: dict[str, Enterprise] = {}
    problems: list[Problem] = []
    seen_codes: dict[str, str] = {}
    for enterprise in enterprises:
        problems += enterprise_problems(enterprise, where=where)
        if enterprise.enterprise_id in registry:
            problems.append(
                Problem(
                    where,
                    None,
                    "enterprise_id",
                    enterprise.enterprise_id,
                    "企业编号重复",
                    "duplicate enterprise id",
                )
            )
        code = enterprise.uscc.strip().upper()
        if code in seen_codes:
            problems.append(
                Problem(
                    where,
                    None,
                    "uscc",
                    code,
                    f"统一社会信用代码与企业 {seen_codes[code]} 重复",
                    f"the same code as enterprise {seen_codes[code]}",
                )
            )
        seen_codes[code] = enterprise.enterprise_id
        registry[enterprise.enterprise_id] = enterprise
    if problems:
        raise DataValidationError(problems)
    return registry


def accept_failing_code(
    enterprise: Enterprise, actor: Actor, reason: str, at: datetime
) -> tuple[Enterprise, AuditRecord]:
    """Let an administrator accept a code that fails the GB 32100 check, with a reason.

    Returns
    -------
    (Enterprise, AuditRecord)
        The enterprise with :class:`~cityclimate.enterprises.model.CodeOverride` recorded, and
        the audit record to store.

    Raises
    ------
    EnterpriseAccessError
        When ``actor`` is not an administrator.
    DataValidationError
        When the reason is empty.
    """
    if actor.role is not Role.ADMIN:
        raise EnterpriseAccessError(
            "只有管理员可以接受未通过校验的统一社会信用代码",
            "only an administrator may accept a code that fails the check",
        )
    if not reason.strip():
        raise DataValidationError(
            [
                Problem(
                    enterprise.enterprise_id,
                    None,
                    "reason",
                    "",
                    "请说明接受该代码的理由（如历史代码）",
                    "give the reason for accepting the code (e.g. a historic code)",
                )
            ]
        )
    override = CodeOverride(reason=reason.strip(), by=actor.user_id, at=at)
    changed = replace(enterprise, code_override=override)
    audit = AuditRecord(
        who=actor.user_id,
        role=actor.role.value,
        when=at,
        entity="enterprise",
        entity_id=enterprise.enterprise_id,
        action="override_code",
        from_status=None,
        to_status=None,
        comment=f"{enterprise.uscc}: {override.reason}",
    )
    return changed, audit


def enterprise_from_record(record: Mapping[str, Any]) -> Enterprise:
    """Build an :class:`Enterprise` from a JSON-shaped mapping (as the demo and API hold it).

    Nested ``facilities`` (with ``sources``), ``contacts`` and ``code_override`` (``at`` as an
    ISO 8601 time) are turned into their dataclasses; unknown keys are an error.
    """
    data = dict(record)
    facilities = tuple(
        Facility(
            facility_id=f["facility_id"],
            name=f["name"],
            sub_area=f.get("sub_area"),
            sources=tuple(EmissionSource(**s) for s in f.get("sources", ())),
        )
        for f in data.pop("facilities", ())
    )
    contacts = tuple(Contact(**c) for c in data.pop("contacts", ()))
    override = data.pop("code_override", None)
    code_override = (
        None
        if override is None
        else CodeOverride(
            reason=override["reason"], by=override["by"], at=datetime.fromisoformat(override["at"])
        )
    )
    established = data.pop("established_on", None)
    return Enterprise(
        **data,
        facilities=facilities,
        contacts=contacts,
        code_override=code_override,
        established_on=date.fromisoformat(established)
        if isinstance(established, str)
        else established,
    )


def existed_in(enterprise: Enterprise, year: int) -> bool:
    """Whether ``enterprise`` existed in ``year`` (established in it or before; unknown: yes).

    An enterprise has no report, deadline or credit grade for a year before it existed.
    """
    return enterprise.established_on is None or enterprise.established_on.year <= year


def enterprises_from_records(records: Sequence[Mapping[str, Any]]) -> list[Enterprise]:
    """Build enterprises from JSON-shaped mappings; a malformed record is a located error."""
    built: list[Enterprise] = []
    problems: list[Problem] = []
    for index, record in enumerate(records, start=1):
        try:
            built.append(enterprise_from_record(record))
        except (TypeError, KeyError, ValueError) as exc:
            problems.append(
                Problem(
                    "enterprises",
                    index,
                    None,
                    str(record.get("enterprise_id", "")),
                    f"企业记录格式错误：{exc}",
                    f"malformed enterprise record: {exc}",
                )
            )
    if problems:
        raise DataValidationError(problems)
    return built
