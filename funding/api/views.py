"""The funding API: years, de-delegation lines with their rates and votes, the schedule with
totals, each school's charge and academies' buy-backs.

Thin views over `funding.selectors` and `funding.services`, with the pages' rules
(`funding.permissions`): everyone who sees funding reads lines, rates and votes; totals need
AGGREGATES_VIEW; every school's charge needs FUNDING_VIEW; a headteacher reads their own
school's; only the admin (FUNDING_MANAGE) writes. Another tenant's year or line is 404.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.kept import kept
from core.models import Tenant
from core.permissions import FUNDING_MANAGE, FUNDING_VIEW
from core.tenancy import TenantAPIMixin
from funding.api import serializers as s
from funding.exports import NO_PUPILS
from funding.models import DeDelegationLine, FundingYear
from funding.permissions import FundingAccess, funding_access, school_charges_for
from funding.selectors.totals import TOTALS_TTL, cached_schedule
from funding.selectors.versions import charges_version
from funding.selectors.year_page import kept_school_charges
from funding.selectors.years import (
    buy_backs_of,
    funding_year,
    funding_years,
    line_for,
    lines_of,
    vote_for,
    vote_history,
)
from funding.services import dedelegation as services
from schools.models import School

YEAR_PARAMETERS = [TENANT_PARAMETER, path_parameter("funding_year_id", "The funding year's id.")]
LINE_PARAMETERS = [TENANT_PARAMETER, path_parameter("line_id", "The line's id.")]


class FundingAPIBase(TenantAPIMixin, generics.GenericAPIView):
    filter_backends: list = []
    pagination_class = None

    def access(self) -> FundingAccess:
        access = funding_access(self.membership)  # type: ignore[arg-type]
        if not access.can_see_anything:
            raise exceptions.PermissionDenied("Your role does not show funding.")
        return access

    def council(self) -> Tenant:
        assert self.tenant is not None  # `initial` refused the request otherwise
        return self.tenant

    def year(self) -> FundingYear:
        return funding_year(self.kwargs["funding_year_id"])

    def line(self) -> DeDelegationLine:
        return line_for(self.kwargs["line_id"])



@extend_schema(tags=["funding"], parameters=[TENANT_PARAMETER])
class YearListAPI(FundingAPIBase):
    """The funding years (GET, anyone who sees funding); the admin adds one (POST)."""

    serializer_class = s.FundingYearSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_years_list",
                   responses=s.FundingYearSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        self.access()
        return Response(s.FundingYearSerializer(funding_years(), many=True).data)

    @extend_schema(request=s.FundingYearCreateSerializer,
                   responses={201: s.FundingYearSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        data = s.FundingYearCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        year = self.call(services.funding_year_create, **data.validated_data)
        return Response(s.FundingYearSerializer(year).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class ScheduleAPI(FundingAPIBase):
    """The year's de-delegation schedule: each line's rate and vote by phase, and — for those
    who see totals — schools charged, pupils and amounts (null otherwise)."""

    serializer_class = s.ScheduleSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        access = self.access()
        schedule = cached_schedule(self.council(), self.year())
        data = s.ScheduleSerializer(schedule).data
        if not access.can_see_totals:
            data["total"] = None
            for line in data["lines"]:
                line["total"] = None
                for phase in line["phases"]:
                    phase.update(schools=None, pupils=None, units=None, amount=None)
        return Response(data)


@extend_schema(tags=["funding"], parameters=YEAR_PARAMETERS)
class LineListAPI(FundingAPIBase):
    """The year's lines with their rates and votes (GET); the admin adds one (POST)."""

    serializer_class = s.LineSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_lines_list", responses=s.LineSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        self.access()
        return Response(s.LineSerializer(lines_of(self.year()), many=True).data)

    @extend_schema(request=s.LineCreateSerializer, responses={201: s.LineSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        year = self.year()
        data = s.LineCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line = self.call(services.dedelegation_line_create, year=year, **data.validated_data)
        return Response(s.LineSerializer(line).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=LINE_PARAMETERS)
class VoteListAPI(FundingAPIBase):
    """A line's votes by phase (GET); the admin records one (POST): a second vote for a phase,
    or a phase the forum does not vote in, is refused naming `phase`."""

    serializer_class = s.PhaseVoteSerializer
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_votes_list",
                   responses=s.PhaseVoteSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        self.access()
        return Response(s.PhaseVoteSerializer(vote_history(self.line()), many=True).data)

    @extend_schema(request=s.PhaseVoteCreateSerializer, responses={201: s.PhaseVoteSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        line = self.line()
        data = s.PhaseVoteCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = self.call(services.phase_vote_record, line=line, **data.validated_data)
        return Response(s.PhaseVoteSerializer(vote).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=[
    TENANT_PARAMETER, path_parameter("vote_id", "The vote's id.")])
class VoteCorrectAPI(FundingAPIBase):
    """Correct a vote (the admin): the old vote is kept, superseded with the reason, and the
    new one returned. A vote already corrected, or no reason, is refused naming `reason`."""

    serializer_class = s.PhaseVoteSerializer
    required_permission = FUNDING_VIEW
    write_permission = FUNDING_MANAGE

    @extend_schema(request=s.PhaseVoteCorrectSerializer, responses={201: s.PhaseVoteSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        vote = vote_for(self.kwargs["vote_id"])
        data = s.PhaseVoteCorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        new = self.call(services.phase_vote_correct, vote=vote, **data.validated_data)
        return Response(s.PhaseVoteSerializer(new).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["funding"], parameters=LINE_PARAMETERS)
class LineChargesAPI(FundingAPIBase):
    """Every maintained mainstream school's charge for the line (officers and the admin)."""

    serializer_class = s.SchoolChargeSerializer
    required_permission = FUNDING_VIEW

    @extend_schema(operation_id="funding_line_charges",
                   responses=s.SchoolChargeSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        line = self.line()
        tenant = self.council()
        # Kept drawn per version of the charges (which covers the line's rates and votes): a
        # thousand schools took longer to draw than to read back.
        return Response(kept(f"funding:line-charges-api:t{tenant.pk}:{charges_version(tenant)}"
                             f":{line.pk}", lambda: self.drawn(tenant, line), ttl=TOTALS_TTL))

    @staticmethod
    def drawn(tenant: Tenant, line: DeDelegationLine) -> list:
        votes = {vote.phase: vote for vote in line.votes.all()}
        rows = [{
            "urn": row.school.urn, "name": row.school.establishment.name, "phase": row.phase,
            "pupils": row.pupils, "census_date": row.census_date, "source": row.source,
            "eal_pupils": row.eal_pupils, "rate": line.rate_for(row.phase),
            "basis": line.basis_for(row.phase),
            "vote": votes[row.phase].outcome if row.phase in votes else None,
            "charge": row.charges[line.pk], "note": "" if row.has_pupils else NO_PUPILS,
            "reason": row.reason,
        } for row in cached_schedule(tenant, line.year).schools]
        return [dict(row) for row in s.SchoolChargeSerializer(rows, many=True).data]


@extend_schema(tags=["funding"], parameters=[*YEAR_PARAMETERS,
                                             path_parameter("urn", "The school's URN.")])
class SchoolChargesAPI(FundingAPIBase):
    """One school's charges for the year: any school for officers, a headteacher's own."""

    serializer_class = s.OwnSchoolSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        school = school_charges_for(membership=self.membership,  # type: ignore[arg-type]
                                    urn=self.kwargs["urn"])
        own = kept_school_charges(self.council(), self.year(), school)
        row = own.row
        return Response(s.OwnSchoolSerializer({
            "urn": school.urn, "name": school.establishment.name, "charged": row is not None,
            "reason": own.placement.reason if row is None else (
                "" if row.has_pupils else NO_PUPILS),
            "phase": row.phase if row else None, "pupils": row.pupils if row else None,
            "census_date": row.census_date if row else None, "source": row.source if row else "",
            "lines": own.items, "total": own.total, "parts": own.rows,
        }).data)


@extend_schema(tags=["funding"], parameters=LINE_PARAMETERS)
class BuyBackListAPI(FundingAPIBase):
    """Academies buying the line's service back (GET, officers); the admin records one (POST):
    a school that is not an open academy of the register is refused naming `urn`."""

    serializer_class = s.BuyBackSerializer
    required_permission = FUNDING_VIEW
    write_permission = FUNDING_MANAGE

    @extend_schema(operation_id="funding_buy_backs_list",
                   responses=s.BuyBackSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(s.BuyBackSerializer(buy_backs_of(self.line()), many=True).data)

    @extend_schema(request=s.BuyBackCreateSerializer, responses={201: s.BuyBackSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        line = self.line()
        data = s.BuyBackCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        school = (School.objects.select_related("establishment")
                  .filter(establishment_id=values.pop("urn")).first())
        if school is None:
            raise exceptions.ValidationError({"urn": ["No school with that URN in this "
                                                      "register."]})
        try:
            buy_back = self.call(services.buy_back_record, line=line, school=school, **values)
        except exceptions.ValidationError as error:
            # The service names `school`; the body names it `urn`.
            detail = error.detail
            if isinstance(detail, dict) and "school" in detail:
                detail["urn"] = detail.pop("school")
            raise
        return Response(s.BuyBackSerializer(buy_back).data, status=status.HTTP_201_CREATED)
