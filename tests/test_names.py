"""Every code the platform shows has a name in both languages, from the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cityclimate import names, refdata
from cityclimate.demo import liangjiang
from cityclimate.enterprises.rules import ets_sectors
from cityclimate.indicators.evaluation import ProgressStatus
from cityclimate.inventory.model import FACTOR_LEVELS
from cityclimate.text import Text

SERVICES = Path(__file__).resolve().parents[1] / "src" / "cityclimate" / "services"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _named(kind: str, codes: set[str]) -> None:
    missing = sorted(c for c in codes if names.name_of(kind, c) is None)
    assert missing == [], f"{kind} without a name: {missing}"
    for code in codes:
        text = names.name(kind, code)
        assert text.zh and text.en, (kind, code)


def test_the_categories_fuels_and_sub_areas_of_the_demo_have_names() -> None:
    activities = liangjiang.activities()
    _named("category", set(activities["category"].to_list()))
    _named("fuel", set(activities["fuel"].to_list()))
    _named("territory", {s for s in activities["sub_area"].to_list() if s})
    _named("sector", set(refdata.categories()["sector"].to_list()))


def test_the_chinese_name_of_a_fuel_or_category_is_chinese() -> None:
    for kind in ("category", "fuel", "factor_level", "quality_tier", "audit_action"):
        for code, text in names.names(kind).items():
            # an acronym (IPCC) or a formula or code in parentheses may stay; an English word may not
            bare = re.sub(r"（[^）]*）", "", text.zh)
            words = [w for w in LATIN_WORD.findall(bare) if w != "IPCC"]
            assert words == [], (kind, code, text.zh)


def test_factor_levels_quality_tiers_and_progress_statuses_have_names() -> None:
    _named("factor_level", set(FACTOR_LEVELS))
    _named("quality_tier", {"measured", "statistics", "estimated"})
    _named("progress", {s.value for s in ProgressStatus})
    _named("ets_sector", set(ets_sectors()["sector"].to_list()))


def test_every_action_and_object_the_services_audit_has_a_name() -> None:
    # read from the services' source, independently of the names table: audit.record(s, a, ACTION, ENTITY
    calls = re.compile(r'audit\.record\(\s*\w+,\s*\w+,\s*"(\w+)",\s*"(\w+)"')
    found = [
        m.groups() for f in SERVICES.glob("*.py") for m in calls.finditer(f.read_text("utf-8"))
    ]
    assert len(found) > 10
    from cityclimate.enterprises.workflow import TRANSITIONS

    # plan edits are audited through one helper, _save(session, actor, pack, "ACTION", edit)
    edits = re.compile(r'_save\(session, actor, .*, "(\w+)", ')
    edited = {
        m.group(1) for f in SERVICES.rglob("*.py") for m in edits.finditer(f.read_text("utf-8"))
    }
    assert len(edited) >= 4
    # the steps of an enterprise report are audited under their own names, and "amend"
    _named("audit_action", {a for a, _ in found} | set(TRANSITIONS) | {"amend"} | edited)
    _named("audit_entity", {e for _, e in found})


@pytest.mark.parametrize(
    ("unit", "zh"), [("m2/person", "m²/人"), ("dimensionless", ""), ("km2", "km²")]
)
def test_units_are_shown_as_people_write_them(unit: str, zh: str) -> None:
    assert names.name("unit", unit).zh == zh


def test_an_unknown_code_is_shown_as_itself() -> None:
    assert names.name("category", "no.such.category") == Text(
        "no.such.category", "no.such.category"
    )
    assert names.name_of("category", "no.such.category") is None
