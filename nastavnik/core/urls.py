from django.urls import path

from nastavnik.core import views

app_name = "core"

urlpatterns = [path("low-vision/", views.low_vision_toggle, name="low-vision")]
