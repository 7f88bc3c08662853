"""Helpers for browser tests: log in through the real form and check every page with axe-core."""

from axe_playwright_python.sync_playwright import Axe

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
_axe = Axe()


def assert_accessible(page) -> None:
    """Zero WCAG 2.1 A/AA violations on the page as it is now."""
    results = _axe.run(page, options=WCAG_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def visit(page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def log_in(page, base_url: str, username: str, password: str) -> None:
    visit(page, f"{base_url}/accounts/login/")
    page.get_by_label("Логин или электронная почта").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    assert_accessible(page)
