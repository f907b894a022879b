"""What the API says about each object. Read-only; results come from `Results`, the one read
model, never from arithmetic here. Participant names only for facilitators."""

from rest_framework import serializers

from assessments.models import Assessment, Programme
from assessments.names import visible_name
from plans.models import Action


def _participant_name(participant, *, can_see_names):
    """The one rule for names (assessments.names): the name for facilitators or for someone
    who agreed to be named; otherwise none (the API gives the perspective beside it)."""
    return visible_name(participant, can_see_names=can_see_names)


class ProgrammeSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    organisation_ods_code = serializers.CharField(source="organisation.ods_code")

    class Meta:
        model = Programme
        fields = ["id", "name", "description", "organisation", "organisation_ods_code"]


class FrameworkRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class AssessmentSerializer(serializers.ModelSerializer):
    programme = serializers.PrimaryKeyRelatedField(read_only=True)
    frameworks = FrameworkRefSerializer(many=True)
    participants = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "id",
            "programme",
            "title",
            "date",
            "status",
            "submitted_at",
            "frameworks",
            "participants",
        ]

    def get_participants(self, assessment) -> list[dict]:
        names = self.context["can_see_names"]
        return [
            {
                "id": p.pk,
                "name": _participant_name(p, can_see_names=names(p)),
                "perspective": p.perspective,
            }
            for p in assessment.participants.all()
        ]


class LevelSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = serializers.CharField()
    band = serializers.CharField()


class SpreadSerializer(serializers.Serializer):
    median = serializers.FloatField(allow_null=True)
    low = serializers.IntegerField(allow_null=True)
    high = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField(help_text="People who chose a level.")
    not_applicable = serializers.IntegerField()
    dont_know = serializers.IntegerField()


class PerspectiveSpreadSerializer(SpreadSerializer):
    perspective = serializers.CharField()


class CriterionResultSerializer(serializers.Serializer):
    code = serializers.CharField(source="criterion.code")
    title = serializers.CharField(source="criterion.title")
    overall = SpreadSerializer()
    median_band = serializers.SerializerMethodField()
    by_perspective = serializers.SerializerMethodField()
    agreed = serializers.SerializerMethodField(
        help_text='The consensus answer: "level", "not_applicable", "dont_know", or null.'
    )
    agreed_level = LevelSerializer(allow_null=True)
    target_level = LevelSerializer(source="target", allow_null=True)
    below_target = serializers.BooleanField()

    def get_median_band(self, result) -> str | None:
        median = result.overall.median
        if median is None:
            return None
        return {lv.value: lv.band for lv in result.levels}.get(int(median))

    def get_by_perspective(self, result) -> list[dict]:
        return [
            {"perspective": p, **SpreadSerializer(s).data} for p, s in result.by_perspective.items()
        ]

    def get_agreed(self, result) -> str | None:
        return result.consensus.answer if result.consensus else None


class FrameworkResultSerializer(serializers.Serializer):
    framework = FrameworkRefSerializer()
    levels = LevelSerializer(many=True)
    overall_value = serializers.IntegerField(allow_null=True, help_text="Median agreed level.")
    overall_band = serializers.CharField(allow_null=True)
    criteria = CriterionResultSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(source="assessment.pk")
    agreed_count = serializers.IntegerField()
    total = serializers.IntegerField()
    frameworks = FrameworkResultSerializer(many=True)


class ActionSerializer(serializers.ModelSerializer):
    criterion = serializers.CharField(source="criterion.code")
    framework = serializers.SlugField(source="criterion.framework.slug")
    target_level = serializers.IntegerField(source="target_level.value", allow_null=True)

    class Meta:
        model = Action
        fields = [
            "id",
            "assessment",
            "framework",
            "criterion",
            "what",
            "owner",
            "due_date",
            "target_level",
            "status",
            "updated_at",
        ]
