"""The 2025-26 flags on the real Leeds Ofsted file (latest inspections as at 28 February 2026;
skipped where ../shared/data/real is absent)."""

from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest

from categorisation import derived, flags
from categorisation.ofsted import parse_file
from tests.categorisation.conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]


def leeds_flags(real_ofsted_bytes, labels, as_at=TODAY) -> dict:
    parsed = parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    assert parsed.errors == []
    by_urn: dict[int, list] = {}
    for row in parsed.inspections:
        inspection = SimpleNamespace(**row)
        by_urn.setdefault(inspection.urn, []).append(inspection)
    found = {}
    for urn, inspections in by_urn.items():
        history = derived.counting_inspections(inspections, urn=urn)
        found[urn] = (flags.school_flags(history=history, indicators=[], quartiles={},
                                         as_at=as_at, is_maintained=False), history)
    return found


def counts(found: dict, key: str) -> Counter:
    return Counter(flag[key].value for flag, _ in found.values())


def test_on_the_leeds_file_the_monitoring_flag_is_raised_by_its_two_report_cards(
        real_ofsted_bytes, labels):
    found = leeds_flags(real_ofsted_bytes, labels)
    assert len(found) == 274  # URNs with at least one inspection on record
    assert counts(found, "monitoring") == {"not_applicable": 272, "yes": 2}


def test_on_the_leeds_file_the_two_categories_of_concern_are_the_published_ones(
        real_ofsted_bytes, labels):
    found = leeds_flags(real_ofsted_bytes, labels)
    assert counts(found, "concern") == {"": 272, "serious_weaknesses": 1,
                                        "special_measures": 1}
    assert counts(found, "intervention") == {"": 272, "duty": 2}
    after = leeds_flags(real_ofsted_bytes, labels, as_at=date(2026, 7, 1))
    assert counts(after, "intervention") == {"": 272, "power": 2}


def test_on_the_leeds_file_stuck_is_decided_where_the_file_can_and_unknown_where_it_cannot(
        real_ofsted_bytes, labels):
    """The file carries the latest full and the latest graded inspection only: the legacy form
    (two graded inspections) can never be "yes" from it; a report card with the graded
    inspection before it can."""
    found = leeds_flags(real_ofsted_bytes, labels)
    assert counts(found, "stuck") == {"no": 257, "unknown": 16, "yes": 1}
    by_form = Counter((flag["stuck"].rule.version, flag["stuck"].value)
                      for flag, _ in found.values())
    assert by_form == {
        ("stuck-legacy/2025-01", "no"): 223,  # 104 of them known only from an ungraded one
        ("stuck-legacy/2025-01", "unknown"): 9,  # requires improvement, nothing before
        ("stuck-key-judgements/2025-01", "no"): 33,
        ("stuck-key-judgements/2025-01", "unknown"): 7,
        ("stuck-report-card/2025-11", "no"): 1,
        ("stuck-report-card/2025-11", "yes"): 1,
    }
    assert not any(flag["stuck"].value == "yes" and flag["stuck"].rule.version.startswith(
        "stuck-legacy") for flag, _ in found.values())


def test_on_the_leeds_file_rise_and_the_watchlist(real_ofsted_bytes, labels):
    found = leeds_flags(real_ofsted_bytes, labels)
    assert counts(found, "rise") == {"universal": 255, "unknown": 16, "structural": 2,
                                     "targeted": 1}
    # No performance file for Leeds: the watchlist cannot be decided, and says so.
    assert counts(found, "low_attainment") == {"unknown": 274}


def test_on_the_leeds_file_two_schools_are_at_risk(real_ofsted_bytes, labels):
    found = leeds_flags(real_ofsted_bytes, labels)
    reasons = [flags.at_risk_reasons(flag, history) for flag, history in found.values()]
    assert sorted(len(found) for found in reasons if found) == [1, 2]


def test_on_the_hampshire_and_surrey_ks2_files_the_watchlist_reads_overall_and_disadvantaged():
    """The KS2 per-LA files carry PTRWM_EXP_FSM6CLA1A (disadvantaged pupils), so both quarters
    are read. The "national" quarter here is over the two LAs' mainstream schools (RECTYPE 1):
    the only school-level KS2 files at hand. Judged at December 2019, after the 2018/19
    tables."""
    import csv

    from categorisation import performance
    from tests.categorisation.conftest import REAL

    folder = REAL / "performance" / "ks2"
    if not folder.is_dir():
        pytest.skip(f"real KS2 files not found at {folder}")
    items, special = [], set()
    for year in ("2016-2017", "2017-2018", "2018-2019"):
        for la in ("850", "936"):
            file = folder / f"{year}_{la}_ks2final.csv"
            with file.open(encoding="utf-8-sig") as handle:
                special |= {row["URN"] for row in csv.DictReader(handle)
                            if row["RECTYPE"] == "2"}
            parsed = performance.parse_file(file.read_bytes(), today=TODAY, name=file.name)
            items += [SimpleNamespace(**item) for item in parsed.indicators
                      if str(item["urn"]) not in special]
    quartiles = flags.bottom_quartiles(
        (i.measure, i.year, i.urn, i.release, i.value) for i in items if i.value is not None)
    assert {key: (q.threshold, q.schools) for key, q in quartiles.items()
            if key[1] == 2018} == {("ks2_rwm_expected", 2018): (61, 522),
                                   ("ks2_rwm_expected_disadvantaged", 2018): (33, 334)}
    by_urn: dict[int, list] = {}
    for item in items:
        by_urn.setdefault(item.urn, []).append(item)
    results = [flags.low_attainment(rows, quartiles=quartiles, as_at=date(2019, 12, 5))
               for rows in by_urn.values()]
    assert Counter(flag.value for flag in results) == {"no": 368, "yes": 186}
    overall = sum(1 for flag in results if flag.inputs[0].startswith(
        "KS2 reading, writing and maths at the expected standard 2018/19")
        and "in the bottom quarter" in flag.inputs[0])
    assert overall == 132  # the other 54 only on disadvantaged pupils (or an older year)
