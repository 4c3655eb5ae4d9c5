"""Consultation surveys (seed 003): heads and governors on the options."""

from django.db import models

from core.models import TenantOwned
from partnerships.models.formation import FormationProposal
from schools.models import Phase


class Rating(models.TextChoices):
    """The five-point scale of the seed's survey, strongest support first."""

    STRONGLY_SUPPORT = "strongly_support", "Strongly support"
    POSITIVE = "positive", "Positive"
    WILLING_TO_CONSIDER = "willing_to_consider", "Willing to consider"
    TEND_NOT_TO_SUPPORT = "tend_not_to_support", "Tend not to support"
    STRONGLY_OPPOSE = "strongly_oppose", "Strongly oppose"


SUPPORTING_RATINGS = (Rating.STRONGLY_SUPPORT, Rating.POSITIVE, Rating.WILLING_TO_CONSIDER)
OPPOSING_RATINGS = (Rating.TEND_NOT_TO_SUPPORT, Rating.STRONGLY_OPPOSE)


class RespondentRole(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    GOVERNOR = "governor", "Governor"
    OTHER = "other", "Other"


class Survey(TenantOwned):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    proposal = models.ForeignKey(FormationProposal, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="surveys")
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SurveyOption(TenantOwned):
    """One option respondents rate, e.g. "Local authority trading company"."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "survey", "label"],
                                    name="surveyoption_label"),
        ]

    def __str__(self) -> str:
        return self.label


class SurveyResponse(TenantOwned):
    """One respondent's rating of one option. `respondent_key` groups one person's answers
    without naming them."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    option = models.ForeignKey(SurveyOption, on_delete=models.CASCADE, related_name="responses")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    respondent_role = models.CharField(max_length=20, choices=RespondentRole.choices)
    phase = models.CharField(max_length=30, choices=Phase.choices, default=Phase.NOT_APPLICABLE)
    school = models.ForeignKey("schools.School", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    respondent_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "option"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "option", "respondent_key"],
                                    name="surveyresponse_once_per_option"),
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.get_rating_display()}"
