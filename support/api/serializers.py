"""Support's API shapes. Component names start with Support (the OpenAPI schema needs them
unique across apps: categorisation already has a VisitDue)."""

from rest_framework import serializers

from support.models import NoteRating, Rating, Response, Visit, VisitNote


class SupportVisitSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    focus = serializers.CharField(source="focus.name", allow_null=True, default=None,
                                  read_only=True)
    officer = serializers.CharField(source="officer.user.email", allow_null=True,
                                    default=None, read_only=True)
    is_moved = serializers.BooleanField(read_only=True)
    note_status = serializers.SerializerMethodField()

    class Meta:
        model = Visit
        fields = ["id", "urn", "school_name", "academic_year", "kind", "label", "focus",
                  "origin", "category_code", "computed_on", "planned_on", "is_moved", "status",
                  "officer", "days_used", "done_on", "cancelled_reason", "note_status"]

    def get_note_status(self, visit: Visit) -> str | None:
        status = self.context.get("note_status", {}).get(visit.pk)
        return status


class SupportNoteRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoteRating
        fields = ["section_key", "field_key", "field_label", "rating"]


class SupportNoteSerializer(serializers.ModelSerializer):
    visit_id = serializers.IntegerField(read_only=True)
    template = serializers.CharField(source="template.name", read_only=True)
    sections = serializers.ListField(child=serializers.DictField(), read_only=True)
    school_questions = serializers.ListField(child=serializers.DictField(), read_only=True)
    ratings = SupportNoteRatingSerializer(many=True, read_only=True)

    class Meta:
        model = VisitNote
        fields = ["id", "visit_id", "template", "sections", "school_questions",
                  "school_answers", "school_completed_at", "commentary", "summary", "ratings",
                  "status", "submitted_at", "checked_at", "check_comment", "released_at",
                  "response", "response_comment", "responded_at"]


class SupportPlanResultSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.urn")
    category_code = serializers.CharField()
    added = SupportVisitSerializer(many=True)
    removed = serializers.ListField(child=serializers.DictField())
    kept = serializers.IntegerField()


class SupportEntitledVisitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    cadence = serializers.CharField()
    days = serializers.DecimalField(max_digits=5, decimal_places=1)


class SupportEntitlementSerializer(serializers.Serializer):
    category_code = serializers.CharField()
    category_label = serializers.CharField()
    responsibility = serializers.CharField(help_text="maintained or academy")
    in_force_since = serializers.DateField()
    days = serializers.DecimalField(max_digits=6, decimal_places=1)
    days_from = serializers.CharField(help_text="scheme (its support days) or visits")
    visit_kinds = SupportEntitledVisitSerializer(many=True)
    visits_due = serializers.SerializerMethodField(help_text="Visits due this year.")

    def get_visits_due(self, entitlement) -> int:
        return len(entitlement.visits_due)


class SupportCaseloadRowSerializer(serializers.Serializer):
    urn = serializers.IntegerField(source="school.urn")
    school_name = serializers.CharField(source="school.establishment.name")
    entitlement = SupportEntitlementSerializer(allow_null=True)
    done = serializers.IntegerField()
    due = serializers.IntegerField()
    overdue = serializers.IntegerField()
    days_used = serializers.DecimalField(max_digits=6, decimal_places=1)
    days_entitled = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)


class SupportRagRowSerializer(serializers.Serializer):
    field_key = serializers.CharField()
    field_label = serializers.CharField()
    red = serializers.IntegerField()
    amber = serializers.IntegerField()
    green = serializers.IntegerField()


# --- Inputs -----------------------------------------------------------------------------------


class SupportVisitCreateSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=200)
    planned_on = serializers.DateField()
    kind = serializers.CharField(max_length=60, required=False, default="officer_visit")
    focus = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="A note template's id.")


class SupportVisitMoveSerializer(serializers.Serializer):
    planned_on = serializers.DateField()


class SupportVisitCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class SupportVisitRecordSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    days_used = serializers.CharField(max_length=10, help_text="Days, e.g. 0.5.")


class SupportNoteStartSerializer(serializers.Serializer):
    template = serializers.IntegerField(help_text="A note template's id.")


class SupportNoteWriteSerializer(serializers.Serializer):
    commentary = serializers.DictField(child=serializers.CharField(allow_blank=True,
                                                                   max_length=10_000),
                                       required=False, default=dict)
    ratings = serializers.DictField(child=serializers.ChoiceField(
        choices=[("", "Not rated"), *Rating.choices], allow_blank=True), required=False,
        default=dict)
    summary = serializers.CharField(allow_blank=True, required=False, default="",
                                    max_length=10_000)


class SupportSchoolPartSerializer(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True,
                                                                max_length=10_000))


class SupportNoteResponseSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=Response.choices)
    comment = serializers.CharField(allow_blank=True, required=False, default="",
                                    max_length=10_000)


class SupportNoteCheckSerializer(serializers.Serializer):
    release = serializers.BooleanField()
    comment = serializers.CharField(allow_blank=True, required=False, default="",
                                    max_length=10_000)
