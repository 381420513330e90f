"""The ranges dates from outside must fall in: a command line, a form or a package.

A date far from today is a typing slip or a forged value, and one near the calendar's end overflows as soon
as days are added to it (a letter's due date): refused with a message naming it, never an internal error.
"""

from __future__ import annotations

from datetime import date

from models.errors import FieldworkError
from models.untrusted import printable

EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)


def plausible_day(day: date, what: str) -> date:
    """day, if it lies in this century; else a FieldworkError naming what it is."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise FieldworkError(f"The {what} {day.isoformat()} is out of range: give a date between "
                             f"{EARLIEST_DAY.isoformat()} and {LATEST_DAY.isoformat()}.")
    return day


def iso_day(text: object, what: str) -> date:
    """A YYYY-MM-DD text as a plausible date."""
    if not isinstance(text, str):
        raise FieldworkError(f"The {what} is not a date (YYYY-MM-DD).")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise FieldworkError(f"The {what} '{printable(text, 40)}' is not a date (YYYY-MM-DD).") from None
    return plausible_day(day, what)
