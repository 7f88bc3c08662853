from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from nastavnik.core.middleware import AccessibilityModeMiddleware


@require_POST
def low_vision_toggle(request):
    """Switch the «version for the visually impaired» on or off and return to the same page."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if getattr(request, "low_vision", False):
        response.delete_cookie(AccessibilityModeMiddleware.COOKIE)
    else:
        response.set_cookie(AccessibilityModeMiddleware.COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response
