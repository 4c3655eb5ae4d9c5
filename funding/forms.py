"""Forms of the funding pages. They check shapes only; the rules live in
`funding.services.dedelegation` (a rate is refused there, so the API and pages refuse alike)."""

from django import forms

from core.forms import DateInput
from funding.models import (
    ChargeBasis,
    ContributionBasis,
    ContributorKind,
    ConversionRule,
    CustomerKind,
    FormulaMode,
    ForumPhase,
    RunPeriod,
    VoteOutcome,
)

FUND_CODES = "Leave empty for the fund's."


class YearForm(forms.Form):
    start_year = forms.IntegerField(
        label="Financial year starting in April of", min_value=2000, max_value=2100,
        help_text="For 2025-26, enter 2025.")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LineForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example School improvement.")
    # Text, not DecimalField: the service names what is wrong with a rate, for pages and API.
    primary_rate = forms.CharField(label="Primary rate, in pounds",
                                   help_text="For example 12.50.")
    primary_basis = forms.ChoiceField(label="The primary rate is", choices=ChargeBasis.choices,
                                      initial=ChargeBasis.PER_PUPIL, required=False)
    secondary_rate = forms.CharField(label="Secondary rate, in pounds",
                                     help_text="For example 12.50.")
    secondary_basis = forms.ChoiceField(label="The secondary rate is",
                                        choices=ChargeBasis.choices,
                                        initial=ChargeBasis.PER_PUPIL, required=False)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cost_centre = forms.CharField(max_length=40, required=False)
    ledger_code = forms.CharField(max_length=40, required=False)


class VoteForm(forms.Form):
    phase = forms.ChoiceField(label="Which maintained members voted", choices=ForumPhase.choices)
    outcome = forms.ChoiceField(label="Decision", choices=VoteOutcome.choices)
    decided_on = forms.DateField(label="Date of the schools forum", widget=DateInput())
    votes_for = forms.IntegerField(min_value=0, required=False, label="Votes for (optional)")
    votes_against = forms.IntegerField(min_value=0, required=False,
                                       label="Votes against (optional)")
    minute_reference = forms.CharField(max_length=100, required=False,
                                       label="Minute reference (optional)")


class VoteCorrectForm(forms.Form):
    """The corrected decision of the same line and phase, and why the old one was wrong."""

    outcome = forms.ChoiceField(label="Decision", choices=VoteOutcome.choices)
    decided_on = forms.DateField(label="Date of the schools forum", widget=DateInput())
    votes_for = forms.IntegerField(min_value=0, required=False, label="Votes for (optional)")
    votes_against = forms.IntegerField(min_value=0, required=False,
                                       label="Votes against (optional)")
    minute_reference = forms.CharField(max_length=100, required=False,
                                       label="Minute reference (optional)")
    reason = forms.CharField(label="Why the vote is corrected",
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Kept with the old vote, for example: the minutes record "
                                       "8 votes for, not 9.")


class BuyBackForm(forms.Form):
    school = forms.TypedChoiceField(coerce=int, label="Academy")
    amount = forms.CharField(label="Price, in pounds", help_text="For example 1250.00.")
    agreed_on = forms.DateField(label="Agreed on", widget=DateInput())
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, academies: list[tuple[int, str, int]], **kwargs):
        """`academies`: (school id, name, URN) of each academy that may be chosen."""
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose an academy")] + [
            (pk, f"{name} ({urn})") for pk, name, urn in academies]


class FormulaForm(forms.Form):
    """A formula in any mode. The values and the amount are text; the service reads and refuses
    them (`funding.services.formula_values`), so the API and the pages refuse alike."""

    name = forms.CharField(max_length=200, help_text="For example Consortium funding.")
    mode = forms.ChoiceField(label="How the money is shared", choices=FormulaMode.choices,
                             required=False,
                             initial=FormulaMode.CATEGORY_RATES)
    level_name = forms.ChoiceField(label="Partnership level funded")
    rates = forms.CharField(
        required=False, label="Value for each category", widget=forms.Textarea(
            attrs={"rows": 4}),
        help_text="One a line. Rates per pupil: 3A = 25.00. A pot: a weight per pupil, "
                  "3A = 1.50. Days: whole days, 3A = 10 (leave empty to use the scheme's "
                  "support days). Bands: the amount, 4 = 120000.00. Not used for a flat "
                  "amount.")
    amount = forms.CharField(
        required=False, label="Pot, day rate or amount per school, in pounds",
        help_text="The pot to share, the rate for a day, or the flat amount per school. Not "
                  "used for rates per pupil or bands.")
    triggering_codes = forms.CharField(
        required=False, label="Categories that trigger funding (optional)",
        help_text="For example 3C 3D. Leave empty to follow the categorisation scheme.")
    minimum_pupils = forms.IntegerField(min_value=0, initial=0,
                                        label="Minimum number of pupils to be funded")
    cost_centre = forms.CharField(max_length=40, required=False,
                                  help_text="The council's, for the runs of this formula.")
    ledger_code = forms.CharField(max_length=40, required=False)
    change_note = forms.CharField(max_length=300, required=False,
                                  label="What changed and why (optional)")

    def __init__(self, *args, levels: list[str], revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["level_name"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(name, name) for name in levels]
        if revising:
            del self.fields["name"]


class RunForm(forms.Form):
    formula = forms.TypedChoiceField(coerce=int, label="Formula")
    inputs_on = forms.DateField(label="Categories, pupils and memberships as on",
                                widget=DateInput())
    period = forms.ChoiceField(label="The run funds", choices=RunPeriod.choices,
                               initial=RunPeriod.FINANCIAL, required=False,
                               widget=forms.RadioSelect)
    first_year_months = forms.IntegerField(
        label="Months of the academic year in its first financial year (academic year only)",
        required=False, min_value=1, max_value=11,
        help_text="Leave empty for the council's setting (7: September to March in the first "
                  "financial year, April to August in the second).")

    def __init__(self, *args, formulas: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["formula"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(f.pk, str(f)) for f in formulas]


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have checked this run: confirm it. A confirmed run cannot be changed.")


class WhatIfForm(forms.Form):
    """Every field optional: an empty field keeps the draft's parameter."""

    rates = forms.CharField(required=False, label="Value for each category",
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="As the run's formula reads them (rates, weights, days "
                                      "or bands), one a line, for example 3A = 30.00")
    triggering_codes = forms.CharField(required=False,
                                       label="Categories that trigger funding")
    minimum_pupils = forms.IntegerField(required=False, min_value=0,
                                        label="Minimum number of pupils")
    amount = forms.CharField(required=False, label="Pot, day rate or amount per school",
                             help_text="Where the run's formula has one, in pounds.")
    suppose_urn = forms.IntegerField(required=False, label="Suppose the school with URN")
    suppose_code = forms.CharField(required=False, max_length=20,
                                   label="were in category")


class CommitmentForm(forms.Form):
    """A commitment against one of the year's budgets. The override reason appears only once
    the service has warned that the commitment would overspend its budget."""

    budget = forms.ChoiceField(label="Budget")
    description = forms.CharField(max_length=300, label="What the money is for",
                                  help_text="For example Hub leader release time, autumn term.")
    supplier = forms.CharField(max_length=200, label="Who is paid",
                               help_text="The supplier, school or trust.")
    amount = forms.CharField(label="Amount net of VAT, in pounds",
                             help_text="For example 2500.00. Budgets bear the net amount.")
    vat = forms.BooleanField(required=False, label="VAT is charged on top of this amount")
    vat_amount = forms.CharField(required=False, label="VAT, in pounds (optional)",
                                 help_text="Leave empty for the standard rate, 20% of the net "
                                           "amount.")
    on = forms.DateField(label="Date", widget=DateInput())
    reference = forms.CharField(required=False, max_length=40, label="Reference (optional)",
                                help_text="Leave empty to number it automatically.")
    cost_centre = forms.CharField(required=False, max_length=40,
                                  label="Cost centre (optional)",
                                  help_text="Leave empty to use the line's.")
    ledger_code = forms.CharField(required=False, max_length=40,
                                  label="Ledger code (optional)",
                                  help_text="Leave empty to use the line's.")
    override_reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for committing past the budget",
        help_text="Only an admin may override a budget; the reason is kept in the audit trail.")

    def __init__(self, *args, budgets: list, warned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["budget"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a budget")] + [
            (b.key, f"{b.kind_label}: {b.name} (£{b.remaining:,} left of £{b.amount:,})")
            for b in budgets]
        if not warned:
            del self.fields["override_reason"]


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                             label="Why is it cancelled")


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(label="I approve this commitment")
    override_reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason for committing past the budget (only if it would overspend)")


class SpendForm(forms.Form):
    amount = forms.CharField(label="Amount net of VAT, in pounds",
                             help_text="For example 450.00; a credit note is negative, -450.00.")
    on = forms.DateField(label="Date", widget=DateInput())
    description = forms.CharField(required=False, max_length=300,
                                  label="Description (optional)")
    ledger_reference = forms.CharField(
        required=False, max_length=100, label="Ledger reference (optional)",
        help_text="The finance system's reference for the transaction: recorded once.")
    confirm_over_commitment = forms.BooleanField(
        required=False, label="Record it although it takes the commitment past its amount")

    def __init__(self, *args, warned: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not warned:
            del self.fields["confirm_over_commitment"]


class ActualsForm(forms.Form):
    file = forms.FileField(
        label="CSV of actuals from the finance system",
        help_text="Columns: Commitment reference, Date, Amount (net of VAT), and optionally "
                  "Description and Ledger reference. Nothing is recorded until you check the "
                  "preview and import it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


class FundingSettingsForm(forms.Form):
    approval_limit = forms.CharField(
        label="Approval limit, in pounds",
        help_text="A commitment of more than this (net of VAT) needs a second person's "
                  "approval. For example 10000.00.")
    conversion_rule = forms.ChoiceField(
        label="A maintained school converting to an academy during the year is charged for",
        choices=ConversionRule.choices, initial=ConversionRule.DAYS, required=False,
        help_text="Days maintained (the default), calendar months maintained on the 1st, or "
                  "the whole year's charge retained.")
    first_year_months = forms.IntegerField(
        label="Months of an academic year in its first financial year", min_value=1,
        max_value=11, required=False,
        help_text="An academic-year allocation is profiled across its two financial years: "
                  "this many twelfths in the first (7: September to March), the rest in the "
                  "second. Runs already made keep their profile.")


class FundForm(forms.Form):
    name = forms.CharField(max_length=200,
                           help_text="For example Strategic School Improvement Fund.")
    base_amount = forms.CharField(label="The council's budget for the fund, in pounds",
                                  help_text="For example 100000.00.")
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    cost_centre = forms.CharField(max_length=40, required=False)
    ledger_code = forms.CharField(max_length=40, required=False)


class FundCostForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="For example Independent chair.")
    amount = forms.CharField(label="Amount, in pounds", help_text="For example 4500.00.")
    cost_centre = forms.CharField(max_length=40, required=False, help_text=FUND_CODES)
    ledger_code = forms.CharField(max_length=40, required=False, help_text=FUND_CODES)


class ContributionForm(forms.Form):
    """Who, how much and on what basis. The rules (a school of this register, a rate and
    pupils for pro rata) are the service's, so the API refuses alike."""

    contributor_kind = forms.ChoiceField(label="Who contributes",
                                         choices=ContributorKind.choices)
    contributor_name = forms.CharField(
        max_length=300, required=False, label="Name of the council or body",
        help_text="For a council or another body, for example Eastmoor Council.")
    school_urn = forms.IntegerField(required=False, label="URN of the school",
                                    help_text="For a school in the register.")
    basis = forms.ChoiceField(label="Basis", choices=ContributionBasis.choices)
    amount = forms.CharField(required=False, label="Fixed amount, in pounds",
                             help_text="For a fixed amount, for example 5000.00.")
    rate = forms.CharField(required=False, label="Rate per pupil, in pounds",
                           help_text="Pro rata, for example 1.20.")
    pupils = forms.IntegerField(
        required=False, min_value=1, label="Pupils of the contributing schools",
        help_text="Pro rata, for a council or body. A school's pupils come from its census.")
    received_on = forms.DateField(label="Received on", widget=DateInput())
    reference = forms.CharField(max_length=100, label="Reference",
                                help_text="The invoice or remittance number.")
    cost_centre = forms.CharField(max_length=40, required=False, help_text=FUND_CODES)
    ledger_code = forms.CharField(max_length=40, required=False, help_text=FUND_CODES)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class FundRunForm(forms.Form):
    formula = forms.TypedChoiceField(coerce=int, label="Formula that shares a pot")
    inputs_on = forms.DateField(label="Categories, pupils and memberships as on",
                                widget=DateInput())
    pot = forms.CharField(required=False, label="Pot to share, in pounds (optional)",
                          help_text="Leave empty to share everything that remains in the fund.")

    def __init__(self, *args, formulas: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["formula"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(f.pk, str(f)) for f in formulas]


class CensusForm(forms.Form):
    census_date = forms.DateField(label="Census date", widget=DateInput(),
                                  help_text="The day of the census, for example 2 October 2025.")
    source = forms.CharField(max_length=100, label="Source name",
                             help_text="What the schools forum calls it, for example October "
                                       "2025 school census.")
    file = forms.FileField(
        label="CSV of the census return",
        help_text="Columns: URN, Pupils, and optionally EAL pupils. Nothing counts until you "
                  "check the preview and apply it.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))


class CarryForwardForm(forms.Form):
    """The year-end step: which budget's underspend, how much and why."""

    budget = forms.ChoiceField(label="Budget")
    amount = forms.CharField(label="Amount to carry forward, in pounds",
                             help_text="At most what the budget can spare, shown beside it.")
    reason = forms.CharField(label="Why it is carried forward",
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="Kept with the carry, for example: the schools forum "
                                       "agreed on 14 March to carry the hubs' underspend.")

    def __init__(self, *args, budgets: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["budget"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose a budget")] + [
            (b.key, f"{b.name}: £{b.carryable:,} can be carried") for b in budgets]


class DayRateForm(forms.Form):
    """The council's price of a day of support in the year. Text, not DecimalField: the service
    names what is wrong with a rate, for pages and API alike."""

    day_rate = forms.CharField(label="Day rate, in pounds", help_text="For example 450.00.")
    vat = forms.BooleanField(label="VAT is charged on top", required=False, initial=True)
    cost_centre = forms.CharField(max_length=40, required=False,
                                  help_text="Where the council's ledger books the income.")
    ledger_code = forms.CharField(max_length=40, required=False)


class TradedDayPurchaseForm(forms.Form):
    """Who bought how many days, when. The rules (an academy of this register, not a
    maintained school; a trust named; the days and rate) are the service's."""

    customer_kind = forms.ChoiceField(label="Who buys the days", choices=CustomerKind.choices)
    school_urn = forms.IntegerField(required=False, label="URN of the academy",
                                    help_text="For an academy or free school in the register.")
    trust_name = forms.CharField(max_length=300, required=False, label="Name of the trust",
                                 help_text="For a trust, as it is invoiced.")
    ukprn = forms.CharField(max_length=20, required=False, label="UKPRN of the trust (optional)",
                            help_text="8 digits, for example 10012345.")
    days = forms.CharField(
        required=False, label="Days",
        help_text="For example 3 or 2.5. Leave empty for an academy to use the days it bought "
                  "with its partnership membership.")
    purchased_on = forms.DateField(label="Date of the purchase", widget=DateInput())
    rate = forms.CharField(required=False, label="Day rate, in pounds (optional)",
                           help_text="Leave empty for the year's day rate.")
    cost_centre = forms.CharField(max_length=40, required=False,
                                  help_text="Leave empty for the day rate's.")
    ledger_code = forms.CharField(max_length=40, required=False,
                                  help_text="Leave empty for the day rate's.")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
