"""Enterprise reporting on the platform (issue 8): registry, bindings, ledgers, the report
workflow, the office's compliance overview and the public disclosure forms.

Who may do what is decided twice: routes allow platform roles, and every use case here maps the
platform's actor to the core's :class:`cityclimate.enterprises.Actor` (with the enterprises it is
bound to) and lets the core's :func:`~cityclimate.enterprises.require_access` and workflow decide
(:mod:`.access`).

- ``admin`` / ``climate_office`` → the core's admin / climate office (every enterprise);
- ``enterprise`` bound to one enterprise (``enterprise_members``) → its own enterprise only;
- ``public`` with verifier engagements (``verifier_engagements``) → a third-party verifier of
  those enterprises (read, verify or return; nothing else);
- anyone else → the public: nothing but published disclosure forms.

Another enterprise's data answers "not found" (404), never revealing that it exists.

One module per use case: :mod:`.registry`, :mod:`.ledgers`, :mod:`.reports` (the workflow),
:mod:`.overview` (the office's compliance overview), :mod:`.cycles` (what the office enters
for a compliance year: ETS allocation inputs, surrender, findings), :mod:`.disclosure`, :mod:`.demo`.
"""

from cityclimate.services.enterprises.access import ACTIONS, KINDS, NOTICE, core_actor
from cityclimate.services.enterprises.cycles import (
    cycle_view,
    set_allocation_inputs,
    update_compliance_record,
)
from cityclimate.services.enterprises.disclosure import disclosures
from cityclimate.services.enterprises.ledgers import (
    file_ledgers,
    ledger_view,
    list_ledgers,
)
from cityclimate.services.enterprises.overview import compliance
from cityclimate.services.enterprises.packs import load_compliance_pack
from cityclimate.services.enterprises.registry import (
    bind_member,
    bindings,
    engage_verifier,
    enterprise_of,
    enterprise_view,
    get_enterprise,
    list_enterprises,
    register_enterprise,
)
from cityclimate.services.enterprises.reports import (
    allowed_actions,
    correct_report,
    deadlines,
    filing_view,
    get_filing,
    list_filings,
    prepare_report,
    step_report,
)

__all__ = [
    "ACTIONS",
    "KINDS",
    "NOTICE",
    "allowed_actions",
    "bind_member",
    "bindings",
    "compliance",
    "core_actor",
    "correct_report",
    "cycle_view",
    "deadlines",
    "disclosures",
    "engage_verifier",
    "enterprise_of",
    "enterprise_view",
    "file_ledgers",
    "filing_view",
    "get_enterprise",
    "get_filing",
    "ledger_view",
    "list_enterprises",
    "list_filings",
    "list_ledgers",
    "load_compliance_pack",
    "prepare_report",
    "register_enterprise",
    "set_allocation_inputs",
    "step_report",
    "update_compliance_record",
]
