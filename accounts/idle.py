"""Members' idle timeout, and keeping what a person typed when it signs them out.

The session holds the time of the member's last request, written at most once every
SESSION_TOUCH_SECONDS so that autosaving scorers do not write the session table on every
request. Invited guests have no account and keep their own rule (GUEST_SESSION_HOURS).
"""

import time

from django.conf import settings

LAST_SEEN_KEY = "accounts_last_seen"
STASH_KEY = "accounts_stashed_post"
# Never kept: secrets, and the CSRF token (a fresh one comes with the page that re-posts).
NEVER_STASHED = ("password", "csrfmiddlewaretoken", "otp_token", "token")
STASH_MAX_CHARS = 50_000


def now():
    return int(time.time())


def idle_seconds():
    return settings.MEMBER_IDLE_MINUTES * 60


def start_idle_clock(sender, request, user, **kwargs):
    """On sign-in: the idle clock starts now."""
    request.session[LAST_SEEN_KEY] = now()


def seconds_left(session):
    """Seconds until this member's session ends for idleness (never negative)."""
    last_seen = session.get(LAST_SEEN_KEY)
    if last_seen is None:
        return idle_seconds()
    return max(0, last_seen + idle_seconds() - now())


def is_expired(session):
    last_seen = session.get(LAST_SEEN_KEY)
    return last_seen is not None and now() - last_seen >= idle_seconds()


def touch(session, *, force=False):
    """Record activity, but write the session only if the last record is a minute old."""
    last_seen = session.get(LAST_SEEN_KEY)
    if force or last_seen is None or now() - last_seen >= settings.SESSION_TOUCH_SECONDS:
        session[LAST_SEEN_KEY] = now()


def stash_post(session, *, user_id, path, post):
    """Keep a form's fields (not secrets) to offer back after signing in again."""
    fields = [
        (name, value)
        for name, values in post.lists()
        if not any(word in name.lower() for word in NEVER_STASHED)
        for value in values
    ]
    if not any(value.strip() for _, value in fields):
        return False  # nothing typed (a sign-out button, say): nothing to bring back
    if sum(len(value) for _, value in fields) > STASH_MAX_CHARS:
        return False
    session[STASH_KEY] = {"user_id": user_id, "path": path, "fields": fields, "at": now()}
    return True


def stashed_post(session, user):
    """What this user typed before being signed out, or None (someone else's is dropped)."""
    stash = session.get(STASH_KEY)
    if not stash:
        return None
    if stash["user_id"] != user.pk or now() - stash["at"] > 24 * 60 * 60:
        del session[STASH_KEY]
        return None
    return stash
