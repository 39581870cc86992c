from apps.core.routes import route

from . import views

app_name = "reports"
urlpatterns = [
    route("", views.index),
    route("request/<slug:kind>/", views.request_view),
    route("<int:pk>/download/", views.download),
]
