"""Printed percentages: rounding rules, consistency with counts, and feasible denominators.

A printed percentage is a rounded value of ``100 * x / n``. Which ``x`` and ``n`` can
produce it depends on the rounding rule and on the number of decimals printed, so
every function here works with exact arithmetic (integers and :class:`fractions.Fraction`)
rather than floating point: ``1/8 = 12.5 %`` is exactly a tie, and a float
representation must not decide on which side of it the value falls.

Rules (``ROUNDING_RULES``):

* ``half_up`` — ties go away from zero (12.5 -> 13), the school rule and the rule of
  most spreadsheet formats;
* ``half_even`` — ties go to the even neighbour (12.5 -> 12; IEEE 754 default,
  Python's ``round``);
* ``truncate`` — the decimals are cut off (12.9 -> 12).

Percentages printed as approximate ("ca", "cirka") are matched with a tolerance in
percentage points (:data:`APPROX_TOLERANCE_PP`) around the rounded value, never as if
they were exact.

The reconstruction of denominators from rounded percentages alone follows the idea of
the GRIM test (Brown & Heathers 2017, *Social Psychological and Personality Science*
8:363-369): a mean or share printed with ``d`` decimals is possible only for some
sample sizes; here all of a question's percentages must be reproduced at once by
integer counts out of the same ``n``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction

from dialogstats.errors import ParameterError, UnknownNameError

ROUNDING_RULES: tuple[str, ...] = ("half_up", "half_even", "truncate")
DEFAULT_RULE = "half_up"

#: Tolerance, in percentage points, for a percentage printed as approximate ("ca 43 %"):
#: the rounded share may differ from the printed value by at most this much.
APPROX_TOLERANCE_PP: float = 1.0

#: Largest denominator tried when reconstructing ``n`` from percentages alone.
MAX_DENOMINATOR: int = 100


def check_rule(rule: str) -> str:
    """Return ``rule`` if it is one of :data:`ROUNDING_RULES`, else raise :class:`UnknownNameError`."""
    if rule not in ROUNDING_RULES:
        raise UnknownNameError("rounding rule", rule, ROUNDING_RULES)
    return rule


def _check_rules(rules: str | Iterable[str]) -> tuple[str, ...]:
    if isinstance(rules, str):
        rules = (rules,)
    checked = tuple(check_rule(r) for r in rules)
    if not checked:
        raise ParameterError("at least one rounding rule is needed")
    return checked


def _check_count(x: int, n: int) -> None:
    if isinstance(x, bool) or isinstance(n, bool) or int(x) != x or int(n) != n:
        raise ParameterError(f"count and denominator must be integers (got x={x!r}, n={n!r})")
    if n <= 0:
        raise ParameterError(f"denominator must be positive (got n={n}); a percentage of 0 people is undefined")
    if x < 0 or x > n:
        raise ParameterError(f"count must lie in 0..n (got x={x}, n={n})")


def _check_decimals(decimals: int) -> int:
    if isinstance(decimals, bool) or int(decimals) != decimals or decimals < 0:
        raise ParameterError(f"decimals must be a non-negative integer (got {decimals!r})")
    return int(decimals)


def printed_decimals(percent: float | str) -> int:
    """Number of decimals with which a percentage was printed (``28`` -> 0, ``12.5`` -> 1).

    Floats are read through their shortest decimal representation, so ``28.0`` counts as
    printed without decimals: the raw data store numbers, not their typography.
    """
    text = str(percent) if isinstance(percent, str) else repr(float(percent))
    exponent = Decimal(text).normalize().as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def _as_fraction(value: float | str | Fraction) -> Fraction:
    if isinstance(value, Fraction):
        return value
    return Fraction(Decimal(str(value) if isinstance(value, str) else repr(float(value))))


def _rounded_units(x: int, n: int, rule: str, decimals: int) -> int:
    """``100 * x / n`` rounded under ``rule``, in units of the last printed decimal (exact integer arithmetic)."""
    whole, rest = divmod(100 * x * 10**decimals, n)
    if rule == "half_up":
        whole += 2 * rest >= n
    elif rule == "half_even":
        whole += 2 * rest > n or (2 * rest == n and whole % 2 == 1)
    return whole


def round_percent(x: int, n: int, rule: str = DEFAULT_RULE, decimals: int = 0) -> float:
    """Percentage ``100 * x / n`` rounded to ``decimals`` decimals under ``rule``, computed exactly.

    ``x = 0`` gives 0 and ``x = n`` gives 100 under every rule; ``n = 0`` raises
    :class:`ParameterError` (a share of nobody is undefined).
    """
    check_rule(rule)
    _check_count(x, n)
    d = _check_decimals(decimals)
    return float(Fraction(_rounded_units(int(x), int(n), rule, d), 10**d))


def percent_consistent(
    reported: float,
    x: int,
    n: int,
    rule: str = DEFAULT_RULE,
    decimals: int | None = None,
    tolerance: float = 0.0,
) -> bool:
    """Whether a printed percentage can be ``x`` of ``n`` rounded under ``rule``.

    ``decimals`` defaults to the printed number of decimals of ``reported``
    (:func:`printed_decimals`). ``tolerance`` (percentage points, default 0) widens
    the match for percentages printed as approximate.
    """
    check_rule(rule)
    _check_count(x, n)
    if tolerance < 0:
        raise ParameterError(f"tolerance must be non-negative (got {tolerance})")
    d = printed_decimals(reported) if decimals is None else _check_decimals(decimals)
    rounded = Fraction(_rounded_units(int(x), int(n), rule, d), 10**d)
    return abs(rounded - _as_fraction(reported)) <= _as_fraction(tolerance)


def consistent_rules(
    reported: float, x: int, n: int, decimals: int | None = None, tolerance: float = 0.0
) -> tuple[str, ...]:
    """The rounding rules (in the order of :data:`ROUNDING_RULES`) under which ``reported`` is ``x`` of ``n``."""
    return tuple(r for r in ROUNDING_RULES if percent_consistent(reported, x, n, r, decimals, tolerance))


def feasible_counts(
    percent: float, n: int, rule: str = DEFAULT_RULE, decimals: int | None = None, tolerance: float = 0.0
) -> list[int]:
    """All counts ``x`` in ``0..n`` whose share of ``n``, rounded under ``rule``, is the printed ``percent``.

    Empty when no count out of ``n`` reproduces it. Only a window of counts around
    ``percent * n / 100`` is examined, since rounding moves a value by less than one
    unit of the last printed decimal (plus ``tolerance``).
    """
    check_rule(rule)
    _check_count(0, n)
    d = printed_decimals(percent) if decimals is None else _check_decimals(decimals)
    return list(_feasible_counts(percent, int(n), rule, d, tolerance))


@functools.lru_cache(maxsize=65536)
def _feasible_counts(percent: float | str, n: int, rule: str, d: int, tolerance: float) -> tuple[int, ...]:
    # Cached because a denominator search asks the same (percent, n, rule) for every candidate
    # rule set and every question that prints the same percentage.
    target = _as_fraction(percent) * 10**d
    tol = _as_fraction(tolerance) * 10**d
    if tol < 0:
        raise ParameterError(f"tolerance must be non-negative (got {tolerance})")
    if target.denominator == 1 and tol.denominator == 1:
        target, tol = target.numerator, tol.numerator
    scale = 100 * 10**d
    low = max(0, (target - 1 - tol) * n // scale - 1)
    high = min(n, -(-(target + 1 + tol) * n // scale) + 1)
    return tuple(x for x in range(low, high + 1) if abs(_rounded_units(x, n, rule, d) - target) <= tol)


def closest_count(percent: float, n: int, tolerance: float = 0.0) -> int | None:
    """The count out of ``n`` that reproduces a printed ``percent`` under any rounding rule,
    nearest to ``percent * n / 100`` (the smaller on a tie); ``None`` when no count does.

    ``tolerance`` (percentage points) admits approximate ("ca") percentages.
    """
    counts = {x for rule in ROUNDING_RULES for x in feasible_counts(percent, n, rule, tolerance=tolerance)}
    if not counts:
        return None
    target = Fraction(percent) * n / 100
    return min(counts, key=lambda x: (abs(x - target), x))


def _sum_reachable(options: Sequence[Sequence[int]], total: int) -> bool:
    reachable = {0}
    for counts in options:
        reachable = {s + c for s in reachable for c in counts if s + c <= total}
        if not reachable:
            return False
    return total in reachable


def denominator_admits(
    percents: Sequence[float],
    n: int,
    rule: str = DEFAULT_RULE,
    decimals: Sequence[int | None] | int | None = None,
    require_sum: bool = False,
    tolerances: Sequence[float] | float = 0.0,
) -> bool:
    """Whether one denominator ``n`` reproduces all ``percents`` at once under ``rule``.

    With ``require_sum`` the counts must moreover add up to ``n`` (a single-choice
    question whose every option is printed).
    """
    k = len(percents)
    decs = list(decimals) if isinstance(decimals, Sequence) else [decimals] * k
    tols = list(tolerances) if isinstance(tolerances, Sequence) else [tolerances] * k
    if len(decs) != k or len(tols) != k:
        raise ParameterError("decimals and tolerances must have one entry per percentage")
    options = []
    for p, d, t in zip(percents, decs, tols, strict=True):
        counts = feasible_counts(p, n, rule, d, t)
        if not counts:
            return False
        options.append(counts)
    return _sum_reachable(options, n) if require_sum else True


def feasible_denominators(
    percents: Sequence[float],
    rules: str | Iterable[str] = ROUNDING_RULES,
    decimals: Sequence[int | None] | int | None = None,
    n_max: int = MAX_DENOMINATOR,
    n_min: int = 1,
    require_sum: bool = False,
    tolerances: Sequence[float] | float = 0.0,
) -> list[int]:
    """Denominators ``n`` in ``n_min..n_max`` for which integer counts reproduce ALL ``percents``.

    A denominator is feasible when, under at least one of ``rules`` (the same rule for
    every percentage of the question), every printed percentage is a rounded share of
    ``n`` (see :func:`denominator_admits`). Returns the sorted list, empty when none is
    feasible. An empty ``percents`` raises :class:`ParameterError` (every ``n`` would do).
    """
    rules_ = _check_rules(rules)
    if len(percents) == 0:
        raise ParameterError("at least one percentage is needed to reconstruct a denominator")
    if n_min < 1 or n_max < n_min:
        raise ParameterError(f"need 1 <= n_min <= n_max (got {n_min}, {n_max})")
    return [
        n
        for n in range(n_min, n_max + 1)
        if any(denominator_admits(percents, n, r, decimals, require_sum, tolerances) for r in rules_)
    ]


def feasible_denominators_by_rule(
    percents: Sequence[float],
    rules: str | Iterable[str] = ROUNDING_RULES,
    decimals: Sequence[int | None] | int | None = None,
    n_max: int = MAX_DENOMINATOR,
    n_min: int = 1,
    require_sum: bool = False,
    tolerances: Sequence[float] | float = 0.0,
) -> dict[str, list[int]]:
    """Like :func:`feasible_denominators`, separately for each rule (keys in the order given)."""
    return {
        r: feasible_denominators(percents, r, decimals, n_max, n_min, require_sum, tolerances)
        for r in _check_rules(rules)
    }
