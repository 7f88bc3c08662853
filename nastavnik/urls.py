from django.contrib import admin
from django.urls import include, path

# Uploaded files (MEDIA_ROOT) are never served directly, not even in DEBUG: every download goes through a
# view that checks who is asking (evidence, documents, scans of consents).
urlpatterns = [
    path("", include("nastavnik.dashboard.urls")),
    path("", include("nastavnik.core.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("organizations/", include("nastavnik.organizations.urls")),
    path("roadmaps/", include("nastavnik.roadmap.urls")),
    path("documents/", include("nastavnik.documents.urls")),
    path("programs/", include("nastavnik.programs.urls")),
    path("matching/", include("nastavnik.matching.urls")),
    path("monitoring/", include("nastavnik.monitoring.urls")),
    path("kpis/", include("nastavnik.kpis.urls")),
    path("expertise/", include("nastavnik.expertise.urls")),
    path("admin/", admin.site.urls),
]
