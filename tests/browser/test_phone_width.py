"""On a phone 375 px wide, no page of the demo scrolls sideways, and axe still passes.

For each demo login (tenant admin, officer, headteacher, board member, viewer) the test opens
the tenant's home, every page of the service navigation that person sees, and up to three pages
each of those links to (a school, a proposal, a meeting...). Every one must fit the width of the
screen: a wide table scrolls inside its own labelled region (`.app-table-scroll`), never the
page. The home and navigation pages are also checked with axe, and the first press of Tab
must reach the skip link. One test, every role, every problem listed at once.
"""

from io import StringIO

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled
from playwright.sync_api import Page

from accounts.models import User
from demo.management.commands.seed_demo import DEMO_PEOPLE, DEMO_SLUG
from tests.browser.helpers import axe_violations

PHONE = {"width": 375, "height": 812}
HOME = f"/t/{DEMO_SLUG}/"
LINKS_PER_PAGE = 3
NOT_PAGES = ("export", ".csv", ".xlsx", ".pdf", "?", "#")
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [];
  for (const el of document.querySelectorAll('main *, header *')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !el.closest('.app-table-scroll')) {
      wide.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)}`);
    }
  }
  return `${document.documentElement.scrollWidth}px wide: ${wide.slice(0, 3).join(', ')}`;
}"""


def _sign_in(page: Page, base_url: str, email: str) -> None:
    with scopes_disabled():
        user = User.objects.get(email=email)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                               "url": base_url}])


def _hrefs(page: Page, selector: str) -> list[str]:
    return [href for href in page.locator(selector).evaluate_all(
        "links => links.map(a => a.getAttribute('href'))") if href]


def test_every_roles_main_pages_fit_a_phone_and_pass_axe(page, live_server):
    call_command("seed_demo", stdout=StringIO())
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    opened = 0
    for role, email, _name, _title in DEMO_PEOPLE:
        if role == "operator":
            continue
        _sign_in(page, live_server.url, email)
        page.goto(f"{live_server.url}{HOME}")
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") != (
                "Skip to main content"):
            problems.append(f"{role}: the first Tab does not reach the skip link")
        main_pages = [HOME] + [href for href in _hrefs(page, ".govuk-service-navigation__list a")
                               if href != HOME]
        to_open = list(main_pages)
        for path in main_pages:
            response = page.goto(f"{live_server.url}{path}")
            if response.status != 200:
                problems.append(f"{role} {path}: status {response.status}")
                continue
            opened += 1
            if overflow := page.evaluate(OVERFLOW):
                problems.append(f"{role} {path}: {overflow}")
            problems += [f"{role} {path}: {violation}" for violation in axe_violations(page)]
            linked = [href for href in _hrefs(page, "main a")
                      if href.startswith(HOME) and href not in to_open
                      and not any(part in href for part in NOT_PAGES)]
            to_open += linked[:LINKS_PER_PAGE]
        for path in to_open[len(main_pages):]:
            response = page.goto(f"{live_server.url}{path}")
            if response.status != 200:
                problems.append(f"{role} {path}: status {response.status}")
                continue
            opened += 1
            if overflow := page.evaluate(OVERFLOW):
                problems.append(f"{role} {path}: {overflow}")
    assert opened > 60, f"only {opened} pages opened"
    assert not problems, "\n".join(problems)


WIDE = '<div style="width:900px">{}</div>'
HELD = f'<div class="app-table-scroll" style="overflow-x:auto">{WIDE.format("held")}</div>'


def test_the_check_itself_catches_a_page_wider_than_the_phone(page):
    page.set_viewport_size(PHONE)
    page.set_content(f'<html lang="en"><body><main>{WIDE.format("wide")}{HELD}</main></body>'
                     '</html>')
    assert page.evaluate(OVERFLOW).startswith("9")
    page.set_content(f'<html lang="en"><body><main>{HELD}</main></body></html>')
    assert page.evaluate(OVERFLOW) is None


def test_on_a_phone_the_navigation_folds_behind_a_menu_button_that_opens_it(
        page, live_server, personas, tenant_a):
    from playwright.sync_api import expect

    from tests.browser.helpers import use_session_of

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    use_session_of(page, live_server.url, personas["a"]["officer"])
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/t/{tenant_a.slug}/")
    menu = page.get_by_role("button", name="Menu")
    navigation = page.locator("#navigation")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    assert page.evaluate(OVERFLOW) is None
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    navigation.get_by_role("link", name="Schools").click()
    page.wait_for_url(f"**/t/{tenant_a.slug}/schools/")
    assert not errors, errors
    # On a wide screen there is no button: the links are shown as they are.
    page.set_viewport_size({"width": 1024, "height": 800})
    page.reload()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator("#navigation")).to_be_visible()
