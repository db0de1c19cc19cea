from django.urls import path

from tanhe.calculator import views

app_name = "calculator"

urlpatterns = [
    path("", views.calculator, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/result.json", views.result_json, name="result_json"),
    path("<int:pk>/input.json", views.input_json, name="input_json"),
]
