from django.urls import path

from . import views

app_name = "community"
urlpatterns = [
    path("", views.index, name="index"),
    path("contracts/<int:contract_pk>/street/", views.street_page, name="street"),
    path(
        "contracts/<int:contract_pk>/communities/<int:community_pk>/",
        views.community_page,
        name="community",
    ),
    path(
        "contracts/<int:contract_pk>/communities/<int:community_pk>/map/",
        views.resource_map,
        name="map",
    ),
    path(
        "contracts/<int:contract_pk>/communities/<int:community_pk>/map.svg",
        views.resource_map_image,
        name="map_svg",
    ),
    path("contracts/<int:contract_pk>/<slug:kind>/new/", views.record_create, name="create"),
    path("records/<slug:kind>/<int:pk>/", views.record_detail, name="record"),
    path(
        "records/<slug:kind>/<int:pk>/attachments/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path("resources/<int:pk>/update/", views.resource_update, name="resource_update"),
    path("projects/<int:pk>/fund-entries/", views.fund_entry_add, name="fund_entry"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
