"""Errors of the use cases (bilingual, like every :class:`~cityclimate.errors.CityClimateError`)."""

from __future__ import annotations

from cityclimate.errors import CityClimateError


class NotFoundError(CityClimateError):
    """The thing asked for does not exist (or the actor may not see it)."""


class ConflictError(CityClimateError):
    """The thing exists but is in a state that forbids the action (e.g. a published version)."""


class AuthenticationError(CityClimateError):
    """Wrong user name or password, or an expired or unknown token."""


class ThrottledError(CityClimateError):
    """Too many failed sign-ins; try again later."""

    def __init__(self, message_zh: str, message_en: str, retry_after_s: int) -> None:
        super().__init__(message_zh, message_en)
        self.retry_after_s = retry_after_s


class PermissionDeniedError(CityClimateError):
    """The actor's role may not do this."""
