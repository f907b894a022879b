from django.urls import path

from . import views

urlpatterns = [
    path("organisations/<slug:slug>/people/", views.people, name="people"),
    path("organisations/<slug:slug>/people/add/", views.person_add, name="person_add"),
    path(
        "organisations/<slug:slug>/people/<int:pk>/role/",
        views.member_change,
        name="member_change",
    ),
    path(
        "organisations/<slug:slug>/people/<int:pk>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="member_invitation_resend",
    ),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/cancel/",
        views.invitation_cancel,
        name="member_invitation_cancel",
    ),
    # Before the token pattern, which would otherwise read "set-password" as a token.
    path("join-organisation/set-password/", views.set_password, name="member_set_password"),
    path("join-organisation/<str:token>/", views.invitation_link, name="member_invitation"),
]
