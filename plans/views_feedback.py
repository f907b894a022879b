"""The "you said, we did" pages: facilitators write it; anyone with the link reads it.

Thin: access through assessments.access, writes through plans.feedback, render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assessments.access import FACILITATE, get_programme

from . import feedback as fb
from .forms_feedback import FeedbackPageForm, ThemeForm
from .models import FeedbackPage, Theme


def _page(programme):
    return FeedbackPage.objects.filter(programme=programme).first()


@login_required
def feedback_edit(request, pk):
    programme = get_programme(request.user, pk, need=FACILITATE)
    page = _page(programme)
    form = FeedbackPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        fb.save_feedback_page(programme=programme, **form.cleaned_data)
        messages.success(request, "Feedback page saved.")
        return redirect("feedback_edit", pk)
    context = {
        "programme": programme,
        "page": page,
        "form": form,
        "feedback": fb.feedback(page or FeedbackPage(programme=programme)),
        "public_url": request.build_absolute_uri(page.get_absolute_url()) if page else "",
    }
    return render(request, "plans/feedback_edit.html", context)


@login_required
@require_POST
def feedback_publish(request, pk):
    programme = get_programme(request.user, pk, need=FACILITATE)
    published = request.POST.get("publish") == "1"
    try:
        fb.set_published(programme=programme, published=published)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, "The page is published." if published else "The page is no longer public."
        )
    return redirect("feedback_edit", pk)


@login_required
@require_POST
def feedback_send(request, pk):
    programme = get_programme(request.user, pk, need=FACILITATE)
    page = _page(programme)
    link = request.build_absolute_uri(page.get_absolute_url()) if page else ""
    try:
        sent, failed = fb.send_feedback_link(programme=programme, link=link)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"The link was emailed to {sent} {'person' if sent == 1 else 'people'}."
        )
        if failed:
            messages.error(
                request, f"{failed} email{'s' if failed != 1 else ''} could not be sent."
            )
    return redirect("feedback_edit", pk)


@login_required
def theme_edit(request, pk, theme_pk=None):
    programme = get_programme(request.user, pk, need=FACILITATE)
    page = _page(programme)
    theme = get_object_or_404(Theme, pk=theme_pk, page=page) if theme_pk else None
    initial = (
        {"title": theme.title, "summary": theme.summary, "evidence": theme.evidence.all()}
        if theme
        else None
    )
    form = ThemeForm(request.POST or None, initial=initial, evidence=fb.evidence_of(programme))
    if request.method == "POST" and form.is_valid():
        try:
            page = page or fb.save_feedback_page(programme=programme)  # the first theme
            fb.save_theme(page=page, theme=theme, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Theme saved.")
            return redirect("feedback_edit", pk)
    context = {"programme": programme, "form": form, "theme": theme}
    return render(request, "plans/theme_form.html", context)


@login_required
@require_POST
def theme_remove(request, pk, theme_pk):
    programme = get_programme(request.user, pk, need=FACILITATE)
    theme = get_object_or_404(Theme, pk=theme_pk, page__programme=programme)
    fb.remove_theme(theme=theme)
    messages.success(request, "Theme removed.")
    return redirect("feedback_edit", pk)


def feedback_public(request, token):
    """No login. A 404 unless published: a guessed or withdrawn address says nothing."""
    page = fb.published_page(token)
    if page is None:
        raise Http404("No such page")
    return render(request, "plans/feedback_public.html", {"feedback": fb.feedback(page)})
