"""A territory's climate plan as data: the plan pack (issue 12).

- :mod:`~cityclimate.planpack.model`: the types (:class:`PlanPack` and its parts) and the
  pack's file names.
- :mod:`~cityclimate.planpack.read`: file contents → :class:`PlanPack`, all or nothing,
  every problem located.
- :mod:`~cityclimate.planpack.write`: :class:`PlanPack` → file contents.

Pure: no files, no database. Folders and zip archives are read in
:mod:`cityclimate.io.plan_pack_files`; stored plans live in :mod:`cityclimate.services.plans`.
"""

from cityclimate.planpack.model import Department, DepartmentKind, PlanHeader, PlanPack
from cityclimate.planpack.read import parse_plan_pack
from cityclimate.planpack.write import write_plan_pack

__all__ = [
    "Department",
    "DepartmentKind",
    "PlanHeader",
    "PlanPack",
    "parse_plan_pack",
    "write_plan_pack",
]
