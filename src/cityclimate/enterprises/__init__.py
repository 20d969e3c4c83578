"""Key enterprises: registry, ledgers, emission reports, workflow, ETS, credit, disclosure (pure core).

Key enterprises keep monthly ledgers; their annual emission report is computed by the same
inventory engine as the district inventory; reports move draft → submitted → verified →
accepted (or returned); ETS enterprises get allowances and surrender them; carbon compliance
feeds the environmental-credit rating; accepted reports are disclosed; and enterprise totals
are reconciled with the district inventory. Nothing here touches a database: every step takes
data and returns data (and, for workflow steps, the audit record to store).

>>> from cityclimate.enterprises import check_uscc
>>> check_uscc("91500000MA5U000111").valid
True

The illustrative Liangjiang enterprises live with the demo (``demo/enterprises.py``).
"""

from cityclimate.enterprises.codes import (
    CodeCheck,
    check_uscc,
    organisation_check_character,
    uscc_check_character,
)
from cityclimate.enterprises.compliance import (
    ComplianceOverview,
    CompliancePack,
    build_pack,
    compliance_overview,
    disclosure_forms,
    ets_and_pue,
    pack_from_json,
    pack_to_json,
)
from cityclimate.enterprises.credit import CreditInput, CreditScore, joint_lists, score_credit
from cityclimate.enterprises.disclosure import DisclosureForm, disclosure_form, missing_fields
from cityclimate.enterprises.ets import (
    AllocationLine,
    EtsAccount,
    allocate,
    covered_emissions_t,
    district_ets_view,
    ets_account,
)
from cityclimate.enterprises.ledgers import LEDGER_FIELDS, file_ledger, validate_ledger
from cityclimate.enterprises.model import (
    Actor,
    AuditRecord,
    Enterprise,
    EnterpriseAccessError,
    Filing,
    FilingStatus,
    Role,
    WorkflowError,
)
from cityclimate.enterprises.reconciliation import Reconciliation, reconcile
from cityclimate.enterprises.registry import (
    accept_failing_code,
    existed_in,
    register,
    require_access,
    visible_enterprises,
)
from cityclimate.enterprises.reports import PueCheck, check_pue, emission_report, report_totals
from cityclimate.enterprises.workflow import (
    TRANSITIONS,
    Obligation,
    amend,
    correct,
    new_filing,
    obligations,
    overdue,
    reminders,
    step,
)

__all__ = [
    "LEDGER_FIELDS",
    "TRANSITIONS",
    "Actor",
    "AllocationLine",
    "AuditRecord",
    "CodeCheck",
    "ComplianceOverview",
    "CompliancePack",
    "CreditInput",
    "CreditScore",
    "DisclosureForm",
    "Enterprise",
    "EnterpriseAccessError",
    "EtsAccount",
    "Filing",
    "FilingStatus",
    "Obligation",
    "PueCheck",
    "Reconciliation",
    "Role",
    "WorkflowError",
    "accept_failing_code",
    "allocate",
    "amend",
    "build_pack",
    "check_pue",
    "check_uscc",
    "compliance_overview",
    "correct",
    "covered_emissions_t",
    "disclosure_form",
    "disclosure_forms",
    "district_ets_view",
    "emission_report",
    "ets_account",
    "ets_and_pue",
    "existed_in",
    "file_ledger",
    "joint_lists",
    "missing_fields",
    "new_filing",
    "obligations",
    "organisation_check_character",
    "overdue",
    "pack_from_json",
    "pack_to_json",
    "reconcile",
    "register",
    "reminders",
    "report_totals",
    "require_access",
    "score_credit",
    "step",
    "uscc_check_character",
    "validate_ledger",
    "visible_enterprises",
]
