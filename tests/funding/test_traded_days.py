"""Traded days (issue 11 item 2): academies and trusts buy days of support at the council's day
rate for the year; each purchase is recorded with its rate and the council's ledger codes,
counted as the year's income, and downloaded as an invoice request for the council's ledger,
then marked as sent. Bad input is refused naming the field; a maintained school never buys
(it de-delegates); the same purchase is never recorded twice."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.models import AuditEvent, Role
from funding.models import TradedDayPurchase
from funding.selectors.traded import income_rows
from funding.services import dedelegation
from funding.services import traded as services
from partnerships.models import Partnership, PartnershipLevel
from partnerships.services.memberships import partnership_add_school
from schools.models import Governance
from tests.factories import MembershipFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db
BOUGHT = date(2025, 6, 2)


@pytest.fixture
def year(in_a, admin):
    return dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2025)


@pytest.fixture
def priced(in_a, admin, year):
    services.traded_day_rate_set(tenant=in_a, actor=admin, year=year, day_rate="452.50",
                                 vat=True, cost_centre="SE4300", ledger_code="TR01")
    return year


@pytest.fixture
def academy(in_a):
    return SchoolFactory(tenant=in_a, establishment__name="Oak Academy",
                         establishment__governance=Governance.ACADEMY,
                         establishment__ukprn="10054321")


def buy(in_a, admin, year, **values):
    fields = {"customer_kind": "school", "purchased_on": BOUGHT, "days": "3"} | values
    return services.traded_day_purchase_record(tenant=in_a, actor=admin, year=year, **fields)


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


def test_a_purchase_is_days_times_the_years_day_rate_with_its_codes(in_a, admin, priced,
                                                                    academy):
    purchase = buy(in_a, admin, priced, school=academy, days="2.5")
    # 2.5 x £452.50 = £1,131.25, exact; the codes and VAT flag are the day rate's.
    assert (purchase.amount, purchase.rate, purchase.vat, purchase.cost_centre,
            purchase.ledger_code) == (Decimal("1131.25"), Decimal("452.50"), True, "SE4300",
                                      "TR01")
    assert purchase.reference == "TD2025-26-0001"
    assert purchase.customer_name == "Oak Academy"
    event = AuditEvent.objects.get(action="funding.traded_day_purchase_record")
    assert event.changes["amount"] == "1131.25"


def test_the_amount_is_rounded_half_up_to_the_penny(in_a, admin, year, academy):
    # 0.1 x £0.25 = £0.025: half up £0.03 (half even would give £0.02).
    assert buy(in_a, admin, year, school=academy, days="0.1", rate="0.25").amount == \
        Decimal("0.03")


def test_a_later_change_of_the_day_rate_leaves_earlier_purchases_as_bought(
        in_a, admin, priced, academy):
    first = buy(in_a, admin, priced, school=academy)
    services.traded_day_rate_set(tenant=in_a, actor=admin, year=priced, day_rate="500.00")
    second = buy(in_a, admin, priced, school=academy, purchased_on=date(2025, 9, 1))
    first.refresh_from_db()
    assert (first.rate, first.amount) == (Decimal("452.50"), Decimal("1357.50"))
    assert (second.rate, second.amount) == (Decimal("500.00"), Decimal("1500.00"))
    event = AuditEvent.objects.filter(action="funding.day_rate_set").order_by("pk").last()
    assert event.changes["before"]["day_rate"] == "452.50"
    assert event.changes["after"]["day_rate"] == "500.00"


def test_an_academys_days_default_to_those_bought_with_its_partnership_membership(
        in_a, admin, priced, academy):
    level = PartnershipLevel.objects.create(tenant=in_a, name="Cluster")
    cluster = Partnership.objects.create(tenant=in_a, name="West Cluster", level=level,
                                         partnership_type="loose", start_date=date(2025, 1, 1))
    partnership_add_school(tenant=in_a, actor=admin, partnership=cluster, school=academy,
                           start_date=date(2025, 5, 1), days_purchased=Decimal("4.5"))
    purchase = buy(in_a, admin, priced, school=academy, days="")
    assert (purchase.days, purchase.amount) == (Decimal("4.5"), Decimal("2036.25"))
    # Before the membership began it had bought none, so the days must be given.
    assert "days" in refusal(lambda: buy(in_a, admin, priced, school=academy, days="",
                                         purchased_on=date(2025, 4, 15)))


def test_a_trust_buys_by_name_and_ukprn(in_a, admin, priced):
    purchase = buy(in_a, admin, priced, customer_kind="trust", trust_name="Small Oaks Trust",
                   ukprn="10012345", days="5")
    assert (purchase.school, purchase.customer_name, purchase.ukprn, purchase.amount) == (
        None, "Small Oaks Trust", "10012345", Decimal("2262.50"))


@pytest.mark.parametrize(("values", "field"), [
    ({"days": "-2"}, "days"),
    ({"days": "three"}, "days"),
    ({"days": "0"}, "days"),
    ({"days": "1.25"}, "days"),
    ({"days": "NaN"}, "days"),
    ({"days": "1e30"}, "days"),
    ({"rate": "1e30"}, "rate"),
    ({"rate": "-450.00"}, "rate"),
    ({"rate": "lots"}, "rate"),
    ({"rate": "450.005"}, "rate"),
    ({"purchased_on": date(2026, 4, 1)}, "purchased_on"),
    ({"cost_centre": "SE\n4300"}, "cost_centre"),
    ({"ledger_code": "X" * 41}, "ledger_code"),
    ({"customer_kind": "trust", "trust_name": "  "}, "trust_name"),
    ({"customer_kind": "trust", "trust_name": "Small Oaks Trust", "ukprn": "123"}, "ukprn"),
    ({"customer_kind": "council"}, "customer_kind"),
])
def test_bad_input_is_refused_naming_the_field(in_a, admin, priced, academy, values, field):
    assert field in refusal(lambda: buy(in_a, admin, priced, school=academy, **values))
    assert not TradedDayPurchase.objects.exists()


@pytest.mark.parametrize(("value", "field"), [("-1.00", "day_rate"), ("a day", "day_rate"),
                                              ("Infinity", "day_rate")])
def test_a_bad_day_rate_is_refused_naming_the_field(in_a, admin, year, value, field):
    assert field in refusal(lambda: services.traded_day_rate_set(
        tenant=in_a, actor=admin, year=year, day_rate=value))


def test_a_maintained_school_does_not_buy_days_it_de_delegates(in_a, admin, priced, personas):
    maintained = personas["a"]["school"]
    message = refusal(lambda: buy(in_a, admin, priced, school=maintained))["school"][0]
    assert "de-delegation" in message


def test_the_same_purchase_is_not_recorded_twice(in_a, admin, priced, academy):
    first = buy(in_a, admin, priced, school=academy)
    message = refusal(lambda: buy(in_a, admin, priced, school=academy))["purchased_on"][0]
    assert first.reference in message
    buy(in_a, admin, priced, school=academy, days="4")  # more days the same day: another
    trust = {"customer_kind": "trust", "trust_name": "Small Oaks Trust"}
    buy(in_a, admin, priced, **trust)
    assert "purchased_on" in refusal(lambda: buy(in_a, admin, priced, customer_kind="trust",
                                                 trust_name="small oaks trust"))
    assert TradedDayPurchase.objects.count() == 3


def test_no_rate_is_refused_until_the_year_has_one(in_a, admin, year, academy):
    assert "rate" in refusal(lambda: buy(in_a, admin, year, school=academy))
    assert buy(in_a, admin, year, school=academy, rate="400.00").amount == Decimal("1200.00")


def test_only_the_funding_admin_records_and_another_tenants_school_is_refused(
        in_a, admin, priced, academy, personas, tenant_b):
    with pytest.raises(PermissionDenied):
        buy(in_a, personas["a"][Role.OFFICER], priced, school=academy)
    with scopes_disabled():
        b_academy = SchoolFactory(tenant=tenant_b, establishment__governance=Governance.ACADEMY)
    assert "school" in refusal(lambda: buy(in_a, admin, priced, school=b_academy))


def test_marking_a_request_sent_is_audited_and_happens_once(in_a, admin, priced, academy):
    purchase = buy(in_a, admin, priced, school=academy)
    sent = services.traded_day_request_mark_sent(tenant=in_a, actor=admin, purchase=purchase)
    assert sent.request_sent_at is not None and sent.request_sent_by == admin
    assert AuditEvent.objects.filter(action="funding.traded_day_request_sent").count() == 1
    with pytest.raises(ValidationError):
        services.traded_day_request_mark_sent(tenant=in_a, actor=admin, purchase=purchase)
    assert AuditEvent.objects.filter(action="funding.traded_day_request_sent").count() == 1


def test_the_years_income_counts_every_purchase_and_what_was_sent(in_a, admin, priced, academy):
    one = buy(in_a, admin, priced, school=academy, days="2")  # £905.00
    buy(in_a, admin, priced, customer_kind="trust", trust_name="Small Oaks Trust",
        days="1.5")  # £678.75
    services.traded_day_request_mark_sent(tenant=in_a, actor=admin, purchase=one)
    traded, total = income_rows(priced)
    assert (traded.purchases, traded.days, traded.amount, traded.sent, traded.not_sent) == (
        2, Decimal("3.5"), Decimal("1583.75"), Decimal("905.00"), Decimal("678.75"))
    assert total.amount == Decimal("1583.75")


# --- pages, downloads and API --------------------------------------------------------------

def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_invoice_requests_download_one_row_per_purchase(in_a, admin, priced, academy,
                                                            tenant_a, client_for):
    buy(in_a, admin, priced, school=academy, days="2")
    trust = buy(in_a, admin, priced, customer_kind="trust", trust_name="Small Oaks Trust",
                ukprn="10012345", days="1.5", vat=False, cost_centre="SE9", ledger_code="L2")
    services.traded_day_request_mark_sent(tenant=in_a, actor=admin, purchase=trust)
    client = client_for(admin)
    url = f"/t/{tenant_a.slug}/funding/years/{priced.pk}/traded-days/"
    page = client.get(url).content.decode()
    assert "Small Oaks Trust" in page and "£1,583.75" in page
    rows = _csv(client.get(f"{url}export/?format=csv"))
    assert [(r["Purchase reference"], r["Customer"], r["URN"], r["UKPRN"], r["Days"],
             r["Day rate"], r["Amount net of VAT"], r["VAT to charge"], r["Cost centre"],
             r["Ledger code"]) for r in rows] == [
        ("TD2025-26-0001", "Oak Academy", str(academy.urn), "10054321", "2.0", "452.50",
         "905.00", "Yes", "SE4300", "TR01"),
        ("TD2025-26-0002", "Small Oaks Trust", "", "10012345", "1.5", "452.50", "678.75",
         "No", "SE9", "L2")]
    assert {r["Recorded by"] for r in rows} == {admin.get_full_name() or admin.email}
    unsent = _csv(client.get(f"{url}export/?format=csv&status=unsent"))
    assert [r["Purchase reference"] for r in unsent] == ["TD2025-26-0001"]
    sheet = load_workbook(io.BytesIO(client.get(f"{url}export/?format=xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    amounts = [row[header.index("Amount net of VAT")] for row in
               sheet.iter_rows(min_row=2, values_only=True)]
    assert amounts == [905, 678.75]  # numbers, not text
    assert AuditEvent.objects.filter(action="traded-day-invoice-requests.export").count() == 3


def test_the_admin_records_and_marks_sent_through_the_pages(in_a, admin, priced, academy,
                                                            tenant_a, client_for, personas):
    client = client_for(admin)
    base = f"/t/{tenant_a.slug}/funding/years/{priced.pk}/traded-days/"
    refused = client.post(f"{base}new/", {"customer_kind": "school",
                                          "school_urn": personas["a"]["school"].urn,
                                          "days": "2", "purchased_on": "2025-06-02"})
    assert refused.status_code == 400 and "de-delegation" in refused.content.decode()
    bad = client.post(f"{base}new/", {"customer_kind": "school", "school_urn": academy.urn,
                                      "days": "-1", "purchased_on": "2025-06-02"})
    assert bad.status_code == 400 and 'id="id_days-error"' in bad.content.decode()
    made = client.post(f"{base}new/", {"customer_kind": "school", "school_urn": academy.urn,
                                       "days": "2", "purchased_on": "2025-06-02"})
    assert made.status_code == 302
    purchase = TradedDayPurchase.objects.get()
    assert client.post(f"/t/{tenant_a.slug}/funding/traded-days/{purchase.pk}/sent/"
                       ).status_code == 302
    purchase.refresh_from_db()
    assert purchase.is_sent


def test_a_headteacher_of_an_academy_sees_their_own_schools_purchases_only(
        in_a, admin, priced, academy, tenant_a, client_for):
    buy(in_a, admin, priced, school=academy, days="2")
    buy(in_a, admin, priced, customer_kind="trust", trust_name="Small Oaks Trust")
    head = UserFactory(email="head@oak.example.org")
    MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER, user=head, school=academy)
    client = client_for(head)
    url = f"/t/{tenant_a.slug}/funding/years/{priced.pk}/traded-days/"
    page = client.get(url).content.decode()
    assert "Oak Academy" in page and "Small Oaks Trust" not in page
    [own] = _csv(client.get(f"{url}export/"))
    assert own["Customer"] == "Oak Academy" and "Recorded by" not in own
    api = APIClient()
    api.force_login(head, backend="django.contrib.auth.backends.ModelBackend")
    answer = api.get(f"/api/t/{tenant_a.slug}/funding/years/{priced.pk}/traded-days/")
    assert [p["customer_name"] for p in answer.json()] == ["Oak Academy"]
    assert client.post(f"{url}new/", {}).status_code == 403


def test_the_api_records_a_purchase_and_names_a_bad_field(in_a, admin, priced, academy,
                                                          tenant_a):
    api = APIClient()
    api.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/api/t/{tenant_a.slug}/funding/years/{priced.pk}/traded-days/"
    bad = api.post(url, {"customer_kind": "school", "urn": academy.urn, "days": "lots",
                         "purchased_on": "2025-06-02"}, format="json")
    assert bad.status_code == 400 and "days" in bad.json()
    made = api.post(url, {"customer_kind": "school", "urn": academy.urn, "days": "2",
                          "purchased_on": "2025-06-02"}, format="json")
    assert made.status_code == 201 and made.json()["amount"] == "905.00"
    sent = api.post(f"/api/t/{tenant_a.slug}/funding/traded-days/{made.json()['id']}/sent/")
    assert sent.status_code == 200 and sent.json()["request_sent_at"]
    assert api.post(f"/api/t/{tenant_a.slug}/funding/traded-days/{made.json()['id']}/sent/"
                    ).status_code == 400
    rate = api.post(f"{url}rate/", {"day_rate": "-5"}, format="json")
    assert rate.status_code == 400 and "day_rate" in rate.json()
    reconciliation = api.get(f"/api/t/{tenant_a.slug}/funding/years/{priced.pk}/"
                             "reconciliation/").json()
    assert reconciliation["income"][0]["amount"] == "905.00"


def test_the_report_and_reconciliation_show_the_income(in_a, admin, priced, academy, tenant_a,
                                                       personas, client_for):
    buy(in_a, admin, priced, school=academy, days="2")
    client = client_for(personas["a"][Role.OFFICER])
    for page in ("reconciliation/", "report/"):
        html = client.get(f"/t/{tenant_a.slug}/funding/years/{priced.pk}/{page}").content
        assert b'data-testid="income"' in html and "£905.00".encode() in html
    rows = _csv(client.get(f"/t/{tenant_a.slug}/funding/years/{priced.pk}/report/export/"
                           "?table=income&format=csv"))
    assert [(r["Source"], r["Income (£)"]) for r in rows] == [
        ("Traded days sold", "905.00"), ("Total income", "905.00")]

