"""Categorisation: the public inspection and indicator store, and each tenant's schemes and results.

Public reference data (no tenant, keyed by URN, stored once for every tenant, like
`schools.Establishment`): `GradeScale`, `GradeLabel`, `Inspection`, `PerformanceIndicator`.

A council's own layer (`tenant_layer`): `TenantInspection` and `TenantIndicator`, what it
entered or uploaded itself, read by it alone until the national store supersedes them.

Tenant data (subclasses of `core.models.TenantOwned`): `CategorisationScheme` and its
`SchemeCategory` rows, `OfficerJudgement` (an adviser's capacity judgement and the like),
`CategoryProposal` (what the engine computed) and `SchoolCategory` (each workflow step).

One module per kind: `public` (grade words, inspections, indicators), `schemes`, `results`
(proposals, category steps, moderation cases), `rounds` (a categorisation round), `access`
(a chair of governors' dated access) and `pipeline` (status records). Every model is
importable from `categorisation.models`.
"""

from categorisation.models.access import ChairOfGovernors
from categorisation.models.pipeline import (
    CategoryComputation,
    DataArrival,
    DataImport,
    NationalDataImport,
)
from categorisation.models.public import (
    CategoryOfConcern,
    GradeLabel,
    GradeScale,
    IndicatorValues,
    Inspection,
    InspectionEra,
    InspectionQuerySet,
    InspectionValues,
    PerformanceIndicator,
)
from categorisation.models.results import CategoryProposal, ModerationCase, SchoolCategory
from categorisation.models.rounds import CategorisationRound
from categorisation.models.schemes import CategorisationScheme, OfficerJudgement, SchemeCategory
from categorisation.models.tenant_layer import TenantIndicator, TenantInspection

__all__ = [
    "CategorisationRound", "CategorisationScheme", "CategoryComputation", "CategoryOfConcern",
    "CategoryProposal", "ChairOfGovernors",
    "DataArrival", "DataImport", "GradeLabel", "GradeScale", "Inspection", "InspectionEra",
    "InspectionQuerySet", "InspectionValues", "IndicatorValues", "ModerationCase",
    "NationalDataImport", "OfficerJudgement", "PerformanceIndicator", "SchemeCategory",
    "SchoolCategory",
    "TenantIndicator", "TenantInspection",
]
