from nastavnik.organizations.models import Municipality


def demo(request):
    """Tell every page whether demo data is loaded, so that it is never mistaken for real data."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"demo_data_present": False}
    return {"demo_data_present": Municipality.objects.filter(is_demo=True).exists()}
