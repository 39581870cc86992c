from apps.core.routes import route, under

from . import views

app_name = "community"
urlpatterns = [
    route("", views.index),
    under(
        "contracts/<int:contract_pk>/",
        route("street/", views.street_page, "street"),
        under(
            "communities/<int:community_pk>/",
            route("", views.community_page, "community"),
            route("map/", views.resource_map, "map"),
            route("map.svg", views.resource_map_image, "map_svg"),
        ),
        route("<slug:kind>/new/", views.record_create, "create"),
    ),
    under(
        "records/<slug:kind>/<int:pk>/",
        route("", views.record_detail, "record"),
        route("attachments/", views.attachment_upload),
    ),
    route("resources/<int:pk>/update/", views.resource_update),
    route("projects/<int:pk>/fund-entries/", views.fund_entry_add, "fund_entry"),
    route("attachments/<int:pk>/", views.attachment_download, "attachment"),
]
