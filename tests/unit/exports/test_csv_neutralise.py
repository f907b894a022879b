import datetime

import pytest

from exports.csv_files import csv_value, neutralise


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(start):
    assert neutralise(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", ["Survey of 400 people", "", " =not first", "'quoted"])
def test_other_text_is_left_alone(text):
    assert neutralise(text) == text


def test_csv_values_keep_numbers_and_write_dates_in_iso():
    assert csv_value(None) == ""
    assert csv_value(3) == 3 and csv_value(2.5) == 2.5
    assert str(csv_value(datetime.date(2027, 3, 31))) == "2027-03-31"
    assert csv_value(datetime.datetime(2027, 3, 31, 14, 5)) == "2027-03-31 14:05"
