"""Serializers of the boards API. The published minutes are serialized from the published
view's objects (`boards.selectors.published`), never from the models, so an exempt item's
title, text, minute or votes cannot reach a non-member through the API."""

from rest_framework import serializers

from boards.models import (
    AgendaItem,
    Board,
    Decision,
    Declaration,
    ExemptParagraph,
    InterestKind,
    Meeting,
    MeetingNote,
    MinuteCorrection,
    MinutesReaders,
    Paper,
    QuorumKind,
    RegisteredInterest,
    Seat,
    SeatHolding,
    Vote,
    VoteChoice,
)


class SeatHoldingSerializer(serializers.ModelSerializer):
    holder_name = serializers.CharField(source="holder.user", read_only=True)

    class Meta:
        model = SeatHolding
        fields = ["id", "holder", "holder_name", "kind", "start_date", "end_date"]
        read_only_fields = fields


class SeatSerializer(serializers.ModelSerializer):
    has_vote = serializers.BooleanField(read_only=True)
    nominated_by = serializers.CharField(read_only=True)
    holdings = SeatHoldingSerializer(many=True, read_only=True)

    class Meta:
        model = Seat
        fields = ["id", "label", "kind", "has_vote", "nominated_by", "nominating_partnership",
                  "co_opted_until", "co_opted_purpose", "holdings"]
        read_only_fields = fields


class BoardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Board
        fields = ["id", "name", "quorum_kind", "quorum_number", "quorum_numerator",
                  "quorum_denominator", "remote_attendance_counts", "minutes_readers",
                  "papers_notice_days", "attendance_window", "partnership"]
        read_only_fields = fields


class BoardDetailSerializer(BoardSerializer):
    """A board with its terms and seats (members and those who run boards only)."""

    seats = SeatSerializer(many=True, read_only=True)

    class Meta(BoardSerializer.Meta):
        fields = [*BoardSerializer.Meta.fields, "terms", "seats"]
        read_only_fields = fields


class BoardCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    terms = serializers.CharField(required=False, allow_blank=True, default="")
    quorum_kind = serializers.ChoiceField(choices=QuorumKind.choices, default=QuorumKind.FRACTION)
    quorum_number = serializers.IntegerField(required=False, allow_null=True, default=None,
                                             min_value=1)
    quorum_numerator = serializers.IntegerField(default=1, min_value=1)
    quorum_denominator = serializers.IntegerField(default=3, min_value=1)
    remote_attendance_counts = serializers.BooleanField(default=False)
    minutes_readers = serializers.ChoiceField(choices=MinutesReaders.choices,
                                              default=MinutesReaders.MEMBERS)
    papers_notice_days = serializers.IntegerField(default=5, min_value=0, max_value=30)
    attendance_window = serializers.IntegerField(default=6, min_value=2, max_value=24)


class MeetingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "board", "starts_at", "duration_minutes", "location", "remote_link",
                  "status", "cancel_reason"]
        read_only_fields = fields


class MeetingCreateSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField(default=120, min_value=15, max_value=600)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True,
                                     default="")
    remote_link = serializers.CharField(max_length=300, required=False, allow_blank=True,
                                        default="")


class VoteSerializer(serializers.ModelSerializer):
    seat_label = serializers.CharField(source="seat.label", read_only=True)
    voter_name = serializers.CharField(source="voter.user", read_only=True)

    class Meta:
        model = Vote
        fields = ["id", "seat", "seat_label", "voter", "voter_name", "as_substitute", "choice"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    votes = VoteSerializer(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = ["id", "motion", "method", "outcome", "approves_minutes_of",
                  "approves_correction", "approves_run", "decides_case", "decides_category",
                  "seats_present",
                  "quorum_required", "votes_for", "votes_against", "abstentions", "votes"]
        read_only_fields = fields


class AgendaItemSerializer(serializers.ModelSerializer):
    """An item in full, exempt detail included: for the board's members only."""

    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["id", "number", "title", "text", "is_exempt", "exempt_paragraph",
                  "public_interest_reason", "decisions"]
        read_only_fields = fields


class AgendaItemCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    is_exempt = serializers.BooleanField(default=False)
    exempt_paragraph = serializers.ChoiceField(choices=ExemptParagraph.choices, required=False,
                                               allow_null=True, default=None)
    public_interest_reason = serializers.CharField(required=False, allow_blank=True,
                                                   default="")


class VoteCreateSerializer(serializers.Serializer):
    voter = serializers.IntegerField(help_text="The membership id of the person voting: the "
                                               "seat's member, or its substitute standing in.")
    choice = serializers.ChoiceField(choices=VoteChoice.choices)


# --- The published view ------------------------------------------------------------------


class PublishedVoteSerializer(serializers.Serializer):
    seat = serializers.CharField()
    voter = serializers.CharField()
    as_substitute = serializers.BooleanField()
    choice = serializers.CharField()


class PublishedDecisionSerializer(serializers.Serializer):
    motion = serializers.CharField()
    outcome = serializers.CharField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    abstentions = serializers.IntegerField()
    votes = PublishedVoteSerializer(many=True)


class PublishedDeclarationSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.CharField()
    note = serializers.CharField()


class PublishedPaperSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    size = serializers.IntegerField()


class MinuteCorrectionSerializer(serializers.ModelSerializer):
    item_number = serializers.IntegerField(source="item.number", read_only=True)

    class Meta:
        model = MinuteCorrection
        fields = ["id", "item", "item_number", "text", "reason", "status", "proposed_at",
                  "approved_by", "approved_at"]
        read_only_fields = fields


class MeetingNoteSerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = MeetingNote
        fields = ["id", "text", "author_name", "created_at", "replaces"]
        read_only_fields = fields

    def get_author_name(self, note: MeetingNote) -> str:
        return str(note.author) if note.author else ""


class MeetingNoteCreateSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The note: what was said or agreed.")


class MinuteCorrectionCreateSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="The agenda item whose minute is corrected.")
    text = serializers.CharField(help_text="The corrected minute.")
    reason = serializers.CharField(help_text="Why the minute is corrected.")


class PublishedCorrectionSerializer(serializers.Serializer):
    text = serializers.CharField()
    reason = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)


class PublishedItemSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    is_exempt = serializers.BooleanField()
    heading = serializers.CharField(help_text='"Item N: exempt under paragraph P of Schedule '
                                              '12A" for an exempt item, with nothing else.')
    minute = serializers.CharField()
    decisions = PublishedDecisionSerializer(many=True)
    declarations = PublishedDeclarationSerializer(many=True)
    papers = PublishedPaperSerializer(many=True)
    corrections = PublishedCorrectionSerializer(many=True)


class PublishedAttendeeSerializer(serializers.Serializer):
    seat = serializers.CharField()
    name = serializers.CharField()
    as_substitute = serializers.BooleanField()
    attendance = serializers.CharField()


class PublishedMinutesSerializer(serializers.Serializer):
    board_id = serializers.IntegerField()
    board_name = serializers.CharField()
    meeting_id = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    location = serializers.CharField()
    approved_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    attendance = PublishedAttendeeSerializer(many=True)
    items = PublishedItemSerializer(many=True)


class RegisteredInterestSerializer(serializers.ModelSerializer):
    holder_name = serializers.CharField(source="holder.user", read_only=True)

    class Meta:
        model = RegisteredInterest
        fields = ["id", "holder", "holder_name", "kind", "description", "registered_on",
                  "ended_on"]
        read_only_fields = fields


class InterestCreateSerializer(serializers.Serializer):
    holder = serializers.IntegerField(help_text="The membership id of a seat's holder.")
    kind = serializers.ChoiceField(choices=InterestKind.choices)
    description = serializers.CharField(max_length=300)
    registered_on = serializers.DateField(required=False, allow_null=True, default=None)


class DeclarationSerializer(serializers.ModelSerializer):
    item_number = serializers.IntegerField(source="item.number", read_only=True)
    person_name = serializers.CharField(source="person.user", read_only=True)
    bars_voting = serializers.BooleanField(read_only=True)

    class Meta:
        model = Declaration
        fields = ["id", "item", "item_number", "person", "person_name", "kind", "note",
                  "dispensation", "bars_voting"]
        read_only_fields = fields


class DeclarationCreateSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="The agenda item's id.")
    person = serializers.IntegerField(help_text="The membership id of the member declaring.")
    kind = serializers.ChoiceField(choices=InterestKind.choices)
    note = serializers.CharField(max_length=500)


class PaperSerializer(serializers.ModelSerializer):
    item_number = serializers.IntegerField(source="item.number", read_only=True)

    class Meta:
        model = Paper
        fields = ["id", "item", "item_number", "title", "original_name", "kind", "size",
                  "is_exempt", "uploaded_at", "withdrawn_at", "withdrawal_reason"]
        read_only_fields = fields


class PaperUploadSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="The agenda item's id.")
    file = serializers.FileField(help_text="A PDF or a Word document (.docx).")
    title = serializers.CharField(max_length=200, required=False, default="")
    is_exempt = serializers.BooleanField(required=False, default=False)
