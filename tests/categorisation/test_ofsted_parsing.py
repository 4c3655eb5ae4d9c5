"""The Ofsted MI parser: every era from real rows, the older format, and bad input."""

import csv
import io
from datetime import date

import pytest

from categorisation import ofsted
from categorisation.models import CategoryOfConcern, InspectionEra
from tests.categorisation.conftest import FIXTURES, TODAY

pytestmark = pytest.mark.django_db


def parse(text: str, labels, today=TODAY):
    return ofsted.parse_file(text.encode(), labels=labels, today=today)


def by_number(result, number):
    return next(i for i in result.inspections if i["inspection_number"] == number)


@pytest.mark.realdata
def test_the_real_february_2026_file_parses_every_era_with_no_errors(real_ofsted_bytes, labels):
    result = ofsted.parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    assert result.errors == []
    assert result.format == ofsted.FORMAT_2026
    assert result.rows == 279
    eras = result.count_by_era()
    # SOURCES.md: 170 legacy OEIF graded (40 of them "Not judged" overall: the 2024-25
    # sub-judgement inspections), 132 ungraded, 2 report cards.
    assert eras[InspectionEra.OEIF_GRADED] + eras[InspectionEra.OEIF_SUB_JUDGEMENTS] == 170
    assert eras[InspectionEra.OEIF_SUB_JUDGEMENTS] == 40
    assert eras[InspectionEra.UNGRADED] == 132
    assert eras[InspectionEra.REPORT_CARD] == 2


@pytest.mark.realdata
def test_real_graded_grades_match_the_published_distribution(real_ofsted_bytes, labels):
    result = ofsted.parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    grades = [i["overall_effectiveness"] for i in result.inspections
              if i["era"] == InspectionEra.OEIF_GRADED]
    assert {grade: grades.count(grade) for grade in (1, 2, 3, 4)} == {1: 25, 2: 94, 3: 10, 4: 1}


@pytest.mark.realdata
def test_a_real_report_card_keeps_each_evaluation_area(real_ofsted_bytes, labels):
    result = ofsted.parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    card = by_number(result, "10432161")  # Gildersome Primary School, 6 January 2026
    assert card["era"] == InspectionEra.REPORT_CARD
    assert card["urn"] == 107848
    assert card["start_date"] == date(2026, 1, 6)
    assert card["safeguarding_met"] is True
    assert card["inclusion"] == 4  # needs attention
    assert card["early_years_report_card"] == 3  # expected standard
    assert card["post_16"] is None  # "Not applicable" is not a judgement
    assert card["category_of_concern"] == ""


@pytest.mark.realdata
def test_a_real_2024_25_inspection_has_sub_judgements_but_no_overall_grade(
    real_ofsted_bytes, labels,
):
    result = ofsted.parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    swk = next(i for i in result.inspections if i["urn"] == 107963
               and i["era"] == InspectionEra.OEIF_SUB_JUDGEMENTS)
    assert swk["overall_effectiveness"] is None  # "Not judged"
    assert swk["leadership_and_management"] == 4
    assert swk["category_of_concern"] == CategoryOfConcern.SERIOUS_WEAKNESSES


@pytest.mark.realdata
def test_a_real_ungraded_outcome_is_matched_to_its_label(real_ofsted_bytes, labels):
    result = ofsted.parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    guiseley = by_number(result, "10269241")
    assert guiseley["era"] == InspectionEra.UNGRADED
    assert guiseley["ungraded_outcome"] == "School remains Good"
    assert guiseley["ungraded_outcome_label_id"] is not None


@pytest.mark.realdata
def test_a_real_inspection_of_a_predecessor_keeps_both_urns(real_ofsted_bytes, labels):
    result = ofsted.parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    inherited = next(i for i in result.inspections
                     if i["urn"] == 149735 and i["era"] != InspectionEra.UNGRADED)
    assert inherited["inspected_urn"] == 107877
    assert inherited["relates_to_current_urn"] is False


def test_the_older_format_reads_overall_effectiveness_and_the_previous_inspection(labels):
    result = ofsted.parse_file((FIXTURES / "ofsted_mi_legacy_format.csv").read_bytes(),
                               labels=labels, today=TODAY)
    assert result.errors == []
    assert result.format == ofsted.FORMAT_LEGACY
    assert len(result.inspections) == 7  # five latest, two previous
    avon = by_number(result, "LG100001")
    assert avon["overall_effectiveness"] == 2
    assert avon["start_date"] == date(2019, 3, 15)  # DD-MM-YYYY
    assert avon["sixth_form"] is None  # 9 = no judgement
    assert by_number(result, "LG100002")["start_date"] == date(2018, 10, 10)  # DD/MM/YYYY
    assert by_number(result, "LG900002")["overall_effectiveness"] == 3
    assert by_number(result, "LG100003")["overall_effectiveness"] == 3  # "Satisfactory"
    devizes = by_number(result, "LG100004")
    assert devizes["category_of_concern"] == CategoryOfConcern.SPECIAL_MEASURES
    assert devizes["safeguarding_met"] is False
    assert by_number(result, "LG100005")["inspected_urn"] == 100099


def legacy_text(**changes) -> str:
    """The legacy fixture's first data row with some cells changed."""
    rows = list(csv.DictReader(io.StringIO(
        (FIXTURES / "ofsted_mi_legacy_format.csv").read_text())))
    row = rows[0] | changes
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def test_a_date_in_the_future_is_an_error_naming_row_and_column(labels):
    result = parse(legacy_text(**{"Inspection start date": "02-03-2026"}), labels)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Inspection start date")]
    assert "in the future" in result.errors[0].message
    assert "LG100001" not in {i["inspection_number"] for i in result.inspections}


def test_an_unknown_grade_label_is_reported_not_guessed(labels):
    result = parse(legacy_text(**{"Quality of education": "Superb"}), labels)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Quality of education")]
    assert "Unknown label 'Superb'" in result.errors[0].message


def test_an_unreadable_date_is_an_error(labels):
    result = parse(legacy_text(**{"Publication date": "31/02/2019"}), labels)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Publication date")]


def test_a_row_with_the_wrong_number_of_fields_is_reported(labels):
    text = legacy_text().rstrip("\n") + "\n100009,too,short\n"
    result = parse(text, labels)
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    assert "fields" in result.errors[0].message


def test_a_bad_urn_is_reported(labels):
    result = parse(legacy_text(URN="12AB"), labels)
    assert [(e.row, e.column) for e in result.errors] == [(2, "URN")]


def test_a_file_in_the_wrong_format_is_refused(labels):
    result = parse("URN,EstablishmentName\n100001,Avon\n", labels)
    assert len(result.errors) == 1 and result.errors[0].row == 0
    assert "not Ofsted's" in result.errors[0].message


def test_the_literal_null_is_read_as_empty(labels):
    result = parse(legacy_text(**{"Early years provision (where applicable)": "NULL"}), labels)
    assert result.errors == []
    assert by_number(result, "LG100001")["early_years"] is None
