"""Categorisation: the public inspection and indicator store, and each tenant's schemes and results.

Public reference data (no tenant, keyed by URN, stored once for every tenant, like
`schools.Establishment`): `GradeScale`, `GradeLabel`, `Inspection`, `PerformanceIndicator`.

Tenant data (subclasses of `core.models.TenantOwned`): `CategorisationScheme` and its
`SchemeCategory` rows, `OfficerJudgement` (an adviser's capacity judgement and the like),
`CategoryProposal` (what the engine computed) and `SchoolCategory` (each workflow step).

One module per kind: `public` (grade words, inspections, indicators), `schemes`, `results`
(proposals, category steps, moderation cases) and `pipeline` (status records). Every model is
importable from `categorisation.models`.
"""

from categorisation.models.pipeline import CategoryComputation, DataArrival, DataImport
from categorisation.models.public import (
    CategoryOfConcern,
    GradeLabel,
    GradeScale,
    Inspection,
    InspectionEra,
    InspectionQuerySet,
    PerformanceIndicator,
)
from categorisation.models.results import CategoryProposal, ModerationCase, SchoolCategory
from categorisation.models.schemes import CategorisationScheme, OfficerJudgement, SchemeCategory

__all__ = [
    "CategorisationScheme", "CategoryComputation", "CategoryOfConcern", "CategoryProposal",
    "DataArrival", "DataImport", "GradeLabel", "GradeScale", "Inspection", "InspectionEra",
    "InspectionQuerySet", "ModerationCase", "OfficerJudgement", "PerformanceIndicator",
    "SchemeCategory", "SchoolCategory",
]
