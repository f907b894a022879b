"""Links within a scoring journey: the person's own, or the one a facilitator follows when
recording answers on a participant's behalf (`on_behalf` in the context)."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def question_url(context, criterion):
    assessment, on_behalf = context["assessment"], context.get("on_behalf")
    if on_behalf:
        return reverse("record_criterion", args=[assessment.pk, on_behalf.pk, criterion.pk])
    return reverse("score_criterion", args=[assessment.pk, criterion.pk])


@register.simple_tag(takes_context=True)
def answers_url(context):
    assessment, on_behalf = context["assessment"], context.get("on_behalf")
    if on_behalf:
        return reverse("record_task_list", args=[assessment.pk, on_behalf.pk])
    return reverse("task_list", args=[assessment.pk])
