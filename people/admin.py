"""Django admin for organisations, their members and invitations.

A site admin creates an organisation here and invites its first facilitator by email (or
adds an existing account as a member); from then on the organisation's facilitators manage
their own people on the People page. Here rather than in assessments/admin.py because the
invitation is people's: assessments knows nothing of this app.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Membership, Organisation, Perspective, Role

from . import services
from .models import MemberInvitation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "perspective"]
    autocomplete_fields = ["user"]


class PendingInvitationInline(admin.TabularInline):
    """Shown, not edited: a link can only be made (and emailed) by the invite fields above."""

    model = MemberInvitation
    verbose_name_plural = "invited, not joined yet"
    fields = ["name", "email", "role", "expires_at", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = True  # cancels the invitation: its link stops working

    def get_queryset(self, request):
        return super().get_queryset(request).filter(used_at__isnull=True)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrganisationForm(forms.ModelForm):
    invite_name = forms.CharField(label="Full name", required=False, max_length=120)
    invite_email = forms.EmailField(
        label="Email address",
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "ods_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invite_email"].help_text = (
            "They get a link to set a password; it works once and lasts "
            f"{settings.INVITATION_DAYS} days. If they already have an account, they are "
            "added at once."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("invite_email") and not cleaned.get("invite_name"):
            self.add_error("invite_name", "Enter the name of the person to invite.")
        return cleaned


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    form = OrganisationForm
    list_display = ["name", "ods_code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "ods_code"]}),
        ("Invite a facilitator", {"fields": ["invite_name", "invite_email"]}),
    ]
    inlines = [MembershipInline, PendingInvitationInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.cleaned_data.get("invite_email"):
            self._invite(request, form.instance, form.cleaned_data)

    def _invite(self, request, organisation, data):
        name = data["invite_name"]
        try:
            added = services.add_person(
                organisation=organisation,
                name=name,
                email=data["invite_email"],
                role=Role.FACILITATOR,
                perspective=Perspective.NHS_STAFF,
                invited_by=request.user,
                build_link=lambda token: request.build_absolute_uri(
                    reverse("member_invitation", args=[token])
                ),
            )
        except ValidationError as error:
            messages.error(request, f"{name} was not invited: {error.messages[0]}")
            return
        if added.membership:
            messages.success(request, f"{name} already had an account and is now a facilitator.")
        elif added.sent:
            messages.success(request, f"Invitation sent to {name} as facilitator.")
        else:
            messages.error(
                request,
                f"{name} is invited, but the email could not be sent. Tick “Delete” beside "
                "the invitation below, save, then invite them again.",
            )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "perspective"]
    list_filter = ["role", "organisation__kind", "organisation"]
    search_fields = [
        "user__username",
        "user__email",
        "user__first_name",
        "user__last_name",
        "organisation__name",
        "organisation__ods_code",
    ]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
