from django.urls import path

from . import views

R = "assessments/<int:pk>/review/"

urlpatterns = [
    path("reviews/", views.my_reviews, name="my_reviews"),
    path(R + "share/", views.share, name="review_share"),
    path(R, views.review_detail, name="review_detail"),
    path(R + "panel/add/", views.panel_add, name="review_panel_add"),
    path(R + "comment/<int:criterion_pk>/", views.comment, name="review_comment"),
    path(R + "recommendations/new/", views.recommendation_edit, name="recommendation_add"),
    path(
        R + "recommendations/<int:number>/", views.recommendation_edit, name="recommendation_edit"
    ),
    path(R + "recommendations/<int:number>/respond/", views.respond, name="recommendation_respond"),
    path(R + "release/", views.release, name="review_release"),
    path(R + "sign-off/", views.sign_off, name="review_sign_off"),
]
