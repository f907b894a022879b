"""A rubric version as a scorer will see it, for admins checking a draft before publishing.

It lives here, not in ladder, because it renders the scoring page's own form (ladder knows
nothing of assessments); coprod/urls.py puts it behind the admin's own sign-in check."""

from django.shortcuts import get_object_or_404, render

from ladder.models import Framework

from .forms import ScoreForm
from .journey import Journey, Scale


def rubric_preview(request, pk):
    framework = get_object_or_404(Framework, pk=pk)
    journey = Journey.build([framework], framework.criteria.all())
    questions = []
    for criterion in journey.criteria:
        scale = Scale.load(criterion)
        form = ScoreForm(
            initial={"version": 0}, auto_id=f"c{criterion.pk}-%s", **scale.form_kwargs(criterion)
        )
        form.helper.inputs = []  # a preview saves nothing
        position, of = journey.position(criterion)
        questions.append(
            {
                "criterion": criterion,
                "form": form,
                "position": position,
                "of": of,
                "evidence_prompts": scale.evidence_prompts,
            }
        )
    return render(
        request,
        "assessments/rubric_preview.html",
        {"framework": framework, "questions": questions},
    )
