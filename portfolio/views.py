"""The portfolio (every programme's latest agreed levels), the benchmark across
organisations, and a facilitator's choice to share in it. Thin: access, load, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from assessments.access import (
    FACILITATE,
    READ,
    get_organisation,
    get_programme,
    organisations_where,
)
from assessments.models import Programme

from . import services, table
from .forms import BenchmarkSharingForm
from .gather import load_benchmark
from .latest import load_rows

PER_PAGE = 100


@login_required
def portfolio_index(request):
    organisations = [m.organisation for m in organisations_where(request.user, READ)]
    if len(organisations) == 1:
        return redirect("portfolio", organisations[0].slug)
    return render(request, "portfolio/index.html", {"organisations": organisations})


@login_required
def portfolio(request, slug):
    organisation = get_organisation(request.user, slug, need=READ)
    rows, columns = load_rows(Programme.objects.filter(organisation=organisation))
    frameworks, chosen, headings, lines = table.build(
        rows,
        columns,
        framework=request.GET.get("framework"),
        sort=request.GET.get("sort", table.NAME),
        order=request.GET.get("order", table.ASCENDING),
    )
    page = Paginator(lines, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "organisation": organisation,
            "frameworks": frameworks,
            "chosen": chosen,
            "headings": headings,
            "page_obj": page,
            "total": len(lines),
        },
    )


@login_required
def benchmark(request, pk):
    programme = get_programme(request.user, pk, need=READ)
    return render(
        request,
        "portfolio/benchmark.html",
        {"programme": programme, "benchmark": load_benchmark(programme)},
    )


@login_required
def benchmark_sharing(request, slug):
    organisation = get_organisation(request.user, slug, need=FACILITATE)
    initial = {"share": "yes" if organisation.benchmark_opt_in else "no"}
    form = BenchmarkSharingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        share = form.cleaned_data["share"] == "yes"
        services.set_benchmark_opt_in(organisation=organisation, share=share)
        messages.success(
            request,
            f"{organisation.name} now shares its levels in the benchmark, without its name."
            if share
            else f"{organisation.name}’s levels are no longer in the benchmark.",
        )
        return redirect("benchmark_sharing", organisation.slug)
    return render(
        request,
        "portfolio/benchmark_sharing.html",
        {"organisation": organisation, "form": form},
    )
