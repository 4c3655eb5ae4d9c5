"""Benchmark: GIAS import of 25,000 establishments on PostgreSQL against a bare COPY.

    DATABASE_URL=postgres://user@127.0.0.1:5432/db python bench/bench_gias_import.py [--rows N]

It creates a throwaway test database (`test_<name>`, dropped at the end), generates a realistic
GIAS establishments CSV (the 111 columns of a real "all fields" download, UTF-8, DD-MM-YYYY
dates, about a third of the schools closed) and times:

  (a) a bare COPY of that CSV into an unindexed table with all 111 columns as text;
  (b) the first import in one process, on an empty register, as the command line and the
      operator's apply task make it: read and written in one pass, each chunk of rows written
      by a second thread while the next is read (`importing.establishments_import`);
  (c) the re-import of the unchanged file, the same way (nothing is written);
  (d) for information, the operator's upload page on an empty register: the analysis task reads
      the file and makes the preview, then the apply task reads it again and writes (b);
  (e) for information, the three steps one after another: read (the rows streamed into a
      staging table as they are read: `importing.establishments_read(stage=True)`), analyse
      (the preview) and apply, as a council's upload does.

Targets: b/a <= 2.8 (issue 16; it was 3 in issue 2) and c/b <= 1; it exits 1 when one is
missed. Each figure is the median of --repeat runs, the five steps taking turns in each run so
that a busy machine weighs on all of them alike. The ratios need the machine's second core
free: while it is busy the database cannot store the rows while Python reads them.

The generated file has no "Linked establishments" spill-over rows: PostgreSQL's COPY refuses rows
longer than the table, so the bare COPY could not load them; the importer's tolerance of them
is covered by the tests on the real file.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from schools import gias, importing  # noqa: E402

# The first import against a bare COPY of the same file (issue 16; issue 2 asked for 3).
FIRST_IMPORT_TARGET = 2.8

# The header of a real GIAS "all fields" download (gias_hampshire_surrey_primary_20220420.csv).
HEADER = [
    "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
    "TypeOfEstablishment (name)", "EstablishmentTypeGroup (name)", "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (name)", "OpenDate", "ReasonEstablishmentClosed (name)",
    "CloseDate", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
    "Boarders (name)", "NurseryProvision (name)", "OfficialSixthForm (name)", "Gender (name)",
    "ReligiousCharacter (name)", "ReligiousEthos (name)", "Diocese (name)",
    "AdmissionsPolicy (name)", "SchoolCapacity", "SpecialClasses (name)", "CensusDate",
    "NumberOfPupils", "NumberOfBoys", "NumberOfGirls", "PercentageFSM",
    "TrustSchoolFlag (name)", "Trusts (name)", "SchoolSponsorFlag (name)",
    "SchoolSponsors (name)", "FederationFlag (name)", "Federations (name)", "UKPRN",
    "FEHEIdentifier", "FurtherEducationType (name)", "OfstedLastInsp", "LastChangedDate",
    "Street", "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite",
    "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName",
    "HeadPreferredJobTitle", "BSOInspectorateName (name)", "InspectorateReport",
    "DateOfLastInspectionVisit", "NextInspectionVisit", "TeenMoth (name)", "TeenMothPlaces",
    "CCF (name)", "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)",
    "EdByOther (name)", "Section41Approved (name)", "SEN1 (name)", "SEN2 (name)",
    "SEN3 (name)", "SEN4 (name)", "SEN5 (name)", "SEN6 (name)", "SEN7 (name)", "SEN8 (name)",
    "SEN9 (name)", "SEN10 (name)", "SEN11 (name)", "SEN12 (name)", "SEN13 (name)",
    "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll",
    "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity", "GOR (name)",
    "DistrictAdministrative (name)", "AdministrativeWard (name)",
    "ParliamentaryConstituency (name)", "UrbanRural (name)", "GSSLACode (name)", "Easting",
    "Northing", "MSOA (name)", "LSOA (name)", "InspectorateName (name)", "SENStat",
    "SENNoStat", "PropsName", "OfstedRating (name)", "RSCRegion (name)", "Country (name)",
    "UPRN", "SiteName", "QABName (name)", "EstablishmentAccredited (name)", "QABReport",
    "CHNumber", "MSOA (code)", "LSOA (code)", "FSM", "Linked establishments",
]
assert len(HEADER) == 111

TYPES = [  # (type, group, phase, weight)
    ("Community school", "Local authority maintained schools", "Primary", 30),
    ("Voluntary aided school", "Local authority maintained schools", "Primary", 9),
    ("Voluntary controlled school", "Local authority maintained schools", "Primary", 7),
    ("Foundation school", "Local authority maintained schools", "Secondary", 3),
    ("Academy converter", "Academies", "Primary", 20),
    ("Academy converter", "Academies", "Secondary", 8),
    ("Academy sponsor led", "Academies", "Primary", 6),
    ("Free schools", "Free Schools", "Secondary", 2),
    ("Community special school", "Local authority maintained schools", "Not applicable", 3),
    ("Academy special converter", "Academies", "Not applicable", 2),
    ("Pupil referral unit", "Local authority maintained schools", "Not applicable", 1),
    ("Other independent school", "Independent schools", "Not applicable", 6),
    ("Local authority nursery school", "Local authority maintained schools", "Nursery", 1),
    ("Academy 16-19 converter", "Academies", "16 plus", 1),
    ("Further education", "Colleges", "16 plus", 1),
]
TOWNS = ["Trowbridge", "Salisbury", "Chippenham", "Guildford", "Woking", "Basingstoke",
         "Winchester", "Dorchester", "Poole", "Swindon", "Leeds", "Bradford", "Lincoln"]
SAINTS = ["St Mary's", "St John's", "Holy Trinity", "St Peter's", "All Saints", "St Michael's"]
FIRST = ["Emma", "James", "Sarah", "David", "Helen", "Richard", "Claire", "Mark", "Joanne"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Roberts"]


def _date(rng: random.Random, start_year: int, end_year: int) -> str:
    day = date(start_year, 1, 1) + timedelta(days=rng.randrange((end_year - start_year) * 365))
    return day.strftime("%d-%m-%Y")


def generate_csv(rows: int, seed: int = 2025) -> bytes:
    """A GIAS-format establishments CSV of `rows` schools, deterministic for a seed."""
    rng = random.Random(seed)
    weights = [weight for *_rest, weight in TYPES]
    out = io.StringIO()
    out.write(",".join(f'"{name}"' for name in HEADER) + "\r\n")
    la_codes = [str(code) for code in range(201, 938, 5)]
    for i in range(rows):
        type_name, group, phase, _ = rng.choices(TYPES, weights)[0]
        closed = rng.random() < 0.3
        la = la_codes[i % len(la_codes)]
        town = rng.choice(TOWNS)
        kind = {"Primary": "Primary School", "Secondary": "Academy", "Nursery": "Nursery School",
                "16 plus": "College"}.get(phase, "School")
        name = (f"{rng.choice(SAINTS)} {kind}" if rng.random() < 0.3
                else f"{town} {rng.choice(['North', 'South', 'Park', 'Hill', 'Vale'])} {kind}")
        pupils = rng.randrange(40, 1800) if not closed else ""
        boys = pupils // 2 if pupils else ""
        row = {name_: "" for name_ in HEADER}
        row.update({
            "URN": str(100000 + i), "LA (code)": la, "LA (name)": f"Authority {la}",
            "EstablishmentNumber": str(2000 + i % 7000), "EstablishmentName": name,
            "TypeOfEstablishment (name)": type_name, "EstablishmentTypeGroup (name)": group,
            "EstablishmentStatus (name)": "Closed" if closed else "Open",
            "ReasonEstablishmentOpened (name)": "Not applicable",
            "OpenDate": _date(rng, 1990, 2022) if rng.random() < 0.3 else "",
            "ReasonEstablishmentClosed (name)": ("Academy Converter" if closed
                                                 else "Not applicable"),
            "CloseDate": _date(rng, 2005, 2024) if closed else "",
            "PhaseOfEducation (name)": phase, "StatutoryLowAge": "4", "StatutoryHighAge": "11",
            "Boarders (name)": "No boarders", "NurseryProvision (name)": "No Nursery Classes",
            "OfficialSixthForm (name)": "Does not have a sixth form", "Gender (name)": "Mixed",
            "ReligiousCharacter (name)": "Church of England" if "St" in name
            else "Does not apply",
            "ReligiousEthos (name)": "Does not apply", "Diocese (name)": "Not applicable",
            "AdmissionsPolicy (name)": "Not applicable",
            "SchoolCapacity": str(rng.randrange(60, 2000)),
            "SpecialClasses (name)": "No Special Classes", "CensusDate": "21-01-2021",
            "NumberOfPupils": str(pupils), "NumberOfBoys": str(boys),
            "NumberOfGirls": str(pupils - boys) if pupils else "",
            "PercentageFSM": f"{rng.uniform(2, 45):.1f}",
            "TrustSchoolFlag (name)": "Supported by a multi-academy trust"
            if group == "Academies" else "Not applicable",
            "Trusts (name)": f"{town} Learning Trust" if group == "Academies" else "",
            "SchoolSponsorFlag (name)": "Not applicable", "FederationFlag (name)":
            "Not under a federation", "UKPRN": str(10000000 + i),
            "FurtherEducationType (name)": "Not applicable",
            "OfstedLastInsp": _date(rng, 2012, 2022), "LastChangedDate": _date(rng, 2020, 2022),
            "Street": f"{rng.randrange(1, 200)} School Lane", "Locality": "", "Town": town,
            "County (name)": "Wiltshire",
            "Postcode": f"SN{rng.randrange(1, 16)} {rng.randrange(1, 9)}AB",
            "SchoolWebsite": f"www.school{i}.example.sch.uk", "TelephoneNum": f"01225{i:06d}",
            "HeadTitle (name)": rng.choice(["Mr", "Mrs", "Ms", "Dr"]),
            "HeadFirstName": rng.choice(FIRST), "HeadLastName": rng.choice(LAST),
            "HeadPreferredJobTitle": "Headteacher", "BSOInspectorateName (name)":
            "Not applicable", "TeenMoth (name)": "Not applicable", "CCF (name)": "Not applicable",
            "SENPRU (name)": "Not applicable", "EBD (name)": "Not applicable",
            "EdByOther (name)": "Not applicable", "Section41Approved (name)": "Not applicable",
            "GOR (name)": "South West", "DistrictAdministrative (name)": f"District {la}",
            "AdministrativeWard (name)": f"{town} Central",
            "ParliamentaryConstituency (name)": f"{town} and District",
            "UrbanRural (name)": "(England/Wales) Urban city and town", "GSSLACode (name)":
            f"E0600{la}", "Easting": str(rng.randrange(380000, 480000)),
            "Northing": str(rng.randrange(100000, 200000)), "MSOA (name)": f"{town} 002",
            "LSOA (name)": f"{town} 002A", "OfstedRating (name)": rng.choice(
                ["Good", "Outstanding", "Requires improvement", ""]),
            "RSCRegion (name)": "South-West England", "UPRN": str(100120000000 + i),
            "QABName (name)": "Not applicable", "EstablishmentAccredited (name)":
            "Not applicable", "MSOA (code)": "E02004698", "LSOA (code)": "E01022574",
            "FSM": str(rng.randrange(0, 200)), "Linked establishments": "Does not have links",
        })
        out.write(",".join(
            (value if value.isdigit() else '"' + value.replace('"', '""') + '"')
            for value in (row[name_] for name_ in HEADER)) + "\r\n")
    return out.getvalue().encode("utf-8")


def bare_copy(data: bytes) -> float:
    columns = ", ".join(f"c{i} text" for i in range(len(HEADER)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_gias_copy")
        cursor.execute(f"CREATE TABLE bench_gias_copy ({columns})")
        connection.commit() if not connection.get_autocommit() else None
        started = time.perf_counter()
        cursor.copy_expert("COPY bench_gias_copy FROM STDIN WITH (FORMAT csv, HEADER true)",
                           io.BytesIO(data))
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_gias_copy")
        assert cursor.fetchone()[0] == data.count(b"\r\n") - 1
        cursor.execute("DROP TABLE bench_gias_copy")
    return elapsed


def one_pass(data: bytes) -> tuple[float, dict]:
    started = time.perf_counter()
    result = importing.establishments_import(data)
    return time.perf_counter() - started, result["counts"]


def three_steps(data: bytes, phases: dict[str, list[float]]) -> tuple[float, dict]:
    started = time.perf_counter()
    parsed = importing.establishments_read(data, stage=True)
    read = time.perf_counter()
    _summary, errors = importing.establishments_analyse(parsed)
    assert not errors, errors[:3]
    analysed = time.perf_counter()
    result = importing.establishments_apply(parsed)
    applied = time.perf_counter()
    for name, seconds in (("read", read - started), ("analyse", analysed - read),
                          ("apply", applied - analysed)):
        phases.setdefault(name, []).append(seconds)
    return applied - started, result["counts"]


def two_tasks(data: bytes) -> float:
    """The work of the upload page's two tasks, without their status records."""
    started = time.perf_counter()
    parsed = gias.parse_establishments(data)
    _summary, errors = importing.establishments_analyse(parsed)
    assert not errors, errors[:3]
    importing.establishments_import(data)
    return time.perf_counter() - started


def settle() -> None:
    """What autovacuum does in the weeks between two imports, done before the re-import is
    timed: otherwise it is timed reading 25,000 rows just written (setting their hint bits)
    beside the server's own clearing up of them."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE schools_establishment")


def empty_register() -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE schools_establishment CASCADE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=25_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the benchmark compares with COPY.")
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        data = generate_csv(options.rows)
        copies, firsts, agains, tasks, steps = [], [], [], [], []
        phases: dict[str, list[float]] = {}
        for _ in range(options.repeat):
            copies.append(bare_copy(data))
            empty_register()
            elapsed, first_counts = one_pass(data)
            firsts.append(elapsed)
            settle()
            elapsed, again_counts = one_pass(data)
            agains.append(elapsed)
            assert first_counts["added"] == options.rows, first_counts
            assert again_counts["added"] == again_counts["changed"] == 0, again_counts
            empty_register()
            tasks.append(two_tasks(data))
            empty_register()
            elapsed, step_counts = three_steps(data, phases)
            steps.append(elapsed)
            assert step_counts == first_counts, step_counts
        a, b, c, d, e = (statistics.median(times)
                         for times in (copies, firsts, agains, tasks, steps))
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        print(f"GIAS import benchmark: {options.rows:,} establishments, "
              f"{len(data) / 1_048_576:.1f} MB CSV, {len(HEADER)} columns, "
              f"PostgreSQL {version}, median of {options.repeat}")
        print(f"{'step':<52}{'seconds':>10}")
        print("-" * 62)
        print(f"{'(a) bare COPY into an unindexed all-text table':<52}{a:>10.3f}")
        print(f"{'(b) first import, read and written in one pass':<52}{b:>10.3f}")
        print(f"{'(c) re-import of the unchanged file':<52}{c:>10.3f}")
        print(f"{'(d) upload page: analyse task, then apply task':<52}{d:>10.3f}")
        print(f"{'(e) read, analyse, apply one after another':<52}{e:>10.3f}")
        print("-" * 62)
        print(f"{f'b/a (target <= {FIRST_IMPORT_TARGET:g})':<52}{b / a:>10.2f}  "
              f"{'PASS' if b / a <= FIRST_IMPORT_TARGET else 'FAIL'}")
        print(f"{'c/b (target <= 1)':<52}{c / b:>10.2f}  {'PASS' if c / b <= 1 else 'FAIL'}")
        print(f"{'d/a (for information)':<52}{d / a:>10.2f}")
        print(f"{'e/a (for information)':<52}{e / a:>10.2f}")
        print("(e) phases: " + ", ".join(
            f"{name} {statistics.median(times):.3f} s" for name, times in phases.items()))
        print(f"first import: {first_counts}; re-import: {again_counts}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if b / a > FIRST_IMPORT_TARGET or c / b > 1:
        sys.exit(1)


if __name__ == "__main__":
    main()
