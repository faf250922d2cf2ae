"""When an e-mail's own date may stand as the day a request was received.

Pure functions returning the reason a date cannot be taken as it is (or None): a message
without a date gives no received day (it is never assumed to be today), and a date more
than a year before today is taken only once the officer confirms it.
"""

from __future__ import annotations

import datetime as dt

from sar_desk.core.deadlines import add_months

OLD_AFTER_MONTHS = 12


def missing_date_reason(received: dt.date | None, filename: str) -> str | None:
    """Why there is no received day yet: the message ``filename`` has no usable date."""
    if received is not None:
        return None
    return (f"{filename} has no Date header, so the day the request was received is not "
            "known. Enter the received date; nothing was created.")


def is_old(received: dt.date, today: dt.date) -> bool:
    """Whether ``received`` is more than a year before ``today``."""
    return received < add_months(today, -OLD_AFTER_MONTHS)[0]


def old_date_reason(received: dt.date, today: dt.date, confirmed: bool, filename: str
                    ) -> str | None:
    """Why a received day more than a year old is not taken without the officer's say-so."""
    if confirmed or not is_old(received, today):
        return None
    return (f"{filename} is dated {received.day} {received:%B %Y}, more than a year ago. "
            "Confirm that this is the day the request was received, or enter the right "
            "date; nothing was created.")
