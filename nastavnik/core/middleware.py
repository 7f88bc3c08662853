class AccessibilityModeMiddleware:
    """Exposes the «версия для слабовидящих» choice (a cookie) to templates as ``request.low_vision``."""

    COOKIE = "low_vision"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.low_vision = request.COOKIES.get(self.COOKIE) == "1"
        return self.get_response(request)
