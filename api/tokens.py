"""Personal API tokens (django-rest-knox): only a SHA-512 digest is stored, so the token is
shown once, when it is made, and never again."""

from django.db import transaction
from knox.models import AuthToken


def tokens_of(user):
    return AuthToken.objects.filter(user=user).order_by("-created")


def create_token(*, user) -> tuple[AuthToken, str]:
    """A new token for `user`: (the stored row, the token itself, to show once)."""
    return AuthToken.objects.create(user=user)


@transaction.atomic
def revoke_token(*, user, token_key) -> bool:
    """Delete the user's token that starts with `token_key`; False if they have none."""
    deleted, _ = AuthToken.objects.filter(user=user, token_key=token_key).delete()
    return bool(deleted)
