"""Two-factor devices, and a test client signed in as if the person had typed their code."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device, *, steps_ahead=0):
    """The code the person's authenticator app shows now, or `steps_ahead` periods later (a
    device accepts one period either side, and never the same period's code twice)."""
    if not steps_ahead:
        return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    later = TOTP(device.bin_key, device.step, device.t0, device.digits)
    later.time = time.time() + steps_ahead * device.step
    return f"{later.token():06d}"


def force_login_verified(client, user):
    """client.force_login, plus a confirmed device this session has proved (as signing in
    with a code does): the admin requires it of staff."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
