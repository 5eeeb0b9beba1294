"""Which verdicts hinge on the method, the level or the design effect: on hand-made grids."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from dialogstats.errors import ParameterError
from dialogstats.report import robustness

METHODS, LEVELS, ICCS = ("wilson", "blaker", "jeffreys"), (0.90, 0.95, 0.99), (0.0, 0.05, 0.1)


def grid(verdict_of) -> pd.DataFrame:
    """Every cell of the grid for claims a, b, c, d with ``verdict_of(claim, method, level, icc)``."""
    rows = [(c, m, lv, i, verdict_of(c, m, lv, i)) for c in "abcd" for m, lv, i in itertools.product(METHODS, LEVELS, ICCS)]
    return pd.DataFrame(rows, columns=list(robustness.ROBUSTNESS_COLUMNS))


def verdicts(claim, method, level, icc) -> str:
    if claim == "b" and method == "blaker":
        return "not_supported_at_this_n"
    if claim == "c" and level == 0.99:
        return "not_supported_at_this_n"
    if claim == "d" and level == 0.99 and icc == 0.1:  # only the combination moves d
        return "not_supported_at_this_n"
    return "supported"


def test_a_claim_hinges_on_the_factor_that_alone_changes_its_verdict():
    run = dict.fromkeys("abcd", "supported")
    found = {h.claim_id: h for h in robustness.hinges(grid(verdicts), run, "wilson", 0.95)}
    assert set(found) == {"b", "c", "d"}
    assert found["b"].methods == ("blaker",) and not found["b"].levels and not found["b"].iccs
    assert found["c"].levels == (0.99,) and not found["c"].methods and not found["c"].iccs
    assert found["d"].combination_only and found["d"].others == ("not_supported_at_this_n",)


def test_the_run_verdict_is_the_reference_even_when_the_grid_is_uniform():
    run = {"a": "not_supported_at_this_n", "b": "supported", "c": "supported", "d": "supported"}
    found = robustness.hinges(grid(lambda *_: "supported"), run, "wilson", 0.95)
    assert [h.claim_id for h in found] == ["a"]


def test_a_grid_that_names_an_unknown_claim_or_lacks_a_column_is_refused():
    with pytest.raises(ParameterError, match="lacks"):
        robustness.hinges(grid(verdicts), {"a": "supported"}, "wilson", 0.95)
    with pytest.raises(ParameterError, match="icc"):
        robustness.hinges(grid(verdicts).drop(columns="icc"), {}, "wilson", 0.95)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_text_counts_the_robust_verdicts_and_tables_the_others(lang, tmp_path):
    from dialogstats.report.outputs import ProcessedOutputs

    claims = pd.DataFrame({"claim_id": list("abcd"), "verdict": ["supported"] * 4, "method": "wilson",
                           "confidence": 0.95, "label_en": ["A one", "B two", "C three", "D four"],
                           "label_sv": ["A ett", "B två", "C tre", "D fyra"]})
    (tmp_path / "manifest.json").write_text('{"parameters": {"ci_method": "wilson", "confidence": 0.95}}')
    outputs = ProcessedOutputs(processed_dir=tmp_path)
    outputs._tables.update({"claims.csv": claims, "claims_robustness.csv": grid(verdicts)})
    text = robustness.robustness_text(outputs, lang)
    assert ("1 of the 4 verdicts" if lang == "en" else "1 av de 4 bedömningarna") in text
    assert ("90 %, 95 % och 99 %" if lang == "sv" else "90%, 95% and 99%") in text
    assert ("B two" if lang == "en" else "B två") in text and "tbl-robustness" in text
    assert "not_supported" not in text and "blaker" not in text


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_every_kind_of_claim_has_a_name_in_words(lang):
    from dialogstats.analysis.claims import CHECKS
    from dialogstats.report import labels

    names = [labels.claim_check_name(c, lang) for c in CHECKS]
    assert all(names) and len(set(names)) == len(CHECKS) and not any("_" in n for n in names)
