"""Checks of notebook parameters: names, types, allowed values and paths, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogstats.errors import ParameterError, UnknownNameError
from dialogstats.checks import check_confidence, check_identifier, check_lang
from dialogstats.stats.intervals import check_method
from dialogstats.workflow.parameters import (
    check_inside,
    check_notebook_parameters,
    notebook_parameters,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks"
WRITE_ROWS = FIXTURES / "write_rows.ipynb"

DIALOGUE_DECLARED = {
    "dialogue_id": "arbetsmote",
    "confidence": 0.95,
    "ci_method": "wilson",
    "lang": "en",
    "raw_dir": "",
    "output_dir": "",
    "figures_dir": "",
}


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    processed = tmp_path / "processed"
    staging = processed / "by_dialogue" / "skolchef"
    raw = tmp_path / "raw"
    for folder in (staging, raw):
        folder.mkdir(parents=True)
    return {"processed": processed, "staging": staging, "raw": raw}


def dialogue_parameters(folders: dict[str, Path], **changes: object) -> dict[str, object]:
    values = {
        "dialogue_id": "skolchef",
        "confidence": 0.9,
        "ci_method": "jeffreys",
        "lang": "sv",
        "raw_dir": str(folders["raw"]),
        "output_dir": str(folders["staging"] / "tables"),
        "figures_dir": str(folders["staging"] / "figures"),
    }
    values.update(changes)
    return values


def check(folders: dict[str, Path], **changes: object) -> dict[str, object]:
    return check_notebook_parameters(
        Path("dialogue.ipynb"),
        dialogue_parameters(folders, **changes),
        processed_dir=folders["processed"],
        dialogues=["arbetsmote", "skolchef"],
        declared=DIALOGUE_DECLARED,
    )


def test_notebook_parameters_reads_names_and_defaults_from_the_parameters_cell() -> None:
    assert notebook_parameters(WRITE_ROWS) == {"label": "a", "raw_dir": "", "output_dir": "", "figures_dir": ""}


def test_valid_dialogue_parameters_pass(folders: dict[str, Path]) -> None:
    checked = check(folders)
    assert checked["dialogue_id"] == "skolchef" and checked["ci_method"] == "jeffreys"


def test_unknown_parameter_name_is_refused_with_the_valid_names(folders: dict[str, Path]) -> None:
    with pytest.raises(UnknownNameError) as info:
        check(folders, alpha=0.05)
    message = str(info.value)
    assert "'alpha'" in message
    assert "ci_method, confidence, dialogue_id, figures_dir, lang, output_dir, raw_dir" in message


def test_missing_parameter_is_refused_by_name(folders: dict[str, Path]) -> None:
    parameters = dialogue_parameters(folders)
    del parameters["lang"]
    with pytest.raises(ParameterError, match="lang"):
        check_notebook_parameters(
            Path("dialogue.ipynb"), parameters, processed_dir=folders["processed"], declared=DIALOGUE_DECLARED
        )


def test_unknown_name_is_found_by_inspecting_a_real_notebook(folders: dict[str, Path]) -> None:
    with pytest.raises(UnknownNameError, match="valid: figures_dir, label, output_dir, raw_dir"):
        check_notebook_parameters(
            WRITE_ROWS,
            {"label": "a", "colour": "red", "raw_dir": str(folders["raw"]),
             "output_dir": str(folders["staging"]), "figures_dir": str(folders["staging"])},
            processed_dir=folders["processed"],
        )


def test_notebook_without_parameters_cell_is_refused(folders: dict[str, Path]) -> None:
    with pytest.raises(ParameterError, match="no cell tagged 'parameters'"):
        check_notebook_parameters(FIXTURES / "no_parameters.ipynb", {}, processed_dir=folders["processed"])


def test_value_of_the_wrong_type_is_refused(folders: dict[str, Path]) -> None:
    with pytest.raises(ParameterError, match="confidence .* must be of type float"):
        check(folders, confidence="0.95")


def test_integer_is_accepted_where_the_default_is_a_float() -> None:
    checked = check_notebook_parameters(
        Path("timed.ipynb"), {"pause": 1}, processed_dir=Path("/"), declared={"pause": 1.0}
    )
    assert checked == {"pause": 1}


def test_boolean_is_not_taken_for_a_number(folders: dict[str, Path]) -> None:
    with pytest.raises(ParameterError):
        check(folders, confidence=True)


def test_unknown_dialogue_is_refused_with_the_valid_dialogues(folders: dict[str, Path]) -> None:
    with pytest.raises(UnknownNameError, match="unknown dialogue 'nav'; valid: arbetsmote, skolchef"):
        check(folders, dialogue_id="nav")


@pytest.mark.parametrize("unsafe", ["../x", "a/b", "Arbetsmote", "1st", "", "x.y"])
def test_dialogue_id_that_could_leave_its_folder_is_refused(folders: dict[str, Path], unsafe: str) -> None:
    with pytest.raises(ParameterError, match="not a valid identifier"):
        check(folders, dialogue_id=unsafe)


def test_output_folder_outside_the_processed_folder_is_refused(folders: dict[str, Path]) -> None:
    escaping = str(folders["processed"] / ".staging" / ".." / ".." / "elsewhere")
    with pytest.raises(ParameterError, match="outside"):
        check(folders, output_dir=escaping)


def test_relative_output_folder_is_refused(folders: dict[str, Path]) -> None:
    with pytest.raises(ParameterError, match="absolute"):
        check(folders, figures_dir="../x")


def test_raw_folder_must_exist(folders: dict[str, Path]) -> None:
    with pytest.raises(ParameterError, match="existing folder"):
        check(folders, raw_dir=str(folders["raw"] / "missing"))


def test_unknown_interval_method_lists_the_methods() -> None:
    with pytest.raises(UnknownNameError, match="valid: wilson, blaker, jeffreys"):
        check_method("exact")


def test_unknown_language_lists_en_and_sv() -> None:
    with pytest.raises(UnknownNameError, match="valid: en, sv"):
        check_lang("de")


@pytest.mark.parametrize("bad", [0, 1, 1.5, -0.1, True, "0.95", None])
def test_confidence_must_lie_strictly_between_0_and_1(bad: object) -> None:
    with pytest.raises(ParameterError, match="between 0 and 1"):
        check_confidence(bad)


def test_confidence_in_range_is_returned_as_float() -> None:
    assert check_confidence(0.8) == 0.8


def test_identifier_of_lower_case_letters_digits_and_underscores_passes() -> None:
    assert check_identifier("kultur_bildning2") == "kultur_bildning2"


def test_task_folder_under_the_processed_folder_is_inside(folders: dict[str, Path]) -> None:
    assert check_inside(str(folders["staging"]), folders["processed"], "output_dir") == folders["staging"].resolve()
