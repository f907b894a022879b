from django.urls import path

from . import views

urlpatterns = [
    path("portfolio/", views.portfolio_index, name="portfolio_index"),
    path("portfolio/<slug:slug>/", views.portfolio, name="portfolio"),
    path("programmes/<int:pk>/benchmark/", views.benchmark, name="benchmark"),
    path(
        "organisations/<slug:slug>/benchmark-sharing/",
        views.benchmark_sharing,
        name="benchmark_sharing",
    ),
]
