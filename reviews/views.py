"""The senate review's pages. Thin: ask access (reviews.access, assessments.access), call a
service, render. Anyone without the right seat or role gets 404, as elsewhere."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assessments.access import FACILITATE, get_assessment_access
from assessments.forms import rebind_after_conflict
from assessments.versioning import Conflict
from ladder.models import Criterion, Level

from . import pages, services
from .access import CHAIR, ICB, PANEL, SEE, get_review, reviews_for
from .forms import (
    CommentForm,
    PanelMemberForm,
    RecommendationForm,
    ResponseForm,
    ShareForm,
    SignOffForm,
)
from .models import Comment, Recommendation, Response
from .starting_points import BY_KEY, STARTING_POINTS


def _review_url(review):
    return reverse("review_detail", args=[review.assessment_id])


def _form_page(request, review, form, title, **extra):
    context = {"review": review, "assessment": review.assessment, "form": form, "title": title}
    return render(request, "reviews/form.html", context | extra)


def _save(request, form, write, *, conflict_form=None):
    """Run `write()`; a refusal becomes a form error. True when saved."""
    try:
        write()
    except Conflict as conflict:
        if conflict_form:
            return conflict_form(conflict)
        form.add_error(None, str(conflict))
    except ValidationError as error:
        form.add_error(None, error)
    else:
        return True
    return False


@login_required
def my_reviews(request):
    return render(request, "reviews/my_reviews.html", {"reviews": reviews_for(request.user)})


@login_required
def share(request, pk):
    access = get_assessment_access(request, pk, need=FACILITATE)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["reviewing_organisation"]
        write = lambda: services.share_for_review(  # noqa: E731
            assessment=access.assessment, reviewing_organisation=org, shared_by=request.user
        )
        if _save(request, form, write):
            messages.success(request, f"Shared with {org.name}. Now add the panel.")
            return redirect("review_detail", access.assessment.pk)
    context = {"assessment": access.assessment, "form": form, "title": "Share for review"}
    return render(request, "reviews/form.html", context)


@login_required
def review_detail(request, pk):
    review, seat = get_review(request, pk, SEE)
    page = pages.load(review, panel_view=seat is not None)
    context = {"review": review, "assessment": review.assessment, "page": page, "seat": seat}
    return render(request, "reviews/review.html", context)


@login_required
def panel_add(request, pk):
    review, _ = get_review(request, pk, ICB)
    form = PanelMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url = request.build_absolute_uri(_review_url(review))

        def write():
            link = lambda t: request.build_absolute_uri(reverse("member_invitation", args=[t]))  # noqa: E731
            services.add_panel_member(
                review=review, invited_by=request.user, build_link=link, review_url=url,
                **form.cleaned_data,
            )  # fmt: skip

        if _save(request, form, write):
            messages.success(request, f"{form.cleaned_data['name']} is on the panel.")
            return redirect(_review_url(review))
    return _form_page(request, review, form, "Add someone to the panel")


@login_required
def comment(request, pk, criterion_pk):
    review, seat = get_review(request, pk, PANEL)
    criterion = get_object_or_404(
        Criterion.objects.filter(framework__assessments=review.assessment), pk=criterion_pk
    )
    current = Comment.objects.filter(member=seat, criterion=criterion).first()
    levels = Level.objects.filter(framework_id=criterion.framework_id).order_by("value")
    initial = {"version": current.version if current else 0}
    if current:
        initial |= {"kind": current.kind, "level": current.level, "text": current.text}
    form = CommentForm(request.POST or None, levels=levels, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("kind", "level", "text")}
        write = lambda: services.save_comment(  # noqa: E731
            review=review, member=seat, criterion=criterion,
            expected_version=form.cleaned_data["version"], **data,
        )  # fmt: skip
        if _save(request, form, write):
            return redirect(_review_url(review) + f"#criterion-{criterion.pk}")
    title = f"Your comment on {criterion.code} {criterion.title}"
    return _form_page(request, review, form, title, criterion=criterion)


def _recommendation_form(request, review, recommendation, start):
    criteria = pages.load(review, panel_view=True).criteria
    criteria = [row.criterion for row in criteria]
    if recommendation:
        initial = {
            "heading": recommendation.heading,
            "text": recommendation.text,
            "criteria": list(recommendation.criteria.all()),
            "version": recommendation.version,
        }
    elif start:
        codes = set(start["criteria"])
        initial = {"heading": start["heading"], "text": start["text"], "version": 0}
        initial["criteria"] = [c for c in criteria if c.code in codes]
    else:
        initial = {"version": 0}
    return RecommendationForm(request.POST or None, criteria=criteria, initial=initial)


@login_required
def recommendation_edit(request, pk, number=None):
    review, seat = get_review(request, pk, CHAIR)
    recommendation = None
    if number is not None:
        recommendation = get_object_or_404(Recommendation, review=review, number=number)
    form = _recommendation_form(
        request, review, recommendation, BY_KEY.get(request.GET.get("start"))
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("heading", "text", "criteria")}

        def conflict_form(conflict):
            nonlocal form
            form = rebind_after_conflict(
                RecommendationForm, request.POST, version=conflict.current.version,
                message="Someone else changed this recommendation while you were editing. "
                f"It now reads: “{conflict.current.text}”. Save again to replace it with yours.",
                criteria=form.fields["criteria"].queryset,
            )  # fmt: skip
            return False

        write = lambda: services.save_recommendation(  # noqa: E731
            review=review, by=request.user, recommendation=recommendation,
            expected_version=form.cleaned_data["version"], **data,
        )  # fmt: skip
        if _save(request, form, write, conflict_form=conflict_form):
            return redirect(_review_url(review) + "#recommendations")
    title = f"Change {recommendation.code}" if recommendation else "Add a recommendation"
    extra = {"starting_points": STARTING_POINTS if recommendation is None else []}
    return _form_page(request, review, form, title, recommendation=recommendation, **extra)


@login_required
@require_POST
def release(request, pk):
    review, _ = get_review(request, pk, CHAIR)
    try:
        services.release(review=review)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Released: the ICB can now read the comments and respond.")
    return redirect(_review_url(review))


@login_required
def respond(request, pk, number):
    review, _ = get_review(request, pk, ICB)
    recommendation = get_object_or_404(Recommendation, review=review, number=number)
    current = Response.objects.filter(recommendation=recommendation).first()
    initial = {"version": current.version if current else 0}
    if current:
        initial |= {"answer": current.answer, "reason": current.reason}
    form = ResponseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("answer", "reason", "make_action")}
        write = lambda: services.respond(  # noqa: E731
            review=review, recommendation=recommendation, by=request.user,
            expected_version=form.cleaned_data["version"], **data,
        )  # fmt: skip
        if _save(request, form, write):
            return redirect(_review_url(review) + f"#{recommendation.code}")
    title = f"Respond to {recommendation.code}"
    return _form_page(request, review, form, title, recommendation=recommendation)


@login_required
def sign_off(request, pk):
    review, _ = get_review(request, pk, CHAIR)
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        write = lambda: services.sign_off(review=review, by=request.user, **form.cleaned_data)  # noqa: E731
        if _save(request, form, write):
            messages.success(request, "The review is signed off. It can no longer be changed.")
            return redirect(_review_url(review))
    warning = services.partner_warning(list(review.members.all()))
    return _form_page(request, review, form, "Sign off the review", warning=warning)
