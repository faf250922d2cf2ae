"""The rights a data-subject request can exercise.

Kept on its own so the case values (:mod:`sar_desk.core.entities`) and the rights' own
records (:mod:`sar_desk.core.rights`) can both build on it.
"""

from __future__ import annotations

from enum import StrEnum


class RequestType(StrEnum):
    """The data-subject right a request exercises (UK GDPR article in the comment)."""

    ACCESS = "access"  # Art. 15
    RECTIFICATION = "rectification"  # Art. 16
    ERASURE = "erasure"  # Art. 17
    RESTRICTION = "restriction"  # Art. 18
    PORTABILITY = "portability"  # Art. 20
    OBJECTION = "objection"  # Art. 21
