"""Seed the grade labels Ofsted publishes. Later labels are added as data, not code.

The ungraded outcomes are the seven wordings found in Ofsted's management information of
28 February 2026; another wording is reported as unknown by the importer until it is added here
or in the admin with its meaning.
"""

from django.db import migrations

# scale code, scale name, [(code, label, aliases, rank, is_judgement, implied_grade, signal)]
SCALES = [
    ("oeif", "Graded inspection (1 to 4)", [
        ("outstanding", "Outstanding", ["1"], 1, True, None, ""),
        ("good", "Good", ["2"], 2, True, None, ""),
        ("requires_improvement", "Requires improvement", ["3", "Satisfactory"], 3, True, None,
         ""),
        ("inadequate", "Inadequate", ["4"], 4, True, None, ""),
        ("not_judged", "Not judged", ["9", "Not applicable", "No judgement"], None, False, None,
         ""),
    ]),
    ("report_card", "Report card evaluation area", [
        ("exceptional", "Exceptional", [], 1, True, None, ""),
        ("strong_standard", "Strong standard", [], 2, True, None, ""),
        ("expected_standard", "Expected standard", [], 3, True, None, ""),
        ("needs_attention", "Needs attention", ["Attention needed"], 4, True, None, ""),
        ("urgent_improvement", "Urgent improvement", [], 5, True, None, ""),
        ("not_applicable", "Not applicable", ["Not judged"], None, False, None, ""),
    ]),
    ("ungraded_outcome", "Ungraded inspection outcome", [
        ("remains_outstanding", "School remains Outstanding", [], None, True, 1, "maintained"),
        ("remains_good", "School remains Good", [], None, True, 2, "maintained"),
        ("remains_outstanding_concerns", "School remains Outstanding (Concerns) - S5 Next", [],
         None, True, 1, "concerns"),
        ("remains_good_concerns", "School remains Good (Concerns) - S5 Next", [], None, True, 2,
         "concerns"),
        ("remains_good_improving", "School remains Good (Improving) - S5 Next", [], None, True,
         2, "improving"),
        ("standards_maintained", "Standards maintained", [], None, True, None, "maintained"),
        ("some_aspects_not_as_strong", "Some aspects not as strong", [], None, True, None,
         "concerns"),
    ]),
    ("safeguarding", "Safeguarding", [
        ("met", "Met", ["Yes", "Effective"], 1, True, None, ""),
        ("not_met", "Not met", ["No", "Not effective"], 2, True, None, ""),
    ]),
    ("category_of_concern", "Category of concern", [
        ("serious_weaknesses", "Serious weaknesses", ["SWK"], None, True, None, ""),
        ("special_measures", "Special measures", ["SM"], None, True, None, ""),
        ("requires_significant_improvement", "Requires significant improvement", ["RSI"], None,
         True, None, ""),
    ]),
]


def seed(apps, schema_editor):
    GradeScale = apps.get_model("categorisation", "GradeScale")
    GradeLabel = apps.get_model("categorisation", "GradeLabel")
    for scale_code, scale_name, labels in SCALES:
        scale, _ = GradeScale.objects.get_or_create(code=scale_code, defaults={"name": scale_name})
        for code, label, aliases, rank, is_judgement, implied, signal in labels:
            GradeLabel.objects.update_or_create(
                scale=scale, code=code,
                defaults={"label": label, "aliases": aliases, "rank": rank,
                          "is_judgement": is_judgement, "implied_grade": implied,
                          "signal": signal},
            )


def unseed(apps, schema_editor):
    apps.get_model("categorisation", "GradeScale").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("categorisation", "0001_inspections_indicators_schemes")]

    operations = [migrations.RunPython(seed, unseed)]
