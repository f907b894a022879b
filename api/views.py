"""The read API. Every queryset starts from the caller's organisations (`access.programmes_for`),
as the pages do, so another organisation's object is simply not there: 404."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments.access import FACILITATE, organisations_where, programmes_for
from assessments.models import Assessment, Participant
from assessments.results import Results
from plans.models import Action

from . import serializers


def _facilitating(user):
    """Ids of the organisations where the user is a facilitator (who alone see names)."""
    return set(organisations_where(user, FACILITATE).values_list("organisation_id", flat=True))


def _int_param(request, name):
    value = request.query_params.get(name)
    return int(value) if value and value.isdigit() else None


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes of the organisations you belong to."""

    serializer_class = serializers.ProgrammeSerializer

    def get_queryset(self):
        return (
            programmes_for(self.request.user)
            .select_related("organisation")
            .order_by("organisation__name", "name", "pk")
        )


PROGRAMME_FILTER = OpenApiParameter("programme", int, description="Only this programme's.")
ASSESSMENT_FILTER = OpenApiParameter("assessment", int, description="Only this assessment's.")


@extend_schema_view(list=extend_schema(parameters=[PROGRAMME_FILTER]))
class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Assessments of your organisations' programmes, with the rubric versions they pin and
    who took part (perspective always; names only if you facilitate that organisation)."""

    serializer_class = serializers.AssessmentSerializer

    def get_queryset(self):
        assessments = (
            Assessment.objects.filter(programme__in=programmes_for(self.request.user))
            .select_related("programme")
            .prefetch_related(
                "frameworks",
                Prefetch("participants", queryset=Participant.objects.order_by("created_at", "pk")),
            )
            .order_by("-date", "-pk")
        )
        if (programme := _int_param(self.request, "programme")) is not None:
            assessments = assessments.filter(programme_id=programme)
        return assessments

    def get_serializer_context(self):
        facilitating = _facilitating(self.request.user)
        organisation_of = {}

        def can_see_names(participant):
            assessment = participant.assessment
            organisation_of.setdefault(assessment.pk, assessment.programme.organisation_id)
            return organisation_of[assessment.pk] in facilitating

        return {**super().get_serializer_context(), "can_see_names": can_see_names}

    @extend_schema(responses=serializers.ResultsSerializer)
    @action(detail=True, pagination_class=None)
    def results(self, request, pk=None):
        """Per framework and criterion: the spread of people's levels (median, low, high,
        counts; overall and per perspective), the median's band, the agreed level with its
        band, and the target. No names."""
        assessment = get_object_or_404(
            Assessment.objects.filter(programme__in=programmes_for(request.user)), pk=pk
        )
        return Response(serializers.ResultsSerializer(Results.load(assessment)).data)


@extend_schema_view(list=extend_schema(parameters=[ASSESSMENT_FILTER]))
class ActionViewSet(viewsets.ReadOnlyModelViewSet):
    """The action plans of your organisations' assessments."""

    serializer_class = serializers.ActionSerializer

    def get_queryset(self):
        actions = Action.objects.filter(
            assessment__programme__in=programmes_for(self.request.user)
        ).select_related("criterion__framework", "target_level")
        if (assessment := _int_param(self.request, "assessment")) is not None:
            actions = actions.filter(assessment_id=assessment)
        return actions.order_by("assessment_id", *Action._meta.ordering)
