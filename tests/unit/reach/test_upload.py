"""Reading a population file without a database: what is read, and every way it is refused
whole with the line and the reason."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from reach.upload import PopulationFileRefused, read_population_file, template_csv

HEADER = "category,group,population_percent\r\n"
GOOD = (
    HEADER
    + "Age band,Aged 16 to 24 years,10.5\r\n"
    + "Ethnic group,White,80%\r\n"
    + "Disability,Disabled under the Equality Act,\r\n"  # blank: kept as it is
    + "Groups you name,People with a learning disability,2.5\r\n"
)


def _refused(data: bytes) -> list[str]:
    with pytest.raises(PopulationFileRefused) as refused:
        read_population_file(data)
    return refused.value.problems


def test_a_csv_utf8_file_is_read_with_or_without_a_bom():
    for data in (GOOD.encode(), b"\xef\xbb\xbf" + GOOD.encode()):
        rows = read_population_file(data)
        assert [(r.line, r.code, r.own_label, r.share) for r in rows] == [
            (2, "age-16-24", "", Decimal("10.50")),
            (3, "eth-white", "", Decimal("80.00")),
            (5, "", "People with a learning disability", Decimal("2.50")),
        ]


def test_semicolons_codes_and_any_case_are_read():
    data = "Category;Group;Population_Percent\nage;AGED 65 YEARS AND OVER;19\ncarers;care-yes;9\n"
    rows = read_population_file(data.encode())
    assert [(r.code, r.share) for r in rows] == [("age-65", 19), ("care-yes", 9)]


def test_wrong_columns_are_refused_with_the_line():
    problems = _refused(b"category,group,percent\nAge band,White,10\n")
    assert len(problems) == 1
    assert problems[0].startswith("Line 1: the columns must be category, group, population_percent")
    assert "Missing: population_percent." in problems[0]
    assert '"percent" is not a column. Did you mean "population_percent"?' in problems[0]


def test_every_bad_line_is_named_and_nothing_is_read():
    data = (
        HEADER
        + "Age band,Aged 16 to 24 years,10\n"
        + "Age band,Aged 25 to 34 years,101\n"
        + "Age band,Aged 35 to 49 years,lots\n"
        + "Age band,Aged 50 to 64 years,12,5\n"
        + "Age band,Aged 65 years and over,-1\n"
        + "Ages,Aged 65 years and over,1\n"
        + "Age band,Aged 16-24,1\n"
        + "Age band,Aged 16 to 24 years,3\n"
        + "Age band,,3\n"
    )
    problems = _refused(data.encode())
    assert problems == [
        "Line 3: 101 is over 100 %.",
        'Line 4: "lots" is not a number.',
        "Line 5: 4 values, but the file has 3 columns (a comma in a number? Use a full stop "
        "for decimals).",
        "Line 6: -1 is below 0 %.",
        'Line 7: "Ages" is not a category. Use one of: Age band, Ethnic group, Disability, '
        "Main language, Digital exclusion, Unpaid carers, Groups you name. "
        'Did you mean "Age band"?',
        'Line 8: "Aged 16-24" is not one of the age band groups (for a group of your own, use '
        'the category "Groups you name"). Did you mean "Aged 16 to 24 years"?',
        'Line 9: "Aged 16 to 24 years" is already on line 2.',
        "Line 10: the group is missing.",
    ]


def test_a_decimal_comma_is_refused_with_a_hint():
    problems = _refused((HEADER + 'Age band,Aged 16 to 24 years,"12,5"\n').encode())
    assert problems == ['Line 2: "12,5" is not a number (use a full stop for decimals).']


def test_shares_adding_up_to_over_100_are_refused():
    data = HEADER + "Ethnic group,White,80\nEthnic group,Other ethnic group,30\n"
    assert _refused(data.encode()) == [
        "Lines 2, 3: the ethnic group shares add up to 110 %, over 100 %."
    ]


@pytest.mark.parametrize(
    "encoding, name, byte",
    [("cp1252", "Older people – rural", "0x96"), ("latin-1", "Café regulars", "0xE9")],
)
def test_a_file_not_in_utf8_is_refused_with_the_line_and_how_to_save_csv_utf8(encoding, name, byte):
    text = HEADER + f"Age band,Aged 16 to 24 years,10\nGroups you name,{name},2\n"
    (problem,) = _refused(text.encode(encoding))
    assert problem.startswith(f"Line 3: this file is not saved as UTF-8 (the byte {byte}")
    assert '"CSV UTF-8 (Comma delimited) (*.csv)"' in problem
    assert "Save As" in problem


def test_utf16_and_old_xls_files_are_refused_with_how_to_save():
    (problem,) = _refused(GOOD.encode("utf-16"))
    assert "UTF-16" in problem and "CSV UTF-8" in problem
    (problem,) = _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert ".xls" in problem and "CSV UTF-8" in problem
    (problem,) = _refused(b"PK\x03\x04 not really a zip")
    assert "not a readable .xlsx workbook" in problem


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "The file is empty."),
        (b"  \n", "The file is empty."),
        (HEADER.encode(), "The file has no population shares filled in."),
        (b"\n\n,,\n" + b"x" * 3, "Line 4: the columns must be"),
        (b"x" * 1_000_001, "The file is over 1 MB"),
    ],
)
def test_empty_and_oversized_files_are_refused(data, message):
    assert _refused(data)[0].startswith(message)


def _xlsx(rows, percent_format=False):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if percent_format:
        sheet["C2"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_workbook_is_read_and_percent_cells_mean_per_cent():
    data = _xlsx(
        [
            ["category", "group", "population_percent"],
            ["Age band", "Aged 16 to 24 years", 0.105],
            ["Main language", "Main language is not English (English or Welsh in Wales)", 7],
        ],
        percent_format=True,
    )
    rows = read_population_file(data)
    assert [(r.code, r.share) for r in rows] == [
        ("age-16-24", Decimal("10.50")),
        ("lang-other", Decimal("7.00")),
    ]


def test_an_xlsx_workbook_is_refused_by_row():
    data = _xlsx(
        [["category", "group", "population_percent"], ["Age band", "Aged 16 to 24 years", 140]]
    )
    assert _refused(data) == ["Row 2: 140 is over 100 %."]


def test_the_template_lists_every_group_and_reads_back_as_nothing_filled_in():
    text = template_csv()
    assert text.startswith("\ufeffcategory,group,population_percent\r\n")
    assert "Age band,Aged 16 to 24 years,\r\n" in text
    assert _refused(text.encode()) == ["The file has no population shares filled in."]
    filled = text.replace("Ethnic group,White,", "Ethnic group,White,81.7")
    assert [r.code for r in read_population_file(filled.encode())] == ["eth-white"]


@pytest.mark.parametrize(
    "data, problem",
    [
        (b"\n,,\n", "The file has no lines. The columns are category, group, population_percent."),
        (b"category,group\x00,x\n", "This is not a CSV file."),
        (
            (HEADER + 'Groups you name,"' + "x" * 140_000 + '",1\n').encode(),
            "Line 2: field larger than field limit",
        ),
        (
            (HEADER + "Age band,Aged 16 to 24 years,NaN\n").encode(),
            'Line 2: "NaN" is not a number.',
        ),
        (
            (HEADER + f"Groups you name,{'x' * 121},1\n").encode(),
            "Line 2: the group's name is over 120 characters.",
        ),
    ],
)
def test_odd_files_are_refused_with_a_reason(data, problem):
    assert _refused(data)[0].startswith(problem)


def test_a_file_with_many_bad_lines_lists_the_first_20():
    data = HEADER + "Age band,Aged 16 to 24 years,x\n" * 30
    problems = _refused(data.encode())
    assert len(problems) == 20 and problems[-1].startswith("Line 21: ")


def test_empty_and_true_false_cells_in_a_workbook_are_read_as_text():
    data = _xlsx(
        [
            ["category", "group", "population_percent", None],
            ["Age band", True, 5],
        ]
    )
    assert _refused(data) == [
        'Row 2: "True" is not one of the age band groups (for a group of your own, use the '
        'category "Groups you name").'
    ]
