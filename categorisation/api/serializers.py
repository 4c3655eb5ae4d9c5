"""Serializers of the categorisation workflow API: output shapes and the small request bodies."""

from rest_framework import serializers

from categorisation.models import CategoryProposal, ModerationCase, SchemeCategory, SchoolCategory


class CategoryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SchemeCategory
        fields = ["id", "code", "label"]


class CategoryProposalSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.establishment_id", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)
    scheme = serializers.CharField(source="scheme.name", read_only=True)
    category = CategoryBriefSerializer(
        read_only=True, allow_null=True,
        help_text="Null when the data did not decide: `undetermined` lists the choices.")
    undetermined = serializers.ListField(child=serializers.CharField(), read_only=True)
    previous_category = CategoryBriefSerializer(read_only=True, allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    evidence = serializers.DictField(read_only=True)

    class Meta:
        model = CategoryProposal
        fields = ["id", "urn", "school_name", "scheme", "status", "category", "undetermined",
                  "previous_category", "reasons", "evidence", "created_at"]


class CategoryStepSerializer(serializers.ModelSerializer):
    category = CategoryBriefSerializer(read_only=True)
    previous_category = CategoryBriefSerializer(read_only=True, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.email", read_only=True,
                                       allow_null=True, default=None)
    reasons = serializers.ListField(child=serializers.CharField(), read_only=True)
    evidence = serializers.DictField(read_only=True)

    class Meta:
        model = SchoolCategory
        fields = ["id", "status", "category", "previous_category", "reason", "reasons",
                  "evidence", "decided_by", "decided_at", "is_current"]


class VisitDueSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    kind = serializers.CharField()
    label = serializers.CharField()


class CategoryEntitlementSerializer(serializers.Serializer):
    status = serializers.CharField(source="entitlement.status",
                                   help_text="maintained or academy")
    offer = serializers.ListField(child=serializers.CharField(), source="entitlement.offer")
    support_days = serializers.IntegerField(source="entitlement.support_days", allow_null=True)
    in_force_since = serializers.DateField()
    visits = VisitDueSerializer(many=True)


class InspectionTimingSerializer(serializers.Serializer):
    last_inspection_date = serializers.DateField(allow_null=True)
    last_inspection_of_predecessor = serializers.BooleanField()
    next_window_opens = serializers.DateField(allow_null=True)
    next_due_by = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    rule = serializers.CharField()
    category_of_concern = serializers.CharField(allow_blank=True)
    stuck = serializers.CharField()


class FlagSerializer(serializers.Serializer):
    """One 2025-26 flag (`categorisation.flags`) with the rule version that made it."""

    key = serializers.CharField()
    value = serializers.CharField(help_text="What scheme rules read, e.g. yes / no / unknown.")
    raised = serializers.BooleanField(help_text="Whether the flag calls for attention.")
    conclusion = serializers.CharField()
    inputs = serializers.ListField(child=serializers.CharField())
    rule = serializers.CharField(source="rule.name")
    rule_version = serializers.CharField(source="rule.version")
    rule_effective = serializers.DateField(source="rule.effective")
    rule_source = serializers.CharField(source="rule.source")


class SchoolCategorySerializer(serializers.Serializer):
    urn = serializers.IntegerField()
    school_name = serializers.CharField()
    in_force = CategoryStepSerializer(allow_null=True)
    entitlement = CategoryEntitlementSerializer(allow_null=True)
    academic_year = serializers.IntegerField()
    inspection_timing = InspectionTimingSerializer()
    flags = FlagSerializer(many=True, help_text="The 2025-26 flags, read at `flags_as_at`.")
    flags_as_at = serializers.DateField(allow_null=True)
    history = CategoryStepSerializer(many=True)
    open_proposal_id = serializers.IntegerField(allow_null=True)
    open_moderation_case_id = serializers.IntegerField(allow_null=True)


class ModerationCaseSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.establishment_id", read_only=True)
    disagreement = CategoryStepSerializer(read_only=True)
    decision = CategoryStepSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ModerationCase
        fields = ["id", "urn", "status", "disagreement", "decision", "by_board", "board_name",
                  "opened_at", "decided_at"]


class ConfirmInSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OverrideInSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="The code of a category of the proposal's scheme.")
    reason = serializers.CharField(allow_blank=True, help_text="Required: why you override.")


class AgreeInSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DisagreeInSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, help_text="Required: why the school "
                                                                "disagrees.")


class ModerateInSerializer(serializers.Serializer):
    category = serializers.CharField(help_text="The code of the category decided.")
    reason = serializers.CharField(allow_blank=True)
    by_board = serializers.BooleanField(required=False, default=False)
    board_name = serializers.CharField(required=False, allow_blank=True, default="")
