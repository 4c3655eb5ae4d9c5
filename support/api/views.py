"""The support API: an officer's caseload, a school's visits (plan, add, move, cancel,
record), a visit's note (start, write, submit, check; the school's part and the head's answer)
and the RAG counts. Thin views over `support.selectors` and `support.services`, with the pages'
rules (`support.permissions`): another tenant's school or visit is 404; a headteacher reads
only their own school's visits and released notes; board members and viewers the counts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import TENANT_PARAMETER, path_parameter
from core.permissions import AGGREGATES_VIEW, VISIT_NOTES_CHECK, VISITS_RECORD, VISITS_VIEW
from support.api import serializers as s
from support.api.base import SupportAPI
from support.models import NoteTemplate, Visit, VisitNote
from support.permissions import is_head_of, school_for_visits, support_access, visit_for
from support.selectors import caseload as caseloads
from support.selectors import visits as reads
from support.selectors.dashboard import rag_summary
from support.services import notes as note_services
from support.services import visits as services

SCHOOL_PARAMETERS = [TENANT_PARAMETER, path_parameter("urn", "The school's URN.")]
VISIT_PARAMETERS = [TENANT_PARAMETER, path_parameter("visit_id", "The visit's id.")]


def _year() -> int:
    return services.current_year(timezone.localdate())


class SupportAPIBase(SupportAPI):

    def visit(self) -> Visit:
        return visit_for(membership=self.membership, visit_id=self.kwargs["visit_id"])

    def note(self, *, released_only: bool = False) -> VisitNote:
        visit = self.visit()
        note = reads.note_with_ratings(visit)
        if note is None or (released_only and not note.is_released
                            and not support_access(self.membership).sees_all):
            raise Http404("This visit has no note yet.")
        return note

    def visit_data(self, visits: list[Visit]) -> list:
        sees_all = support_access(self.membership).sees_all
        notes = {visit.pk: reads.note_of(visit) for visit in visits}
        return s.SupportVisitSerializer(visits, many=True, context={"note_status": {
            pk: note.status for pk, note in notes.items()
            if note is not None and (sees_all or note.is_released)}}).data


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class CaseloadAPI(SupportAPIBase):
    """The caller's caseload this academic year, a page of schools at a time (`?page=`): each
    school with its entitlement (days, visit kinds), visits done, due and overdue, and days
    used."""

    serializer_class = s.SupportCaseloadRowSerializer
    required_permission = VISITS_VIEW
    # Each row reads its school's entitlement and visits: only the page's schools are read.
    pagination_class = PageNumberPagination

    @extend_schema(operation_id="support_caseload",
                   responses=s.SupportCaseloadRowSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        year = _year()
        schools = self.paginate_queryset(
            caseloads.caseload_query(officer=self.membership, academic_year=year))
        rows = caseloads.caseload(tenant=self.tenant, officer=self.membership,
                                  academic_year=year, today=timezone.localdate(),
                                  schools=list(schools or []))
        return self.get_paginated_response(s.SupportCaseloadRowSerializer(rows, many=True).data)


@extend_schema(tags=["support"], parameters=[TENANT_PARAMETER])
class RagSummaryAPI(SupportAPIBase):
    """How many times each RAG field was rated red, amber and green across released notes this
    academic year: counts, no school named."""

    serializer_class = s.SupportRagRowSerializer
    required_permission = AGGREGATES_VIEW

    @extend_schema(operation_id="support_rag_summary",
                   responses=s.SupportRagRowSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(s.SupportRagRowSerializer(rag_summary(academic_year=_year()),
                                                  many=True).data)


@extend_schema(tags=["support"], parameters=SCHOOL_PARAMETERS)
class SchoolVisitsAPI(SupportAPIBase):
    """A school's visits this academic year (GET: officers any school, a headteacher their
    own); an officer adds one the entitlement did not plan (POST)."""

    serializer_class = s.SupportVisitSerializer
    write_permission = VISITS_RECORD

    @extend_schema(operation_id="support_school_visits_list",
                   responses=s.SupportVisitSerializer(many=True))
    def get(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        return Response(self.visit_data(reads.school_visits(school=school,
                                                            academic_year=_year())))

    @extend_schema(request=s.SupportVisitCreateSerializer,
                   responses={201: s.SupportVisitSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        data = s.SupportVisitCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        focus_id = values.pop("focus")
        focus = None
        if focus_id is not None:
            focus = NoteTemplate.objects.filter(pk=focus_id, is_active=True).first()
            if focus is None:
                return Response({"focus": ["No such note template."]},
                                status=status.HTTP_400_BAD_REQUEST)
        visit = self.call(services.visit_create, school=school, focus=focus, **values)
        return Response(s.SupportVisitSerializer(visit).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["support"], parameters=SCHOOL_PARAMETERS)
class SchoolPlanAPI(SupportAPIBase):
    """Plan the school's visits this academic year from its entitlement (idempotent: untouched
    visits the entitlement no longer gives are removed, new dates added, touched ones kept)."""

    serializer_class = s.SupportPlanResultSerializer
    required_permission = VISITS_RECORD

    @extend_schema(request=None, responses={200: s.SupportPlanResultSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        school = school_for_visits(membership=self.membership, urn=self.kwargs["urn"])
        [result] = self.call(services.visits_plan, schools=[school])
        return Response(s.SupportPlanResultSerializer(result).data)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS)
class VisitDetailAPI(SupportAPIBase):
    serializer_class = s.SupportVisitSerializer

    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(self.visit_data([self.visit()])[0])


class _VisitStep(SupportAPIBase):
    write_permission = VISITS_RECORD
    input_serializer: type = s.SupportVisitMoveSerializer
    service = staticmethod(services.visit_move)

    def post(self, request: Request, *args, **kwargs) -> Response:
        visit = self.visit()
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        visit = self.call(self.service, visit=visit, **data.validated_data)
        return Response(s.SupportVisitSerializer(visit).data)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS,
               request=s.SupportVisitMoveSerializer, responses=s.SupportVisitSerializer)
class VisitMoveAPI(_VisitStep):
    """Move a planned visit to another day of its academic year."""

    serializer_class = s.SupportVisitMoveSerializer


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS,
               request=s.SupportVisitCancelSerializer, responses=s.SupportVisitSerializer)
class VisitCancelAPI(_VisitStep):
    """Cancel a planned visit, saying why."""

    serializer_class = s.SupportVisitCancelSerializer
    input_serializer = s.SupportVisitCancelSerializer
    service = staticmethod(services.visit_cancel)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS,
               request=s.SupportVisitRecordSerializer, responses=s.SupportVisitSerializer)
class VisitRecordAPI(_VisitStep):
    """Record that a planned visit took place, with the support days it used."""

    serializer_class = s.SupportVisitRecordSerializer
    input_serializer = s.SupportVisitRecordSerializer
    service = staticmethod(services.visit_record)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS)
class NoteAPI(SupportAPIBase):
    """The visit's note (GET: officers; the school's headteacher once it is released, or its
    school part before); an officer starts it from a template (POST)."""

    serializer_class = s.SupportNoteSerializer
    write_permission = VISITS_RECORD

    def get(self, request: Request, *args, **kwargs) -> Response:
        return Response(s.SupportNoteSerializer(self.note(released_only=True)).data)

    @extend_schema(request=s.SupportNoteStartSerializer, responses={201: s.SupportNoteSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        visit = self.visit()
        data = s.SupportNoteStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        template = NoteTemplate.objects.filter(pk=data.validated_data["template"]).first()
        if template is None:
            return Response({"template": ["No such note template."]},
                            status=status.HTTP_400_BAD_REQUEST)
        note = self.call(note_services.note_start, visit=visit, template=template)
        return Response(s.SupportNoteSerializer(note).data, status=status.HTTP_201_CREATED)


class _NoteStep(SupportAPIBase):
    serializer_class = s.SupportNoteSerializer
    released_only = False
    head_only = False  # the school's part and its answer: its headteacher alone

    def run(self, service, input_serializer, **extra) -> Response:
        note = self.note(released_only=self.released_only)
        if self.head_only and not is_head_of(self.membership, note.visit.school):
            raise PermissionDenied("Only the school's headteacher can do this.")
        values = {}
        if input_serializer is not None:
            data = input_serializer(data=self.request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        note = self.call(service, note=note, **values, **extra)
        return Response(s.SupportNoteSerializer(note).data)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS)
class NoteWriteAPI(_NoteStep):
    """The officer's part: commentary by section key, a rating by field key, the summary."""

    write_permission = VISITS_RECORD

    @extend_schema(request=s.SupportNoteWriteSerializer, responses=s.SupportNoteSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        return self.run(note_services.note_write, s.SupportNoteWriteSerializer)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS)
class NoteSubmitAPI(_NoteStep):
    """Submit the note: released, or sent for a senior officer's check (tenant setting)."""

    write_permission = VISITS_RECORD

    @extend_schema(request=None, responses=s.SupportNoteSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        return self.run(note_services.note_submit, None)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS)
class NoteSchoolPartAPI(_NoteStep):
    """The school's part, answered by its headteacher before the visit."""

    head_only = True

    @extend_schema(request=s.SupportSchoolPartSerializer, responses=s.SupportNoteSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        return self.run(note_services.note_school_part_save, s.SupportSchoolPartSerializer)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS)
class NoteRespondAPI(_NoteStep):
    """The school's headteacher marks the released note accurate or inaccurate (with a
    comment), once."""

    released_only = True
    head_only = True

    @extend_schema(request=s.SupportNoteResponseSerializer, responses=s.SupportNoteSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        return self.run(note_services.note_respond, s.SupportNoteResponseSerializer)


@extend_schema(tags=["support"], parameters=VISIT_PARAMETERS)
class NoteCheckAPI(_NoteStep):
    """A senior officer releases the note, or returns it with a comment."""

    write_permission = VISIT_NOTES_CHECK

    @extend_schema(request=s.SupportNoteCheckSerializer, responses=s.SupportNoteSerializer)
    def post(self, request: Request, *args, **kwargs) -> Response:
        note = self.note()
        data = s.SupportNoteCheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = self.call(note_services.note_check, note=note,
                         approve=data.validated_data["release"],
                         comment=data.validated_data["comment"])
        return Response(s.SupportNoteSerializer(note).data)
