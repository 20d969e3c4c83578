"""Types and names of carbon inclusion (碳普惠): event columns, statuses, reasons, ledger kinds.

Two units never mix: **points** (积分, non-tradable incentives, whole numbers, capped per day and
month) and **reductions** (减排量, grams of CO2e kept as whole numbers so that sums are exact in
any order; shown as t CO2e). A credited event carries both; a redemption or expiry moves points
only; a conversion into credits moves reductions only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from cityclimate.errors import CityClimateError
from cityclimate.text import Text

#: The columns an event frame has, with their types (the crediting job's input).
EVENT_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "event_id": pl.String,
    "source": pl.String,
    "account": pl.String,
    "behaviour": pl.String,
    "occurred_on": pl.Date,
    "duration_s": pl.Int64,
    "distance_km": pl.Float64,
    "quantity": pl.Float64,
    "received_seq": pl.Int64,
}
#: Optional columns the service joins in (default: no consent, not held by the office).
#: ``duplicate`` marks an event an earlier pass found repeated (the Dask job's first stage).
EVENT_FLAGS: tuple[str, ...] = ("location_consent", "held", "cleared", "duplicate")

#: What became of an event in a crediting run.
STATUSES: dict[str, Text] = {
    "credited": Text("已入账", "credited"),
    "rejected": Text("已拒绝", "rejected"),
    "held": Text("暂扣待查", "held for review"),
    "pending": Text("结算期内", "in the settlement delay"),
}

#: Why an event was rejected or held; every rejected event names one.
REASONS: dict[str, Text] = {
    "duplicate": Text(
        "重复事件（同一来源同一事件编号已收到）", "duplicate (same source and event id)"
    ),
    "no_method": Text(
        "该行为在该日期没有有效的方法学", "no methodology in force for the behaviour on that date"
    ),
    "no_consent": Text("未单独同意处理位置信息", "no separate consent to location data"),
    "bad_quantity": Text(
        "数量或距离缺失、为零或为负", "quantity or distance missing, zero or negative"
    ),
    "impossible_speed": Text("速度超出该出行方式的可能范围", "speed impossible for the mode"),
    "outlier": Text("单次数量超出方法学上限", "quantity above the method's per-event limit"),
    "too_many_per_day": Text(
        "同一人当日该行为次数异常", "too many events of the behaviour for one person in a day"
    ),
    "flagged": Text("管理人员已标记待查", "flagged by the office for review"),
    "unusual_for_source": Text(
        "数量远高于同一来源当月该行为的中位数，待查",
        "quantity far above the median of its source for the behaviour that month: for review",
    ),
    "unusual_for_person": Text(
        "数量远高于本人当月该行为的中位数，待查",
        "quantity far above the person's own median for the behaviour that month: for review",
    ),
}

#: Behaviours residents are credited for.
BEHAVIOURS: dict[str, Text] = {
    "metro": Text("地铁", "metro"),
    "bus": Text("公交", "bus"),
    "cycling": Text("骑行", "cycling"),
    "walking": Text("步行", "walking"),
    "car_free_day": Text("停驶一日", "car-free day"),
    "community": Text("低碳社区活动", "low-carbon community action"),
    "waste_sorting": Text("垃圾分类", "waste sorting"),
    "second_hand": Text("二手交换", "second-hand exchange"),
    "household_pv": Text("户用光伏", "household PV"),
}
#: Activity units, as people write them.
ACTIVITY_UNITS: dict[str, Text] = {
    "trip": Text("次出行", "trip"),
    "pkm": Text("人公里", "passenger-km"),
    "day": Text("天", "day"),
    "action": Text("次活动", "action"),
    "kg": Text("kg", "kg"),
    "item": Text("件", "item"),
    "kWh": Text("kWh", "kWh"),
}
#: Baselines the methods compare with.
BASELINES: dict[str, Text] = {
    "motorised_mix": Text(
        "城市机动化出行结构（均值法）", "the city's motorised-mode mix (mean method)"
    ),
    "private_car": Text("私人小汽车（替代法）", "private car (substitution method)"),
    "none": Text("无基准出行", "no baseline trip"),
    "landfill": Text("混合填埋", "mixed landfill"),
    "new_purchase": Text("购买新品", "buying new"),
    "grid_average": Text("全国电网平均", "national grid average"),
}
#: Kinds of ledger entries.
LEDGER_KINDS: dict[str, Text] = {
    "earn": Text("获得积分与减排量", "points and reductions earned"),
    "redeem": Text("积分兑换", "points redeemed"),
    "expire": Text("积分过期", "points expired"),
    "convert": Text("减排量转为核证减排量", "reductions converted into credits"),
}

#: Daily events of one behaviour by one person above which the person's day is held for review.
MAX_EVENTS_PER_DAY = 12
#: Outliers per source and per person (held for review, not rejected): an event whose quantity
#: is above this multiple of the median of the otherwise valid events of the same source (or
#: person), behaviour and month. A robust screen, not a published rule: the median ignores the
#: outliers themselves, and 10× clears the normal spread of trip lengths (a 2 km and a 20 km
#: metro trip are both ordinary). Set by the platform, stated here; the office reviews holds.
OUTLIER_MEDIAN_FACTOR = 10.0
#: The fewest valid events of a source (person) and behaviour in a month for the screen to
#: apply: a median of a handful of events says nothing about what is unusual.
OUTLIER_MIN_EVENTS_SOURCE = 20
OUTLIER_MIN_EVENTS_PERSON = 5


class InclusionError(CityClimateError):
    """Bad input to carbon inclusion (a batch, a methodology table, a redemption)."""


@dataclass(frozen=True)
class Methodology:
    """One version of a crediting method (see ``inclusion/data/methodologies.csv``).

    Attributes
    ----------
    method_id, version:
        The method and its version; every credit stores both so it can be recomputed.
    behaviour:
        What residents do (``metro``, ``bus``, ``cycling``, …).
    activity_unit:
        The unit of one event's quantity (``trip``, ``pkm``, ``day``, ``kg``, ``item``, ``kWh``).
    baseline_kg_per_unit, project_kg_per_unit:
        Emission factors (kg CO2e per activity unit) of the baseline and of the behaviour.
    conservativeness:
        Fraction deducted from the reduction (0–1).
    points_per_kg:
        Points per kg CO2e of reduction (points are whole numbers, rounded down).
    daily_cap_points, monthly_cap_points:
        Caps on one person's points from this behaviour.
    """

    method_id: str
    version: int
    behaviour: str
    name: Text
    activity_unit: str
    baseline: str
    baseline_kg_per_unit: float
    project_kg_per_unit: float
    distance_source: str
    location_derived: bool
    conservativeness: float
    points_per_kg: float
    daily_cap_points: int
    monthly_cap_points: int
    max_speed_kmh: float | None
    max_distance_km: float | None
    max_quantity: float | None
    valid_from: date
    valid_to: date | None
    selected: bool
    source: str
    confidence: str

    @property
    def key(self) -> str:
        """``method_id@version``, as credits name it."""
        return f"{self.method_id}@{self.version}"

    def reduction_g(self, quantity: float) -> int:
        """Reduction of one event in whole grams CO2e, rounded down.

        reduction = (EF_baseline − EF_project) × quantity × (1 − conservativeness)
        (baseline minus project emissions, DB11/T 3043-2024; conservativeness deducted).
        """
        kg = (self.baseline_kg_per_unit - self.project_kg_per_unit) * quantity
        return int(kg * (1.0 - self.conservativeness) * 1000.0 // 1)
