"""Every value the command line accepts is well defined in every table that uses it.

Here the functions behind the notebooks are called with every interval method at extreme
confidence levels, and the command line's offer is compared with what the package defines; one
representative run of the real notebooks with an exact method, another level and Swedish labels
is in ``tests/integration/test_add_dialogue.py``.
"""

from __future__ import annotations

import warnings

import pytest

from dialogstats import cli, paths
from dialogstats.analysis import bounds, claims, shares
from dialogstats.checks import LANGUAGES
from dialogstats.data.rawdata import load_raw
from dialogstats.stats.intervals import METHODS

LEVELS = (0.01, 0.999)


@pytest.fixture(scope="module")
def raw():
    return load_raw(paths.RAW)


def test_command_line_offers_exactly_the_package_methods_and_languages() -> None:
    assert cli.CI_METHODS == METHODS
    help_text = cli.build_parser()._subparsers._group_actions[0].choices["run"].format_help()  # noqa: SLF001
    assert ", ".join(METHODS) in " ".join(help_text.split())
    assert ", ".join(LANGUAGES) in help_text


@pytest.mark.parametrize("confidence", LEVELS)
@pytest.mark.parametrize("method", METHODS)
def test_bounds_and_design_effect_are_defined_for_every_method_and_level(raw, method: str, confidence: float) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = bounds.build_bounds(raw, "riktningsmote", confidence, method)
        design = bounds.build_design_effect(raw, confidence, method)
    assert not table.empty and set(table["method"]) == {method} and set(table["confidence"]) == {confidence}
    assert (table["manski_low"] <= table["fpc_low"]).all() and (table["fpc_high"] <= table["manski_high"]).all()
    assert set(design["method"]) == {method} and set(design["confidence"]) == {confidence}
    assert ((0 <= design["ci_low"]) & (design["ci_low"] <= design["ci_high"]) & (design["ci_high"] <= 1)).all()
    assert (design["cluster_size"] <= design["n"]).all() and (design["n_effective"] >= bounds.MIN_EFFECTIVE_N).all()


# Claims are slow to assess (each claim's intervals and tests); one exact and one approximate method
# at opposite extremes represent the others, which share the interval code checked above.
@pytest.mark.parametrize(("method", "confidence"), [("blaker", 0.999), ("wald", 0.01)])
def test_claims_are_defined_at_extreme_levels(raw, method: str, confidence: float) -> None:
    assessed = claims.assess_claims(raw, confidence=confidence, method=method)
    assert set(assessed["method"]) == {method} and set(assessed["confidence"]) == {confidence}


@pytest.mark.parametrize("confidence", (0.01, 0.999))
def test_shares_hold_every_method_at_extreme_levels(raw, confidence: float) -> None:
    table = shares.build_shares(raw, "hossoc", confidence=confidence)
    assert set(METHODS) <= set(table["method"])
    assert ((0 <= table["ci_low"]) & (table["ci_low"] <= table["ci_high"]) & (table["ci_high"] <= 1)).all()
