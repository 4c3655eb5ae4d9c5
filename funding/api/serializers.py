"""Serializers of the funding API. Amounts are strings of pounds and pence (DRF's Decimal
rendering), never floats."""

from rest_framework import serializers

from funding.models import (
    BuyBack,
    ChargeBasis,
    DeDelegationLine,
    ForumPhase,
    FundingYear,
    PhaseVote,
)

BASIS_HELP = f"One of {', '.join(ChargeBasis.values)}; per_pupil when left out."


def money(*, allow_null: bool = False) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True,
                                    allow_null=allow_null)


class FundingYearSerializer(serializers.ModelSerializer):
    year_label = serializers.CharField(source="label", read_only=True)

    class Meta:
        model = FundingYear
        fields = ["id", "start_year", "year_label", "notes"]
        read_only_fields = fields


class FundingYearCreateSerializer(serializers.Serializer):
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class PhaseVoteSerializer(serializers.ModelSerializer):
    is_current = serializers.BooleanField(read_only=True)

    class Meta:
        model = PhaseVote
        fields = ["id", "line", "phase", "outcome", "decided_on", "votes_for", "votes_against",
                  "minute_reference", "is_current", "corrects", "superseded_at",
                  "superseded_reason"]
        read_only_fields = fields


class PhaseVoteCorrectSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="passed or failed.")
    decided_on = serializers.DateField()
    votes_for = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    votes_against = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    minute_reference = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(allow_blank=True,
                                   help_text="Why the vote is corrected: kept with the old one.")


class PhaseVoteCreateSerializer(serializers.Serializer):
    # A plain string, so a phase the forum does not vote in is the service's refusal, named.
    phase = serializers.CharField(help_text=f"One of {', '.join(ForumPhase.values)}.")
    outcome = serializers.CharField(help_text="passed or failed.")
    decided_on = serializers.DateField()
    votes_for = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    votes_against = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    minute_reference = serializers.CharField(required=False, allow_blank=True, default="")


class LineSerializer(serializers.ModelSerializer):
    votes = PhaseVoteSerializer(many=True, read_only=True)

    class Meta:
        model = DeDelegationLine
        fields = ["id", "year", "name", "description", "primary_rate", "primary_basis",
                  "secondary_rate", "secondary_basis", "cost_centre", "ledger_code", "votes"]
        read_only_fields = fields


class LineCreateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    # Strings: the service refuses a negative or non-numeric rate, naming the field.
    primary_rate = serializers.CharField(help_text="Pounds and pence per pupil, e.g. \"12.50\".")
    secondary_rate = serializers.CharField(help_text="Pounds and pence per pupil.")
    # Strings: the service refuses a basis that is none of the three, naming the field.
    primary_basis = serializers.CharField(required=False, allow_blank=True, default="",
                                          help_text=BASIS_HELP)
    secondary_basis = serializers.CharField(required=False, allow_blank=True, default="",
                                            help_text=BASIS_HELP)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    cost_centre = serializers.CharField(required=False, allow_blank=True, default="")
    ledger_code = serializers.CharField(required=False, allow_blank=True, default="")


class PhaseTotalSerializer(serializers.Serializer):
    phase = serializers.CharField()
    rate = money()
    basis = serializers.CharField()
    vote = PhaseVoteSerializer(allow_null=True)
    schools = serializers.IntegerField(allow_null=True)
    units = serializers.IntegerField(allow_null=True, help_text="What the rate was multiplied "
                                     "by: pupils, schools or EAL pupils.")
    pupils = serializers.IntegerField(allow_null=True)
    amount = money(allow_null=True)


class LineScheduleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="line.pk")
    name = serializers.CharField(source="line.name")
    phases = PhaseTotalSerializer(many=True)
    total = money(allow_null=True)


class ScheduleSerializer(serializers.Serializer):
    year = FundingYearSerializer()
    lines = LineScheduleSerializer(many=True)
    total = money(allow_null=True)
    conversion_rule = serializers.CharField()


class SchoolChargeSerializer(serializers.Serializer):
    urn = serializers.IntegerField()
    name = serializers.CharField()
    phase = serializers.CharField()
    pupils = serializers.IntegerField(allow_null=True)
    census_date = serializers.DateField(allow_null=True)
    pupils_source = serializers.CharField(source="source")
    eal_pupils = serializers.IntegerField(allow_null=True)
    rate = money()
    basis = serializers.CharField()
    vote = serializers.CharField(allow_null=True)
    charge = money(allow_null=True)
    note = serializers.CharField()
    reason = serializers.CharField(help_text="An all-through split or a mid-year conversion's "
                                             "share of the year.")


class OwnLineSerializer(serializers.Serializer):
    line = serializers.IntegerField(source="line.pk")
    name = serializers.CharField(source="line.name")
    phase = serializers.CharField(source="row.phase")
    vote = PhaseVoteSerializer(allow_null=True)
    rate = money()
    basis = serializers.CharField()
    charge = money(allow_null=True)


class OwnPartSerializer(serializers.Serializer):
    """One phase of the school's charge (an all-through school has two)."""

    phase = serializers.CharField()
    pupils = serializers.IntegerField(allow_null=True)
    eal_pupils = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField()
    total = money()


class OwnSchoolSerializer(serializers.Serializer):
    urn = serializers.IntegerField()
    name = serializers.CharField()
    charged = serializers.BooleanField()
    reason = serializers.CharField()
    phase = serializers.CharField(allow_null=True)
    pupils = serializers.IntegerField(allow_null=True)
    census_date = serializers.DateField(allow_null=True)
    pupils_source = serializers.CharField(source="source")
    lines = OwnLineSerializer(many=True)
    parts = OwnPartSerializer(many=True)
    total = money()


class BuyBackSerializer(serializers.ModelSerializer):
    urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.establishment.name", read_only=True)

    class Meta:
        model = BuyBack
        fields = ["id", "line", "urn", "school_name", "amount", "agreed_on", "notes"]
        read_only_fields = fields


class BuyBackCreateSerializer(serializers.Serializer):
    urn = serializers.IntegerField(help_text="The academy's URN.")
    amount = serializers.CharField(help_text="The agreed price in pounds and pence.")
    agreed_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
