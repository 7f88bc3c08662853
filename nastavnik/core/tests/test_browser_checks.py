"""The accessibility check itself must be able to fail, or the browser tests prove nothing."""

import pytest

from nastavnik.core.testing.browser import assert_accessible

pytestmark = pytest.mark.browser


def test_axe_reports_a_deliberately_inaccessible_page(page):
    page.set_content(
        '<html><body><img src="x.png"><button></button><p style="color:#ccc">текст</p></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    report = str(failure.value)
    for rule in ("image-alt", "button-name", "html-has-lang"):
        assert rule in report
