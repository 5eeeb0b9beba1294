"""The tables workbook: sheets, headers in the workbook's language, labels not ids, numbers as numbers, same bytes."""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from scipy.stats import norm

from dialogstats.errors import UnknownNameError
from dialogstats.report import labels, workbook
from dialogstats.report.outputs import MissingOutputError, ProcessedOutputs

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good"

SHEETS = {
    "en": ["About these tables", "Shares", "Checks of the figures", "Claims", "Comparisons", "Nonresponse bounds"],
    "sv": ["Om tabellerna", "Andelar", "Kontroller av siffrorna", "Påståenden", "Jämförelser", "Bortfallsgränser"],
}
SHARES_HEADERS = {
    "en": ["Dialogue", "Group", "Question", "Option", "Count", "n", "Share", "Interval, lower limit",
           "Interval, upper limit", "Share of"],
    "sv": ["Dialog", "Grupp", "Fråga", "Svarsalternativ", "Antal", "n", "Andel", "Intervall, nedre gräns",
           "Intervall, övre gräns", "Andel av"],
}


def wilson(x: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson (1927) score interval in closed form, written out here as the independent reference."""
    z = norm.ppf(0.5 + confidence / 2)
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


@pytest.fixture(scope="module")
def books(tmp_path_factory, small_processed) -> dict[str, openpyxl.Workbook]:
    out = tmp_path_factory.mktemp("books")
    outputs = ProcessedOutputs(processed_dir=small_processed, raw_dir=GOOD)
    return {lang: openpyxl.load_workbook(workbook.write_workbook(outputs, lang, out / workbook.FILE_NAMES[lang]))
            for lang in ("en", "sv")}


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def table(ws) -> pd.DataFrame:
    header, *body = rows(ws)
    return pd.DataFrame(body, columns=header)


def text_cells(book) -> list[tuple[str, str]]:
    return [(ws.title, c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def edited(small_processed: Path, tmp_path: Path, **tables: pd.DataFrame) -> ProcessedOutputs:
    """A copy of the small processed folder with some tables replaced."""
    target = tmp_path / "processed"
    shutil.copytree(small_processed, target)
    for name, frame in tables.items():
        frame.to_csv(target / f"{name}.csv", index=False)
    return ProcessedOutputs(processed_dir=target, raw_dir=GOOD)


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_sheets_in_order_with_headers_in_the_workbooks_language(books, lang):
    book = books[lang]
    assert book.sheetnames == SHEETS[lang]
    assert list(rows(book[SHEETS[lang][1]])[0]) == SHARES_HEADERS[lang]
    for ws in book.worksheets[1:]:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=ws.max_column).column_letter}{ws.max_row}"


def test_shares_are_numbers_with_a_percentage_format_from_the_runs_method(books, small_processed):
    ws = books["en"]["Shares"]
    shares = table(ws)
    yes = shares[(shares["Question"] == "Strategy supports work") & (shares["Option"] == "Yes")]
    assert len(yes) == 1, "one row per option: only the run's interval method"
    row = yes.index[0] + 2
    count, n, share, low, high = (ws.cell(row=row, column=j) for j in (5, 6, 7, 8, 9))
    assert (count.value, n.value) == (8, 12) and isinstance(count.value, int) and count.number_format == "0"
    assert share.value == pytest.approx(8 / 12, abs=1e-6) and share.number_format == "0%"
    assert (low.value, high.value) == pytest.approx(wilson(8, 12), abs=1e-6)
    assert low.number_format == high.number_format == "0%"
    method = pd.read_csv(small_processed / "shares.csv")["method"]
    assert len(shares) == (method == "wilson").sum()
    assert list(shares["Option"][:3]) == ["Yes", "No", "Other"], "options keep the order of responses.csv"
    # The fixture's multi-select question prints its n of respondents, so every share is one of people.
    assert set(shares["Share of"]) == {"respondents"}
    assert set(table(books["sv"]["Andelar"])["Andel av"]) == {"svarande"}


def test_groups_and_whole_dialogues_are_named(books):
    shares = table(books["sv"]["Andelar"])
    assert set(shares["Grupp"]) == {"hela dialogen", "Digitala gruppen"}
    assert set(table(books["en"]["Shares"])["Dialogue"]) <= {"Workshop", "Network of heads"}


def test_p_values_have_three_decimals_and_differences_are_signed_points(books, small_processed):
    ws = books["en"]["Comparisons"]
    header = [c.value for c in ws[1]]
    p = ws.cell(row=2, column=header.index("p-value") + 1)
    diff = ws.cell(row=2, column=header.index("A minus B (percentage points)") + 1)
    comparisons = pd.read_csv(small_processed / "comparisons.csv")
    assert p.value == pytest.approx(comparisons["p_value"].iloc[0]) and p.number_format == "0.000"
    assert diff.value == pytest.approx(100 * comparisons["diff"].iloc[0]) and "+0" in diff.number_format
    assert {c.value for c in ws["J"][1:]} == {"Fisher exact", "Boschloo exact"}


def test_claims_carry_verdicts_in_words_and_empty_cells_for_missing_numbers(books):
    claims = table(books["en"]["Claims"])
    assert list(claims["Verdict"]) == ["not supported at this n", "supported"]
    assert list(claims["What the claim says"]) == ["a majority", "a sum of options"]
    assert claims["Share (estimate)"].iloc[0] == pytest.approx(8 / 12, abs=1e-6)
    assert claims["Difference (percentage points)"].isna().all(), "no claim here compares: the cells are empty"
    swedish = table(books["sv"]["Påståenden"])
    assert list(swedish["Bedömning"]) == ["stöds inte vid så få svar", "stöds"]
    assert "Claim (our paraphrase)" not in swedish.columns and "Påstående (vår omskrivning)" not in swedish.columns
    assert list(swedish["Var i rapporten"]) == ["«a clear majority of the workshop»", "«together 50 %»"]


def test_no_cell_holds_nan_text(books):
    assert not [v for _, v in text_cells(books["en"]) + text_cells(books["sv"]) if v.lower() in ("nan", "none", "<na>")]


def ids_of(raw) -> tuple[set[str], set[str]]:
    """Ids a reader must not see: (ids with an underscore, found anywhere in a cell; plain-word ids, found as a
    whole cell, since a dialogue id such as ``network`` is also an English word)."""
    from dialogstats.analysis.claims import VERDICTS
    from dialogstats.report.labels import _AUDIT_CHECKS

    joined = set(raw.questions["question_id"]) | set(raw.responses["option"]) | set(VERDICTS) | set(_AUDIT_CHECKS)
    joined |= set(raw.claims["claim_id"]) | set(raw.constructs["construct"]) | set(raw.groups["group_id"])
    plain = set(raw.dialogues["dialogue_id"]) | {g for g in raw.groups["group_id"] if g != "all"}
    plain |= set(raw.constructs["construct"]) | {"ok", "not_checkable", "wilson"}
    return {i for i in joined if "_" in i}, plain


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_no_internal_id_in_any_cell(books, good_raw, lang):
    joined, plain = ids_of(good_raw)
    cells = text_cells(books[lang])
    assert not [(s, v) for s, v in cells if set(re.findall(r"[A-Za-z0-9_]+", v)) & joined]
    assert not [(s, v) for s, v in cells if v.strip() in plain]


def test_no_english_left_in_the_swedish_workbook(books, small_processed):
    """A word cell of the Swedish workbook must not also be a cell of the English one, except the report's own
    (Swedish) snippets, the manifest's provenance and names that are the same in both languages."""
    english = {v for _, v in text_cells(books["en"])}
    neutral = {labels.method_name(m, "sv") for m in labels._METHOD_NAMES
               if labels.method_name(m, "sv") == labels.method_name(m, "en")}
    neutral |= {"abc", "3.11.7", "pandas 2.3.3"}
    leaked = [(s, v) for s, v in text_cells(books["sv"])
              if v in english and re.search(r"[A-Za-zÅÄÖåäö]{2,}", v) and v not in neutral and not v.startswith("«")]
    assert leaked == []
    headers = {v for ws in books["sv"].worksheets[1:] for v in next(ws.iter_rows(values_only=True))}
    assert not {h for h in headers if re.search(r"[A-Za-z]{2,}", h)} & english


def test_first_sheet_explains_every_column_and_names_source_method_and_commit(books):
    for lang, about in (("en", "About these tables"), ("sv", "Om tabellerna")):
        cells = [v for row in rows(books[lang][about]) for v in row if v is not None]
        text = " ".join(str(v) for v in cells)
        assert "Region Värmland (2025): Översyn av Värmlandsstrategin 2040" in text
        assert labels.method_name("wilson", lang) in cells and 0.95 in cells and "abc" in cells
        described = {(r[0], r[1]) for r in rows(books[lang][about]) if r[0] in SHEETS[lang][1:] and r[2]}
        for ws in books[lang].worksheets[1:]:
            missing = [h for h in next(ws.iter_rows(values_only=True)) if (ws.title, h) not in described]
            assert missing == [], f"{ws.title}: columns without a meaning: {missing}"


def test_long_text_wraps_and_widths_are_capped(books):
    ws = books["en"]["Claims"]
    header = [c.value for c in ws[1]]
    why = ws.cell(row=1, column=header.index("Why") + 1).column_letter
    assert ws[f"{why}2"].alignment.wrap_text
    for ws in books["en"].worksheets:
        widths = [d.width for d in ws.column_dimensions.values() if d.width]
        assert widths and max(widths) <= workbook.spreadsheet.MAX_WIDTH + 2


def test_audit_sheet_has_every_check_with_the_problems_first(small_processed, tmp_path):
    audit = pd.read_csv(small_processed / "audit.csv", keep_default_na=False)
    audit.loc[[3, 7], "status"] = ["ambiguous", "inconsistent"]
    audit.loc[7, "recomputed"] = "33.3 % (5/15) or percent of answers"
    outputs = edited(small_processed, tmp_path, audit=audit)
    sheet = dict(workbook.data_sheets(outputs, "sv")["audit"])
    assert list(sheet["status"].values[:3]) == ["stämmer inte", "kan läsas på flera sätt", "stämmer"]
    assert len(sheet["status"].values) == len(audit)
    assert sheet["recomputed"].values[0] == "33,3 % (5 av 15) eller procent av svaren"


def test_a_swedish_paraphrase_and_a_compared_claim_are_shown(small_processed, tmp_path):
    claims = pd.read_csv(small_processed / "claims.csv", keep_default_na=False)
    claims["claim_sv"] = ["De flesta i verkstaden ser stöd", "Hälften av nätverket använder strategin"]
    claims["figure_reported_sv"] = ["majoritet", "50 %"]
    claims.loc[1, ["estimate_kind", "estimate", "ci_low", "ci_high"]] = ["difference", -0.123, -0.304, 0.071]
    outputs = edited(small_processed, tmp_path, claims=claims)
    sheet = dict(workbook.data_sheets(outputs, "sv")["claims"])
    assert list(sheet["claim"].values) == list(claims["claim_sv"])
    assert list(sheet["figure_stated"].values) == ["majoritet", "50 %"]
    assert sheet["claim_difference"].values == [None, pytest.approx(-12.3)]
    assert sheet["difference_low"].values[1] == pytest.approx(-30.4) and sheet["claim_share"].values[1] is None


def test_two_writes_give_the_same_bytes_with_fixed_dates(small_processed, tmp_path):
    first = workbook.write_workbook(ProcessedOutputs(small_processed, GOOD), "sv", tmp_path / "a.xlsx").read_bytes()
    second = workbook.write_workbook(ProcessedOutputs(small_processed, GOOD), "sv", tmp_path / "b.xlsx").read_bytes()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = zf.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["1980-01-01T00:00:00Z"] * 2


def test_bad_language_and_missing_table_are_named(small_processed, tmp_path):
    outputs = ProcessedOutputs(small_processed, GOOD)
    with pytest.raises(UnknownNameError, match="language 'de'; valid: en, sv"):
        workbook.write_workbook(outputs, "de", tmp_path / "x.xlsx")
    broken = tmp_path / "broken"
    shutil.copytree(small_processed, broken)
    (broken / "bounds.csv").unlink()
    with pytest.raises(MissingOutputError, match="bounds.csv is missing"):
        workbook.write_workbook(ProcessedOutputs(broken, GOOD), "en", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_libreoffice_opens_the_workbook(books, small_processed, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = workbook.write_workbook(ProcessedOutputs(small_processed, GOOD), "sv", tmp_path / "tabeller.xlsx")
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                          capture_output=True, text=True, timeout=300, check=False)
    if "could not be loaded" in done.stderr + done.stdout and not list(tmp_path.glob("*.pdf")):
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    pdf = tmp_path / "tabeller.pdf"
    assert pdf.is_file(), done.stderr
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Strategin stöder arbetet" in text and "Intervall, nedre gräns" in text
