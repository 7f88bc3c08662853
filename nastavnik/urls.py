from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("nastavnik.dashboard.urls")),
    path("", include("nastavnik.core.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("organizations/", include("nastavnik.organizations.urls")),
    path("roadmaps/", include("nastavnik.roadmap.urls")),
    path("documents/", include("nastavnik.documents.urls")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
