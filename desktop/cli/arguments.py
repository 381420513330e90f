"""Argument types for numbers: a value out of range is a usage error naming the range, before any file is
opened, never an overflow deep inside a command."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from models.bounds import EARLIEST_DAY, LATEST_DAY


def whole_number(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text[:20]} is out of range ({low} to {high})")
        return value
    return parse


def share(text: str) -> float:
    """A share between 0 and 1 (0.2 for 20%); nan and infinities are refused."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a number") from None
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text[:20]} is out of range (0 to 1, e.g. 0.2 for 20%)")
    return value


year = whole_number(EARLIEST_DAY.year, LATEST_DAY.year)
