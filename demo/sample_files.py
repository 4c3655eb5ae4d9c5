"""Sample files for the demo council (Northshire, LA 999) in the real formats, so a newcomer
can try every import: a GIAS establishments extract and a GIAS links file, an Ofsted
management-information extract (the 2026 columns) and a key stage 2 performance tables file
(the per-LA download). Made from the demo's own generator (`demo.register`, `demo.public`), so
they carry the demo council's made-up URNs and match what `seed_demo` loads; never copies of
real data (only the column layouts are the real ones).

`python manage.py demo_sample_files` writes them to `demo/files/`, where they are committed
(small: a few hundred rows each); tests/test_demo_teaches.py checks the committed files are
what the generator makes today and that each imports cleanly through the real importer.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from categorisation.models import GradeLabel, Inspection, InspectionEra
from demo.councils import DemoCouncil
from demo.names import HEAD_NAME
from demo.public import KS2_NATIONAL, generate_public_data
from demo.register import demo_head_school, generate_register, name_the_head
from schools.gias.columns import ESTABLISHMENT_COLUMNS, PHASE_COLUMN, URN_COLUMN
from schools.models import Establishment, Phase

FILES_DIR = Path(__file__).resolve().parent / "files"
KS2_YEAR = 2023

# File name -> what it is, and which import takes it.
SAMPLES = {
    "gias_establishments_999.csv": "GIAS establishments extract (the council’s register)",
    "gias_links_999.csv": "GIAS links file (academy conversions: predecessor and successor)",
    "ofsted_mi_999.csv": "Ofsted management information: latest inspections",
    f"{KS2_YEAR}-{KS2_YEAR + 1}_999_ks2final.csv": "Key stage 2 performance tables (per-LA)",
}
GIAS_ESTABLISHMENTS, GIAS_LINKS, OFSTED_MI, KS2 = SAMPLES
OFSTED_HEADER = [
    "Web Link (opens in new window)", "URN", "LAESTAB", "School name", "Ofsted phase",
    "Type of education", "School open date", "Admissions policy", "Sixth form",
    "Designated religious character", "Religious ethos", "Faith grouping", "Ofsted region",
    "Region", "Local authority", "Parliamentary constituency", "Postcode",
    "Multi-academy trust UID", "Multi-academy trust name", "Academy sponsor UID",
    "Academy sponsor name", "The income deprivation affecting children index (IDACI) quintile",
    "Total number of pupils", "Statutory lowest age", "Statutory highest age",
    "Inspection number of latest full inspection", "Inspection type", "Inspection type grouping",
    "Event type grouping", "Inspection start date", "Publication date",
    "Does the latest full inspection relate to the URN of the current school?",
    "URN at time of latest full inspection", "LAESTAB at time of latest full inspection",
    "School name at time of latest full inspection",
    "School type at time of latest full inspection", "Category of concern",
    "Safeguarding standards", "Safeguarding standards - date of judgement", "Inclusion",
    "Inclusion - date of judgement", "Curriculum and teaching",
    "Curriculum and teaching - date of judgement", "Achievement",
    "Achievement - date of judgement", "Attendance and behaviour",
    "Attendance and behaviour - date of judgement", "Personal development and wellbeing",
    "Personal development and wellbeing - date of judgement", "Early years (where applicable)",
    "Early years - date of judgement", "Post-16 provision (where applicable)",
    "Post-16 provision - date of judgement", "Leadership and governance",
    "Leadership and governance - date of judgement",
    "Inspection number of latest OEIF graded inspection",
    "Inspection type of latest OEIF graded inspection",
    "Inspection type grouping of latest OEIF graded inspection",
    "Event type grouping of latest OEIF graded inspection",
    "Inspection start date of latest OEIF graded inspection",
    "Publication date of latest OEIF graded inspection",
    "Does the latest OEIF graded inspection relate to the URN of the current school?",
    "URN at time of latest OEIF graded inspection",
    "LAESTAB at time of latest OEIF graded inspection",
    "School name at time of latest OEIF graded inspection",
    "School type at time of latest OEIF graded inspection", "Latest OEIF category of concern",
    "Latest OEIF overall effectiveness", "Latest OEIF quality of education",
    "Latest OEIF behaviour and attitudes", "Latest OEIF personal development",
    "Latest OEIF effectiveness of leadership and management",
    "Latest OEIF  safeguarding is effective?",
    "Latest OEIF early years provision (where applicable)",
    "Latest OEIF sixth form provision (where applicable)", "Latest ungraded inspection number",
    "Date of latest ungraded inspection", "Ungraded inspection publication date",
    "Does the ungraded inspection relate to the URN of the current school?",
    "URN at time of the ungraded inspection", "LAESTAB at time of the ungraded inspection",
    "School name at time of the ungraded inspection",
    "School type at time of the ungraded inspection", "Ungraded inspection overall outcome",
    "Most recent category of concern",
]

KS2_HEADER = ["RECTYPE", "ALPHAIND", "LEA", "ESTAB", "URN", "SCHNAME", "TOWN", "PCODE",
              "TELIG", "PTRWM_EXP"]
GIAS_PHASES: dict[str, str] = {Phase.NURSERY: "Nursery", Phase.PRIMARY: "Primary",
               Phase.SECONDARY: "Secondary", Phase.ALL_THROUGH: "All-through"}
OFSTED_PHASES: dict[str, str] = {Phase.NURSERY: "Nursery", Phase.PRIMARY: "Primary",
                 Phase.SECONDARY: "Secondary", Phase.ALL_THROUGH: "All-through",
                 Phase.SPECIAL: "Special", Phase.ALTERNATIVE_PROVISION: "PRU"}


def _csv(rows: Iterable[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def _gias_date(day: date | None) -> str:
    return f"{day:%d-%m-%Y}" if day else ""


def _ofsted_date(day: date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "NULL"


def gias_establishments(establishments: list[Establishment]) -> bytes:
    """A GIAS "selected fields" download: URN, the columns the register keeps, the phase."""
    columns = list(ESTABLISHMENT_COLUMNS)
    rows: list[list] = [[URN_COLUMN, *columns, PHASE_COLUMN]]
    for e in sorted(establishments, key=lambda e: e.urn):
        row: list = [e.urn]
        for column in columns:
            name, kind = ESTABLISHMENT_COLUMNS[column]
            value = getattr(e, name)
            row.append(_gias_date(value) if kind == "date" else "" if value is None else value)
        row.append(GIAS_PHASES.get(e.phase, "Not applicable"))
        rows.append(row)
    return _csv(rows)


def gias_links(register) -> bytes:
    return _csv([["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"]] + [
        [link.urn, link.linked_urn, link.linked_name, link.link_type,
         _gias_date(link.established_date)]
        for link in sorted(register.links, key=lambda link: (link.urn, link.linked_urn))])


class _Labels:
    """The words Ofsted's file uses for a grade, from the grade labels (reference data)."""

    def __init__(self) -> None:
        self.by_rank: dict[tuple[str, int], str] = {}
        self.by_code: dict[tuple[str, str], str] = {}
        for label in GradeLabel.objects.filter(is_judgement=True).select_related("scale"):
            if label.rank is not None:
                self.by_rank.setdefault((label.scale.code, label.rank), label.label)
            self.by_code[(label.scale.code, label.code)] = label.label

    def report_card(self, rank: int | None) -> str:
        return self.by_rank[("report_card", rank)] if rank else "NULL"

    def concern(self, code: str) -> str:
        return self.by_code.get(("category_of_concern", code), "") if code else ""


def _latest(inspections: list[Inspection], eras: set[str]) -> Inspection | None:
    found = [i for i in inspections if i.era in eras]
    return max(found, key=lambda i: i.start_date) if found else None


def _about(i: Inspection, laestab: dict[int, str]) -> list:
    return [_ofsted_date(i.publication_date), "Yes" if i.relates_to_current_urn else "No",
            i.inspected_urn, laestab.get(i.inspected_urn, ""), i.inspected_name,
            i.inspected_type]


def _report_card_cells(i: Inspection | None, laestab, labels: _Labels) -> list:
    if i is None:
        return ["NULL"] * 30
    on = _ofsted_date(i.start_date)
    areas = [i.inclusion, i.curriculum_and_teaching, i.achievement, i.attendance_and_behaviour,
             i.personal_development_and_wellbeing, i.early_years_report_card, i.post_16,
             i.leadership_and_governance]
    cells = [i.inspection_number, i.inspection_type, i.inspection_type_grouping,
             i.event_type_grouping, on, *_about(i, laestab),
             labels.concern(i.category_of_concern), "Met" if i.safeguarding_met else "Not met",
             on]
    for grade in areas:
        cells += [labels.report_card(grade), on if grade else "NULL"]
    return cells


def _oeif_cells(i: Inspection | None, laestab, labels: _Labels) -> list:
    if i is None:
        return ["NULL"] * 20

    def grade(value: int | None) -> str:
        return str(value) if value else "NULL"

    return [i.inspection_number, i.inspection_type, i.inspection_type_grouping,
            i.event_type_grouping, _ofsted_date(i.start_date), *_about(i, laestab),
            labels.concern(i.category_of_concern), grade(i.overall_effectiveness),
            grade(i.quality_of_education), grade(i.behaviour_and_attitudes),
            grade(i.personal_development), grade(i.leadership_and_management),
            "Yes" if i.safeguarding_met else "No", grade(i.early_years), grade(i.sixth_form)]


def _ungraded_cells(i: Inspection | None, laestab) -> list:
    if i is None:
        return ["NULL"] * 9
    return [i.inspection_number, _ofsted_date(i.start_date), *_about(i, laestab),
            i.ungraded_outcome]


def ofsted_mi(establishments: list[Establishment], inspections: list[Inspection]) -> bytes:
    """One row per open school with its latest report card, OEIF graded and ungraded
    inspections in their blocks of columns, as Ofsted's monthly file has them."""
    labels = _Labels()
    laestab = {e.urn: f"{e.la_code}{e.establishment_number}" for e in establishments}
    by_urn: dict[int, list[Inspection]] = {}
    for inspection in inspections:
        by_urn.setdefault(inspection.urn, []).append(inspection)
    rows: list[list] = [OFSTED_HEADER]
    for e in sorted(establishments, key=lambda e: e.urn):
        if not e.is_open:
            continue
        mine = by_urn.get(e.urn, [])
        graded = _latest(mine, {InspectionEra.OEIF_GRADED, InspectionEra.OEIF_SUB_JUDGEMENTS})
        report_card = _latest(mine, {InspectionEra.REPORT_CARD})
        latest = report_card or graded
        context = [
            f"http://www.ofsted.gov.uk/inspection-reports/find-inspection-report/provider/ELS/"
            f"{e.urn}", e.urn, laestab[e.urn], e.name, OFSTED_PHASES.get(e.phase, "NULL"),
            e.type_name, _ofsted_date(e.open_date), "Not applicable",
            "Has a sixth form" if (e.statutory_high_age or 0) > 16
            else "Does not have a sixth form", e.religious_character, e.religious_character,
            "Non-faith" if e.religious_character == "Does not apply" else "Christian",
            e.region, e.region, e.la_name, "NULL", e.postcode, "NULL", e.trust_name or "NULL",
            "NULL", "NULL", "3", e.number_of_pupils or "NULL", e.statutory_low_age,
            e.statutory_high_age]
        row = (context + _report_card_cells(report_card, laestab, labels)
               + _oeif_cells(graded, laestab, labels)
               + _ungraded_cells(_latest(mine, {InspectionEra.UNGRADED}), laestab)
               + [labels.concern(latest.category_of_concern) if latest else ""])
        assert len(row) == len(OFSTED_HEADER)
        rows.append(row)
    return _csv(rows)


def ks2_final(establishments: list[Establishment], indicators) -> bytes:
    """The per-LA KS2 download for one year: a row per school with results (RECTYPE 1, 2 for
    special schools), the LA's row (3) and England's (4: all schools, 5: state-funded)."""
    by_urn = {e.urn: e for e in establishments}
    rows: list[list] = [KS2_HEADER]
    cohort = 0
    for item in sorted(indicators, key=lambda item: item.urn):
        if item.measure != "ks2_rwm_expected" or item.year != KS2_YEAR:
            continue
        e = by_urn[item.urn]
        value = item.suppression or f"{item.value:.0f}%"
        pupils = item.cohort or ""
        cohort += item.cohort or 0
        rows.append(["2" if e.phase == Phase.SPECIAL else "1", e.name[:1], e.la_code,
                     e.establishment_number, e.urn, e.name, e.town, e.postcode, pupils, value])
    national = f"{KS2_NATIONAL[KS2_YEAR]:.0f}%"
    first = next(iter(by_urn.values()))
    rows += [["3", "", first.la_code, "", "", first.la_name, "", "", cohort, national],
             ["4", "", "", "", "", "", "", "", 640000, national],
             ["5", "", "", "", "", "", "", "", 620000, national]]
    return _csv(rows)


def sample_files(*, seed: int = 2025) -> dict[str, bytes]:
    """File name -> content, for Northshire as `seed_demo` makes it (needs the grade labels
    in the database)."""
    register = generate_register(seed=seed, council=DemoCouncil.for_la())
    head_school = demo_head_school(register)
    name_the_head(head_school, HEAD_NAME)
    public = generate_public_data(establishments=register.establishments, links=register.links,
                                  seed=seed, profiles={head_school.urn: (2, "declining", "graded")})
    return {
        GIAS_ESTABLISHMENTS: gias_establishments(register.establishments),
        GIAS_LINKS: gias_links(register),
        OFSTED_MI: ofsted_mi(register.establishments, public.inspections),
        KS2: ks2_final(register.establishments, public.indicators),
    }
