"""The workbook and the CSV files, read back: sheets, columns, values and their types,
names only for facilitators, hostile text stored as text."""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from exports.files import export_file
from exports.tables import _participant_name
from tests.integration.exports_scenario import FORMULA, scored

SHEETS = ["About", "Agreed levels", "Answers", "Evidence", "Action plan", "Who was involved"]


@pytest.fixture
def people(assessment):
    return scored(assessment)


def _book(assessment, *, can_see_names):
    content, content_type, name = export_file(assessment, "xlsx", can_see_names=can_see_names)
    assert content_type.endswith("spreadsheetml.sheet")
    assert name.endswith(".xlsx")
    return load_workbook(io.BytesIO(content))


def _rows(sheet):
    header, *rows = sheet.iter_rows()
    columns = [c.value for c in header]
    return columns, [dict(zip(columns, row, strict=True)) for row in rows]


def test_workbook_has_a_sheet_per_table_with_plain_column_names(assessment, people):
    book = _book(assessment, can_see_names=True)
    assert book.sheetnames == SHEETS
    columns, _ = _rows(book["Agreed levels"])
    assert columns[:8] == [
        "Rubric",
        "Rubric version",
        "Criterion code",
        "Criterion",
        "Agreed answer",
        "Agreed level",
        "Agreed level name",
        "Band",
    ]
    assert "Median: Person with lived experience" in columns
    assert _rows(book["Answers"])[0][:2] == ["Participant", "Perspective"]


def test_agreed_levels_are_numbers_with_labels_bands_and_spread(assessment, people):
    _, rows = _rows(_book(assessment, can_see_names=False)["Agreed levels"])
    assert len(rows) == 5  # two ladder stages, three principles
    first = rows[0]
    assert first["Criterion code"].value == "S1"
    assert first["Agreed level"].value == 2 and first["Agreed level"].data_type == "n"
    assert first["Agreed level name"].value == "Educating"
    assert first["Band"].value == "Doing to"
    assert first["Target level"].value == 6
    assert first["Below target"].value == "Yes"
    assert first["Median of everyone's levels"].value == 2  # 3, 3, 1, 1
    assert (first["Lowest level chosen"].value, first["Highest level chosen"].value) == (1, 3)
    assert first["Spread (highest minus lowest)"].value == 2
    assert first["Median: Clinician"].value == 3
    assert first["Reason agreed"].value == "Agreed for S1."
    assert isinstance(first["Agreed on"].value, datetime.datetime)
    last = rows[-1]
    assert (last["People who chose a level"].value, last["Don't know yet"].value) == (3, 1)


def test_answers_name_people_only_for_facilitators(assessment, people):
    _, named = _rows(_book(assessment, can_see_names=True)["Answers"])
    _, pseudonymous = _rows(_book(assessment, can_see_names=False)["Answers"])
    assert named[0]["Participant"].value == "Priya Staff (NHS staff)"
    assert pseudonymous[0]["Participant"].value == "Participant 1 (NHS staff)"
    assert {r["Participant"].value for r in pseudonymous} == {
        "Participant 1 (NHS staff)",
        "Participant 2 (clinician)",
        "Participant 3 (lived experience)",
        "Participant 4 (carer)",
    }
    content, _, _ = export_file(assessment, "xlsx", can_see_names=False)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        text = b"".join(archive.read(n) for n in archive.namelist())
    for name, _ in [("Priya Staff", 0), ("Jo Lived", 0), ("Linda Carer", 0)]:
        assert name.encode() not in text
    assert (
        pseudonymous[0]["Level"].value == 3 and pseudonymous[0]["Level name"].value == "Informing"
    )
    assert isinstance(pseudonymous[0]["Answered at"].value, datetime.datetime)
    dont_know = [r for r in pseudonymous if r["Answer"].value == "Don't know yet"]
    assert len(dont_know) == 1 and dont_know[0]["Level"].value is None


def test_participant_name_is_the_one_place_names_are_decided(assessment, people):
    # The app's one rule (assessments.names): facilitators see names, others a number,
    # unless the person agreed to be named.
    person = people[2]
    person.number = 3
    assert _participant_name(person, can_see_names=True) == "Jo Lived (lived experience)"
    assert _participant_name(person, can_see_names=False) == "Participant 3 (lived experience)"
    person.named = True
    assert _participant_name(person, can_see_names=False) == "Jo Lived (lived experience)"


def test_formulas_in_user_text_are_stored_as_text(assessment, people):
    book = _book(assessment, can_see_names=True)
    _, evidence = _rows(book["Evidence"])
    cell = evidence[0]["Evidence"]
    assert cell.value == FORMULA and cell.data_type == "s"
    assert evidence[0]["Links"].data_type == "s"
    bell = [r for r in evidence if "bell" in r["Evidence"].value][0]
    assert bell["Evidence"].value == "-2+3 bell rings"  # the control character is dropped
    _, actions = _rows(book["Action plan"])
    assert actions[0]["Action"].value == "+Hold a workshop with carers"
    assert actions[0]["Action"].data_type == "s"
    for sheet in book:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_action_plan_has_real_dates_and_target_numbers(assessment, people):
    _, actions = _rows(_book(assessment, can_see_names=True)["Action plan"])
    (action,) = actions
    assert action["Due date"].value == datetime.datetime(
        2027, 3, 31
    )  # Excel keeps dates as datetimes
    assert action["Due date"].is_date and action["Due date"].number_format == "yyyy-mm-dd"
    assert action["Target level"].value == 4 and action["Target level name"].value == "Consulting"
    assert action["Status"].value == "In progress"
    assert action["Owner"].value == "Head of engagement"


def test_about_sheet_says_what_and_whether_people_are_named(assessment, people):
    _, rows = _rows(_book(assessment, can_see_names=False)["About"])
    about = {r["Item"].value: r["Value"].value for r in rows}
    assert about["Programme"] == "Town centre urgent care reconfiguration"
    assert about["ODS code"] == assessment.programme.organisation.ods_code
    assert about["People named"] == "No"
    assert isinstance(about["Assessment date"], datetime.datetime)


def _csv_files(assessment, *, can_see_names):
    content, content_type, name = export_file(assessment, "csv", can_see_names=can_see_names)
    assert content_type == "application/zip" and name.endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {
            n.rsplit("/", 1)[1]: list(csv.reader(io.StringIO(archive.read(n).decode("utf-8-sig"))))
            for n in archive.namelist()
        }


def test_csv_is_one_file_per_table_in_a_zip(assessment, people):
    files = _csv_files(assessment, can_see_names=False)
    assert sorted(files) == sorted(
        [
            "about.csv",
            "agreed-levels.csv",
            "answers.csv",
            "evidence.csv",
            "action-plan.csv",
            "who-was-involved.csv",
        ]
    )
    header, first, *_ = files["agreed-levels.csv"]
    row = dict(zip(header, first, strict=True))
    assert (row["Agreed level"], row["Agreed level name"], row["Band"]) == (
        "2",
        "Educating",
        "Doing to",
    )
    answers = files["answers.csv"]
    assert answers[1][0] == "Participant 1 (NHS staff)"
    assert "Priya" not in str(files)


def test_csv_neutralises_cells_that_spreadsheets_would_run(assessment, people):
    files = _csv_files(assessment, can_see_names=True)
    header, *rows = files["evidence.csv"]
    evidence = [dict(zip(header, r, strict=True)) for r in rows]
    assert evidence[0]["Evidence"] == "'" + FORMULA
    assert evidence[0]["Links"] == "https://example.nhs.uk/survey\n@SUM(1+1)"  # starts with h
    assert any(e["Evidence"] == "'-2+3 bell\x07 rings" for e in evidence)
    header, action = files["action-plan.csv"]
    action = dict(zip(header, action, strict=True))
    assert action["Action"] == "'+Hold a workshop with carers"
    assert action["Due date"] == "2027-03-31"


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_an_export_takes_the_same_queries_however_many_people_scored(
    assessment, fmt, django_assert_max_num_queries
):
    from tests.factories.scenarios import score_assessment

    score_assessment(assessment=assessment, extra=30)
    with django_assert_max_num_queries(11):
        export_file(assessment, fmt, can_see_names=True)


def test_who_was_involved_is_a_sheet_and_a_csv_with_small_counts_hidden(assessment, people):
    from reach import services

    entries = [
        services.GroupEntry("disability", "dis-yes", "", 3, Decimal("20")),
        services.GroupEntry("disability", "dis-no", "", 40, Decimal("80")),
        services.GroupEntry("carers", "care-yes", "", 10, Decimal("10")),
        services.GroupEntry("carers", "care-no", "", 90, Decimal("90")),
        services.GroupEntry("own", "", "=HYPERLINK(1)", 6, None),
    ]
    services.save_reach(
        assessment=assessment, by=None, people_reached=100, population_source="", entries=entries
    )
    _, rows = _rows(_book(assessment, can_see_names=False)["Who was involved"])
    cells = [[c.value for c in row.values()] for row in rows]
    assert cells[0] == [
        "Disability",
        "Disabled under the Equality Act",
        "<5",
        None,
        20,
        None,
        "Fewer than 5: not compared",
    ]
    assert cells[1][2] == "Hidden"
    assert cells[2][:6] == ["Unpaid carers", "Provides unpaid care", 10, 10, 10, 1]
    assert rows[4]["Group"].data_type == "s"
    files = _csv_files(assessment, can_see_names=False)
    assert files["who-was-involved.csv"][1][:3] == [
        "Disability",
        "Disabled under the Equality Act",
        "<5",
    ]
    assert files["who-was-involved.csv"][5][1] == "'=HYPERLINK(1)"
