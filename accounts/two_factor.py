"""Setting up two-factor sign-in: an authenticator app scans a QR code (or takes the key as
text), then a code from it confirms the device. Thin views over django-otp's TOTP device."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import CodeForm

DEVICE_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
BACKUP_COUNT = 10
NEW_CODES_KEY = "accounts_new_backup_codes"


def _unconfirmed_device(user):
    """The device being set up: the same key until it is confirmed, so a reload or a wrong
    code does not make the person scan again."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _grouped_key(device):
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def setup(request):
    if any(devices_for_user(request.user, confirmed=True)):
        return render(request, "accounts/two_factor_on.html")
    device = _unconfirmed_device(request.user)
    form = CodeForm(request.POST or None, submit_label="Turn on two-factor sign-in")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # This session has just proved the code, so it counts as verified (the admin
            # opens straight away for a site admin).
            otp_login(request, device)
            _new_backup_codes(request)
            messages.success(request, "Two-factor sign-in is on. Next time, sign in with a code.")
            return redirect("two_factor_backup_codes")
        form.add_error(
            "otp_token",
            "That code is not right. Check the app's clock is set automatically, "
            "wait for a new code, then enter it.",
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#212b32"),
            "key": _grouped_key(device),
        },
    )


@login_required
@require_POST
def turn_off(request):
    """Facilitators may turn two-factor off; site admins need it for the admin, so it stays
    (a lost phone is handled by another admin deleting the device in the admin)."""
    if not request.user.is_verified():
        messages.info(request, "Sign in with your code first, then you can turn it off.")
        return redirect("account")
    if request.user.is_staff:
        messages.info(request, "Site admins need two-factor sign-in, so it stays on.")
        return redirect("account")
    TOTPDevice.objects.filter(user=request.user).delete()
    StaticDevice.objects.filter(user=request.user).delete()
    messages.success(request, "Two-factor sign-in is off. You sign in with your password only.")
    return redirect("account")


def _new_backup_codes(request):
    """Ten single-use codes, replacing any earlier ones, shown once. django-otp keeps them
    in plain text (not hashed) and deletes each as it is used."""
    device, _ = StaticDevice.objects.get_or_create(
        user=request.user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    request.session[NEW_CODES_KEY] = codes


@login_required
def backup_codes(request):
    """The new backup codes, once: reloading shows them no more."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        return redirect("two_factor_setup")
    return render(request, "accounts/backup_codes.html", {"codes": codes})


@login_required
@require_POST
def replace_backup_codes(request):
    if not request.user.is_verified():
        messages.info(request, "Sign in with your code first, then you can make new codes.")
        return redirect("two_factor_setup")
    _new_backup_codes(request)
    return redirect("two_factor_backup_codes")
