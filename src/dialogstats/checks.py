"""One home for the argument checks every layer uses: names, confidence levels, languages, counts.

Each check returns the value it accepts (normalised: a float confidence, an int count) and
raises a :mod:`dialogstats.errors` exception whose message says what is wrong and, for names,
lists the valid ones. Lists of valid method names live with their methods
(``dialogstats.stats.intervals.METHODS`` and the like) and are checked with :func:`check_name`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from numbers import Integral, Real

from dialogstats.errors import ParameterError, UnknownNameError

#: Languages of labels, captions, summaries and documents.
LANGUAGES: tuple[str, ...] = ("en", "sv")
DEFAULT_LANG = "en"

#: Identifiers (dialogue ids, group ids, task names) become file and folder names: no dots, no slashes.
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


def check_name(value: object, valid: Sequence[str], what: str) -> str:
    """Return ``value`` if it is one of ``valid``, else raise UnknownNameError listing them."""
    if not isinstance(value, str) or value not in valid:
        raise UnknownNameError(what, value, valid)
    return value


def check_lang(value: object) -> str:
    """Return ``value`` if it is one of :data:`LANGUAGES` (``en``, ``sv``), else raise UnknownNameError."""
    return check_name(value, LANGUAGES, "language")


def check_confidence(value: object) -> float:
    """Return the confidence level as a float if ``0 < value < 1``, else raise ParameterError."""
    if isinstance(value, bool) or not isinstance(value, Real) or not 0.0 < float(value) < 1.0:
        raise ParameterError(f"confidence must be a number strictly between 0 and 1 (e.g. 0.95), got {value!r}")
    return float(value)


def is_integral(value: object) -> bool:
    """True if ``value`` is an integer or a finite float with no fractional part (never for a bool)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, Integral):
        return True
    return isinstance(value, Real) and math.isfinite(float(value)) and float(value).is_integer()


def check_whole(value: object, name: str, minimum: int = 0) -> int:
    """Return ``value`` as an int if it is a whole number of at least ``minimum``, else raise ParameterError."""
    if not is_integral(value) or int(value) < minimum:  # type: ignore[call-overload]
        raise ParameterError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    return int(value)  # type: ignore[call-overload]


def check_count(x: object, n: object, x_name: str = "x", n_name: str = "n") -> tuple[int, int]:
    """Return ``(x, n)`` as ints for a count out of a denominator: ``n >= 1`` and ``0 <= x <= n``."""
    count = check_whole(x, x_name, 0)
    size = check_whole(n, n_name, 1)
    if count > size:
        raise ParameterError(f"{x_name} ({count}) must not exceed {n_name} ({size})")
    return count, size


def check_identifier(value: object, what: str = "identifier") -> str:
    """Return ``value`` if it is a safe identifier (``^[a-z][a-z0-9_]*$``), else raise ParameterError."""
    if not isinstance(value, str) or not re.fullmatch(ID_PATTERN, value):
        raise ParameterError(
            f"{what} {value!r} is not a valid identifier: use lower-case ASCII letters, digits and '_', "
            "starting with a letter (it becomes part of file names)"
        )
    return value
