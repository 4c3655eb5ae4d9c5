"""Plain-English wording of the facts a scheme reads and of its rules: the pages, the scheme
editor, its preview and the comparison of versions all use these words."""

from __future__ import annotations

from typing import Any

from categorisation.derived import OEIF_WORDS
from categorisation.models import InspectionEra
from categorisation.schemes.facts import OFFICER_PREFIX, REPORT_CARD_WORDS

FACT_LABELS = {
    "school.governance": "Governance",
    "school.phase": "Phase",
    "school.is_maintained": "Maintained by the LA",
    "inspection.exists": "Inspected",
    "inspection.date": "Latest inspection",
    "inspection.era": "Kind of inspection",
    "inspection.of_predecessor": "Inspection of a predecessor school",
    "inspection.grade": "Graded judgement in force",
    "inspection.grade_date": "Date of that graded judgement",
    "inspection.leadership": "Leadership and management",
    "inspection.ungraded_signal": "Ungraded inspection signal",
    "inspection.category_of_concern": "Category of concern",
    "inspection.report_card.lowest": "Weakest report-card area",
    "inspection.report_card.leadership": "Leadership and governance (report card)",
    "inspection.safeguarding_met": "Safeguarding met",
    "trend": "Trend of results",
    "trend.against_national": "Trend against national",
    "indicators.gap": "Gap to national (points)",
    "stuck": "Stuck school",
    "intelligence.high_concern": "Recent serious concern recorded by the LA",
    "stuck.form": "Stuck school: the form that applied",
    "stuck.legacy": "Stuck school (graded inspections)",
    "stuck.key_judgements": "Stuck school (2024-25 inspections without an overall grade)",
    "stuck.report_card": "Stuck school (report cards)",
    "flag.monitoring": "Report-card monitoring flag",
    "flag.rise": "RISE eligibility",
    "flag.low_attainment": "Low-attainment watchlist",
    "flag.intervention": "Academy order for a school in a category of concern",
}
OPS = {"eq": "is", "ne": "is not", "in": "is one of", "not_in": "is none of",
       "lt": "is below", "lte": "is at most", "gt": "is above", "gte": "is at least",
       "exists": "is known", "missing": "is not known", "is_true": "is yes",
       "is_false": "is no"}
GRADE_FACTS = {"inspection.grade", "inspection.leadership"}
REPORT_CARD_FACTS = {"inspection.report_card.lowest", "inspection.report_card.leadership"}


def fact_label(name: str) -> str:
    if name in FACT_LABELS:
        return FACT_LABELS[name]
    if name.startswith(OFFICER_PREFIX):
        return "Officer's judgement: " + name[len(OFFICER_PREFIX):].replace("_", " ")
    return name.replace("_", " ").replace(".", ": ").capitalize()


def fact_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "None" if name == "inspection.category_of_concern" else "Not on record"
    if name == "inspection.era" and value in InspectionEra.values:
        return InspectionEra(value).label
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in GRADE_FACTS and isinstance(value, int):
        return f"{OEIF_WORDS.get(value, value)} ({value})"
    if name in REPORT_CARD_FACTS and isinstance(value, int):
        return f"{REPORT_CARD_WORDS.get(value, value)} ({value})"
    if isinstance(value, list):
        return ", ".join(str(item).replace("_", " ") for item in value)
    return str(value).replace("_", " ")


def evidence_rows(evidence: dict) -> list[dict]:
    return [{"name": name, "label": fact_label(name), "value": fact_value(name, value)}
            for name, value in sorted((evidence or {}).items())]


def describe_condition(condition: dict) -> str:
    """A rule's condition as a sentence: "all of: Graded judgement in force is 3; ..."."""
    if not isinstance(condition, dict):
        return str(condition)
    if "all" in condition:
        return "all of (" + "; ".join(describe_condition(c) for c in condition["all"]) + ")"
    if "any" in condition:
        return "any of (" + "; ".join(describe_condition(c) for c in condition["any"]) + ")"
    if "not" in condition:
        return "not (" + describe_condition(condition["not"]) + ")"
    name = condition.get("fact", "?")
    op = condition.get("op", "")
    text = f"{fact_label(name)} {OPS.get(op, op)}"
    if "value" in condition:
        text += f" {fact_value(name, condition['value'])}"
    return text


def describe_definition(definition: dict, labels: dict[str, str]) -> dict:
    """The scheme's derive steps and rules, each as readable text, in order."""
    derive = [{"fact": step.get("label", step.get("fact", "")),
               "rules": [f"{rule.get('value')} when {describe_condition(rule.get('when', {}))}"
                         for rule in step.get("rules", [])]}
              for step in definition.get("derive", [])]
    rules = [{"number": number, "category": rule.get("category", ""),
              "label": labels.get(rule.get("category", ""), ""),
              "when": describe_condition(rule.get("when", {})),
              "because": rule.get("because", "")}
             for number, rule in enumerate(definition.get("rules", []), start=1)]
    return {"parameters": definition.get("parameters", {}), "derive": derive, "rules": rules}
