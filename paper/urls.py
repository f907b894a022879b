from django.urls import path

from . import views

urlpatterns = [
    path("assessments/<int:pk>/paper/", views.paper_entry, name="paper_entry"),
    path("assessments/<int:pk>/paper/form.pdf", views.paper_form_pdf, name="paper_form_pdf"),
]
