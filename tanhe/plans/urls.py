"""The enterprise's 质量控制计划 pages (mounted at /plans/). The editor's pages are GET only; each
form on them posts to an action of its own (one handler each)."""

from django.urls import path

from tanhe.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("create/", views.create, name="create"),
    path("diff/", views.compare, name="diff"),
    path("<int:pk>/", views.view, name="view"),
    path("<int:pk>/comments/", views.comments, name="comments"),
    path("<int:pk>/edit/<slug:section>/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    # the editor's actions
    path("<int:pk>/basic/save/", views.basic_save, name="basic_save"),
    path("<int:pk>/units/add/", views.unit_add, name="unit_add"),
    path("<int:pk>/units/<int:unit>/save/", views.unit_save, name="unit_save"),
    path("<int:pk>/units/<int:unit>/delete/", views.unit_delete, name="unit_delete"),
    path("<int:pk>/units/<int:unit>/unmerge/", views.unit_unmerge, name="unit_unmerge"),
    path("<int:pk>/units/<int:unit>/standby/", views.unit_standby, name="unit_standby"),
    path("<int:pk>/units/merge/", views.units_merge, name="units_merge"),
    path("<int:pk>/units/merge/preview/", views.units_merge_preview, name="units_merge_preview"),
    path("<int:pk>/facilities/add/", views.facility_add, name="facility_add"),
    path("<int:pk>/facilities/<int:facility>/save/", views.facility_save, name="facility_save"),
    path(
        "<int:pk>/facilities/<int:facility>/delete/",
        views.facility_delete,
        name="facility_delete",
    ),
    path("<int:pk>/products/save/", views.products_save, name="products_save"),
    path("<int:pk>/boundary/save/", views.boundary_save, name="boundary_save"),
    path("<int:pk>/methods/<int:unit>/save/", views.methods_save, name="methods_save"),
    path("<int:pk>/methods/<int:unit>/sync/", views.methods_sync, name="methods_sync"),
    path("<int:pk>/qa/save/", views.qa_save, name="qa_save"),
    path("<int:pk>/attachments/upload/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
