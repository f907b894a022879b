"""Placeholder: replaced by the rubric-aware json serializer."""

from django.core.serializers.json import *  # noqa: F401,F403
