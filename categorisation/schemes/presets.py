"""The three ready presets, as data. A tenant loads one and edits it like any scheme.

Each preset: key, name, description, categories [(code, label, description, colour,
attributes)], and the definition the engine reads. Where a source was silent the choice is
stated in the category or rule text, so a tenant admin can see and change it.
"""

from __future__ import annotations

CONCERN = {"fact": "inspection.category_of_concern", "op": "in",
           "value": ["serious_weaknesses", "special_measures",
                     "requires_significant_improvement"]}


def fact(name: str, op: str, value=None) -> dict:
    test = {"fact": name, "op": op}
    if value is not None:
        test["value"] = value
    return test


GRADE = "inspection.grade"
# A trend decides only when there are results to compute it from; without them ("unknown") the
# rules say the category is not determined and an officer chooses — never a silent "improving".
TREND_KNOWN = {"fact": "trend", "op": "in", "value": ["improving", "stable"]}
TREND_UNKNOWN = {"fact": "trend", "op": "eq", "value": "unknown"}
CONCERN_RECORDED = {"fact": "intelligence.high_concern", "op": "is_true"}
NO_CONCERN_RECORDED = {"fact": "intelligence.high_concern", "op": "is_false"}
# Local intelligence the presets read (DESIGN §3): a high-severity safeguarding or leadership
# concern recorded in the twelve months to the as-at date. A tenant edits the kinds and months.
INTELLIGENCE = {"intelligence_kinds": ["safeguarding_concern", "leadership_concern"],
                "intelligence_months": 12}
RC_LOWEST = "inspection.report_card.lowest"
RC_LEADERSHIP = "inspection.report_card.leadership"

# --- Warwickshire: seed 001 (CYP O&S, 18 June 2013), "Categorisations" and appendix D ------
# The seed lists the eight categories and says the category rests on Ofsted outcomes and
# performance data (trend) and, for 3D, leadership. "Satisfactory" was Ofsted's grade 3 until
# 1 September 2012, when "requires improvement" replaced it: 3A/3B read a grade 3 given before
# that date, 3C/3D one given after. Report cards (from November 2025) have no overall grade:
# the rules read their weakest evaluation area instead (an assumption, editable).
WARWICKSHIRE = {
    "key": "warwickshire",
    "name": "Warwickshire categorisation",
    "description": (
        "Eight categories from Ofsted outcomes, the trend of performance indicators and the "
        "leadership judgement (Warwickshire CYP O&S, 18 June 2013). Grade 3 was "
        "'satisfactory' until 1 September 2012: 3A and 3B arise only from an inspection before "
        "that date; a later grade 3 is 'requires improvement', 3C, or 3D with good "
        "leadership."
    ),
    "categories": [
        ("1", "Outstanding", "Peer support.", "green",
         {"academy_offer": "Core CPD offer - no visit from an officer", "triggers_funding": False}),
        ("2A", "Good - improving", "School-to-school support.", "green",
         {"academy_offer": "Core CPD offer - no visit from an officer", "triggers_funding": False}),
        ("2B", "Good - declining", "", "yellow",
         {"academy_offer": "Core CPD offer - no visit from an officer", "triggers_funding": False}),
        ("3A", "Satisfactory - declining",
         "Triggers differentiated funding for the consortium.", "amber",
         {"academy_offer": "Core CPD offer - no visit from an officer", "triggers_funding": True}),
        ("3B", "Satisfactory - improving",
         "Triggers differentiated funding for the consortium.", "amber",
         {"academy_offer": "Contact from assigned officer with offer to broker additional "
                           "support", "triggers_funding": True}),
        ("3C", "Requires improvement", "", "amber",
         {"academy_offer": "Core CPD offer - no visit from an officer", "triggers_funding": True}),
        ("3D", "Requires improvement with good leadership", "", "amber",
         {"academy_offer": "Contact from assigned officer with offer to broker additional "
                           "support", "triggers_funding": True}),
        ("4", "Inadequate - serious weaknesses or special measures",
         "LA responsibility in partnership with the consortium; attached LA officer.", "red",
         {"academy_offer": "Close liaison with responsible body by assigned officer, with "
                           "additional assistance as negotiated", "triggers_funding": False,
          "la_responsibility": True}),
        ("U", "Not yet categorised",
         "Not one of the 2013 categories: no graded judgement on record (a new school, or only "
         "an ungraded inspection whose graded inspection is not on record). Agree a category "
         "by hand.", "grey", {"placeholder": True}),
    ],
    "definition": {
        "parameters": {"att8_band": 3, "trend_published_years": 3,
                       "satisfactory_before": "2012-09-01", **INTELLIGENCE},
        "rules": [
            {"category": "4", "when": {"any": [CONCERN, fact(GRADE, "eq", 4)]},
             "because": "inadequate or in an Ofsted category of concern"},
            # A good or outstanding school the LA has a recent serious concern about is proposed
            # no better than 2B, whatever its results; the reason names the item.
            {"category": "2B", "when": {"all": [
                {"any": [fact(GRADE, "lte", 2), fact(RC_LOWEST, "lte", 3)]},
                CONCERN_RECORDED]},
             "because": "good or better, but the LA holds a recent serious concern: no better "
                        "than 2B"},
            {"category": "1", "when": fact(GRADE, "eq", 1), "because": "outstanding"},
            {"category": "1", "when": fact(RC_LOWEST, "lte", 2),
             "because": "a report card with every area strong or exceptional, read as "
                        "outstanding"},
            {"category": "2B", "when": {"all": [
                {"any": [fact(GRADE, "eq", 2), fact(RC_LOWEST, "eq", 3)]},
                {"any": [fact("trend", "eq", "declining"),
                         fact("inspection.ungraded_signal", "eq", "concerns")]}]},
             "because": "good, but indicators are declining or Ofsted raised concerns"},
            {"category": "2A", "when": {"all": [
                {"any": [fact(GRADE, "eq", 2), fact(RC_LOWEST, "eq", 3)]}, TREND_KNOWN]},
             "because": "good and not declining"},
            {"undetermined": ["2A", "2B"], "when": {"all": [
                {"any": [fact(GRADE, "eq", 2), fact(RC_LOWEST, "eq", 3)]}, TREND_UNKNOWN]},
             "because": "good, but with no recent results to show whether it is improving or "
                        "declining"},
            {"category": "3A", "when": {"all": [
                fact(GRADE, "eq", 3), fact("inspection.grade_date", "lt", "2012-09-01"),
                fact("trend", "eq", "declining")]},
             "because": "satisfactory (graded before September 2012) and declining"},
            {"category": "3B", "when": {"all": [
                fact(GRADE, "eq", 3), fact("inspection.grade_date", "lt", "2012-09-01"),
                TREND_KNOWN]},
             "because": "satisfactory (graded before September 2012) and not declining"},
            {"undetermined": ["3A", "3B"], "when": {"all": [
                fact(GRADE, "eq", 3), fact("inspection.grade_date", "lt", "2012-09-01"),
                TREND_UNKNOWN]},
             "because": "satisfactory (graded before September 2012), with no results to show "
                        "whether it is improving or declining"},
            {"category": "3D", "when": {"any": [
                {"all": [fact(GRADE, "eq", 3), fact("inspection.leadership", "lte", 2)]},
                {"all": [fact(RC_LOWEST, "eq", 4), fact(RC_LEADERSHIP, "lte", 3)]}]},
             "because": "requires improvement, with leadership good or better"},
            {"category": "3C", "when": {"any": [fact(GRADE, "eq", 3), fact(RC_LOWEST, "eq", 4)]},
             "because": "requires improvement"},
            {"category": "U", "when": fact(GRADE, "missing"),
             "because": "no graded judgement on record"},
        ],
    },
}

# --- Wiltshire: seed 000 ("Shaping the future", paragraphs 11-13) ---------------------------
# Four capacity levels agreed with each school; a school can give and receive. The seed does
# not name the levels: the names and the data rules below are this preset's proposal, used
# until a level is agreed (officer judgement `capacity_level`, which always wins).
WILTSHIRE = {
    "key": "wiltshire",
    "name": "Wiltshire capacity levels",
    "description": (
        "Four levels of capacity, agreed with each school: whether it needs capacity (intensive "
        "support, regular accountability meetings) or can give it (peer support, quality "
        "assurance of practice). A school can both give and receive (Wiltshire, 'Shaping the "
        "future')."
    ),
    "categories": [
        ("1", "Level 1 - gives capacity",
         "Secure, strong outcomes: quality-assures practice, supports other schools.", "green",
         {"gives": True, "receives": False}),
        ("2", "Level 2 - gives and receives",
         "Secure: offers support in its strengths and receives it where needed.", "yellow",
         {"gives": True, "receives": True}),
        ("3", "Level 3 - needs capacity",
         "Targeted support from central services, partners or other schools.", "amber",
         {"gives": False, "receives": True}),
        ("4", "Level 4 - needs intensive capacity",
         "Intensive support and regular accountability meetings.", "red",
         {"gives": False, "receives": True, "intensive": True}),
        ("TBA", "To be agreed", "No agreed level and no data to propose one.", "grey",
         {"placeholder": True}),
    ],
    "definition": {
        "parameters": {"att8_band": 3, "trend_published_years": 3},
        "rules": [
            *[{"category": level, "when": fact("officer.capacity_level", "eq", level),
               "because": "level agreed with the school"} for level in ("1", "2", "3", "4")],
            {"category": "4", "when": {"any": [
                CONCERN, fact(GRADE, "eq", 4), fact("stuck", "eq", "yes"),
                fact(RC_LOWEST, "eq", 5)]},
             "because": "inadequate, in a category of concern, or requires improvement twice"},
            {"category": "3", "when": {"any": [
                fact(GRADE, "eq", 3), fact(RC_LOWEST, "eq", 4),
                fact("inspection.ungraded_signal", "eq", "concerns")]},
             "because": "below good, or Ofsted raised concerns"},
            {"category": "1", "when": {"all": [
                {"any": [fact(GRADE, "eq", 1), fact(RC_LOWEST, "lte", 2)]}, TREND_KNOWN]},
             "because": "outstanding and not declining"},
            {"undetermined": ["1", "2"], "when": {"all": [
                {"any": [fact(GRADE, "eq", 1), fact(RC_LOWEST, "lte", 2)]}, TREND_UNKNOWN]},
             "because": "outstanding, with no recent results to show whether it is declining"},
            {"category": "2", "when": {"any": [
                fact(GRADE, "lte", 2), fact(RC_LOWEST, "eq", 3)]},
             "because": "good, or outstanding with declining indicators"},
            {"category": "TBA", "when": fact(GRADE, "missing"),
             "because": "nothing to propose a level from"},
        ],
    },
}

# --- Welsh national categorisation (2014-2022) ----------------------------------------------
# Step 1: standards group 1-4 from data; step 2: improvement capacity A-D judged by the
# challenge adviser (officer judgement `improvement_capacity`); step 3: support colour, worth up
# to 4 / 10 / 15 / 25 days. The step 3 matrix here follows its diagonal (group number plus
# capacity letter A=1..D=4: up to 3 green, 4 yellow, 5 amber, 6 or more red; a recent serious
# concern in the LA's local intelligence moves the colour one up): an assumption to
# check against the Welsh Government guidance; it is data and can be edited. The standards
# group thresholds (mean gap to national in points) are likewise this preset's proposal.
CAPACITY_SCORE = {"A": 1, "B": 2, "C": 3, "D": 4}


# The colour each sum gives without a concern, best first.
WELSH_COLOURS = (("green", {2, 3}), ("yellow", {4}), ("amber", {5}), ("red", {6, 7, 8}))


def _welsh_cells(colour: str) -> dict:
    """The matrix cells giving `colour`. A recent serious concern recorded by the LA moves a
    school one colour up (red stays red), so a colour's cells are its own without a concern and
    the colour below's with one."""
    position = [name for name, _ in WELSH_COLOURS].index(colour)
    own = WELSH_COLOURS[position][1]
    below = WELSH_COLOURS[position - 1][1] if position else set()
    with_concern = below | own if colour == "red" else below
    cells = []
    for concern, sums in ((NO_CONCERN_RECORDED, own), (CONCERN_RECORDED, with_concern)):
        for group in (1, 2, 3, 4):
            capacities = [letter for letter, score in CAPACITY_SCORE.items()
                          if group + score in sums]
            if capacities:
                cells.append({"all": [fact("standards_group", "eq", group),
                                      fact("officer.improvement_capacity", "in", capacities),
                                      concern]})
    return {"any": cells}


WELSH = {
    "key": "welsh",
    "name": "Welsh national categorisation",
    "description": (
        "Standards group 1-4 from data, improvement capacity A-D judged by the adviser, and a "
        "support colour: green, yellow, amber or red, worth up to 4, 10, 15 or 25 days."
    ),
    "categories": [
        ("green", "Green", "Highly effective: up to 4 days of support.", "green",
         {"support_days": 4}),
        ("yellow", "Yellow", "Effective: up to 10 days of support.", "yellow",
         {"support_days": 10}),
        ("amber", "Amber", "In need of improvement: up to 15 days of support.", "amber",
         {"support_days": 15}),
        ("red", "Red", "In need of greatest improvement: up to 25 days of support.", "red",
         {"support_days": 25}),
        ("awaiting", "Awaiting judgement",
         "No standards group (no indicators) or no improvement capacity judged yet.", "grey",
         {"placeholder": True, "support_days": 0}),
    ],
    "definition": {
        "parameters": {"att8_band": 3, "trend_published_years": 3,
                       **INTELLIGENCE},
        "derive": [{
            "fact": "standards_group", "label": "standards group",
            "rules": [
                {"value": 1, "when": fact("indicators.gap", "gte", 5)},
                {"value": 2, "when": fact("indicators.gap", "gte", 0)},
                {"value": 3, "when": fact("indicators.gap", "gte", -5)},
                {"value": 4, "when": fact("indicators.gap", "exists")},
            ],
        }],
        "rules": [
            {"category": "green", "when": _welsh_cells("green")},
            {"category": "yellow", "when": _welsh_cells("yellow")},
            {"category": "amber", "when": _welsh_cells("amber")},
            {"category": "red", "when": _welsh_cells("red")},
            {"category": "awaiting", "when": {"any": [
                fact("standards_group", "missing"),
                fact("officer.improvement_capacity", "missing")]},
             "because": "the standards group or the adviser's capacity judgement is missing"},
        ],
    },
}

PRESETS = {preset["key"]: preset for preset in (WARWICKSHIRE, WILTSHIRE, WELSH)}
