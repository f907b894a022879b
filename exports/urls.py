from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:pk>/results.xlsx", views.download, {"fmt": "xlsx"}, name="export_xlsx"),
    path("assessments/<int:pk>/results-csv.zip", views.download, {"fmt": "csv"}, name="export_csv"),
    path("assessments/<int:pk>/results.json", views.download, {"fmt": "json"}, name="export_json"),
    path("assessments/<int:pk>/history.csv", views.history, name="export_history"),
    path("import/", views.import_file, name="import_results"),
]
