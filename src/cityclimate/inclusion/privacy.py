"""Personal information by design (PIPL): pseudonyms, separate consents, retention, the
processing record and its impact assessment.

- A resident is known to the platform by a pseudonym, an HMAC of the operator's account id with
  a secret key that never leaves the platform's settings; the events carry only the pseudonym.
- Location-derived data (trips with distances) is sensitive personal information (PIPL Art. 28)
  and needs a separate consent (单独同意, Art. 29) apart from taking part at all.
- Only what a method needs is kept: mode, distance, duration, date and source; never tracks.
- Events are deleted after :data:`EVENT_RETENTION_MONTHS`; the ledger keeps only pseudonymous
  monthly totals, and deleting an account removes its events, consents and the link between the
  pseudonym and the person.

>>> pseudonym(b"secret", "metro-card-1") == pseudonym(b"secret", "metro-card-1")
True
>>> pseudonym(b"secret", "metro-card-1").startswith("r-")
True
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from cityclimate.text import Text

#: Kinds of consent; ``location`` is the separate consent for location-derived data.
CONSENTS: dict[str, Text] = {
    "participation": Text("参加碳普惠", "taking part in carbon inclusion"),
    "location": Text(
        "处理出行位置衍生信息（单独同意）", "location-derived trip data (separate consent)"
    ),
}
#: Months trip events are kept after the month they happened in.
EVENT_RETENTION_MONTHS = 13

#: The processing record and impact assessment (PIPL Art. 55–56): what is processed, why, how long.
PROCESSING_RECORD: tuple[tuple[Text, Text, Text], ...] = (
    (Text("出行方式、距离、时长、日期、来源", "mode, distance, duration, date, source"),
     Text("按方法学计算减排量和积分", "compute reductions and points by the methodology"),
     Text(f"{EVENT_RETENTION_MONTHS} 个月", f"{EVENT_RETENTION_MONTHS} months")),
    (Text("假名账户（不含姓名、手机号）", "pseudonymous account (no name, no phone)"),
     Text("记账、兑换、本人查询和导出", "ledger, redemption, own view and export"),
     Text("至本人注销", "until the resident deletes it")),
    (Text("同意记录", "consent records"),
     Text("证明单独同意", "prove the separate consent"),
     Text("至本人注销", "until the resident deletes it")),
    (Text("不收集：原始轨迹、精确位置", "not collected: raw tracks, exact places"),
     Text("最小必要原则", "data minimisation"), Text("—", "—")),
)  # fmt: skip


def pseudonym(secret: bytes, external_id: str) -> str:
    """The resident's pseudonym: ``r-`` and 20 hex digits of HMAC-SHA256(secret, external id)."""
    digest = hmac.new(secret, external_id.strip().encode(), hashlib.sha256).hexdigest()
    return f"r-{digest[:20]}"


def retention_cutoff(as_of: date, months: int = EVENT_RETENTION_MONTHS) -> date:
    """The first day of the oldest month still kept on ``as_of`` (older events are deleted)."""
    index = as_of.year * 12 + as_of.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)
