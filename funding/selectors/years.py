"""Funding years and their de-delegation lines, with the forum's votes, in a fixed number of
queries."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from funding.models import BuyBack, DeDelegationLine, FundingYear, PhaseVote


def current_votes() -> QuerySet[PhaseVote]:
    """The votes that count: not superseded by a correction."""
    return PhaseVote.objects.filter(superseded_at__isnull=True).order_by("phase")


def vote_history(line: DeDelegationLine) -> list[PhaseVote]:
    """Every vote of the line, superseded ones too, oldest first, with who recorded and who
    corrected them."""
    return list(PhaseVote.objects.filter(line=line).select_related(
        "recorded_by", "superseded_by").order_by("phase", "recorded_at", "pk"))


def funding_years() -> QuerySet[FundingYear]:
    return FundingYear.objects.annotate(line_count=Count("lines")).order_by("-start_year")


def funding_year(year_id: int) -> FundingYear:
    year = FundingYear.objects.filter(pk=year_id).first()
    if year is None:
        raise Http404("No such funding year.")
    return year


def lines_of(year: FundingYear) -> list[DeDelegationLine]:
    """The year's lines, each with its votes (`line.votes.all()`, primary first). Two queries."""
    return list(DeDelegationLine.objects.filter(year=year).select_related("year")
                .prefetch_related(Prefetch("votes", current_votes()))
                .order_by("name"))


def lines_of_years(years: list[FundingYear]) -> list[DeDelegationLine]:
    """The lines of several years, each with its votes, by name. Two queries."""
    return list(DeDelegationLine.objects.filter(year__in=years).select_related("year")
                .prefetch_related(Prefetch("votes", current_votes()))
                .order_by("name"))


def line_for(line_id: int, *, votes: bool = True) -> DeDelegationLine:
    """The line with its year and (unless `votes` is False) its current votes."""
    lines = DeDelegationLine.objects.filter(pk=line_id).select_related("year")
    if votes:
        lines = lines.prefetch_related(Prefetch("votes", current_votes()))
    line = lines.first()
    if line is None:
        raise Http404("No such de-delegation line.")
    return line


def buy_backs_of(line: DeDelegationLine) -> list[BuyBack]:
    return list(BuyBack.objects.filter(line=line).select_related("school__establishment")
                .order_by("school__establishment__name"))


def vote_for(vote_id: int) -> PhaseVote:
    vote = PhaseVote.objects.filter(pk=vote_id).select_related("line__year").first()
    if vote is None:
        raise Http404("No such vote.")
    return vote
