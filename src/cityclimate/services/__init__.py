"""Use cases: load from storage, call the core, save, audit. The only join of storage and core.

Every function takes a SQLAlchemy session (one unit of work, opened by the caller with
:func:`cityclimate.storage.transaction`) and, for writes, the :class:`Actor` who acts; every
write adds an audit entry in the same transaction, so a write and its audit entry exist together
or not at all.
"""

from cityclimate.services.actors import Actor

__all__ = ["Actor"]
