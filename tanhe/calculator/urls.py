from django.urls import path

from tanhe.calculator import views

app_name = "calculator"

# A result is addressed by its unguessable key (secrets.token_urlsafe), never by a number.
urlpatterns = [
    path("", views.calculator, name="index"),
    path("r/<str:key>/", views.detail, name="detail"),
    path("r/<str:key>/result.json", views.result_json, name="result_json"),
    path("r/<str:key>/input.json", views.input_json, name="input_json"),
]
