"""Two-factor sign-in (TOTP): required for the admin, offered to everyone on their account."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import code_for, confirmed_device, force_login_verified
from tests.factories.assessments import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ADMIN = reverse("admin:index")


@pytest.fixture
def site_admin(db):
    return UserFactory(username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def fran(db):
    return UserFactory(username="fran")


def log_in(client, username, password=PASSWORD, next_url=None):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password})


def signed_in(client):
    return "_auth_user_id" in client.session


def test_a_site_admin_without_two_factor_cannot_use_the_admin_and_is_sent_to_set_it_up(
    client, site_admin
):
    client.force_login(site_admin)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0] == reverse("two_factor_setup")
    assert "Set up two-factor sign-in before you use the admin." in response.text
    assert "Site admins need this to use the admin." in response.text


def test_the_admin_login_page_sends_people_to_our_login_with_its_code_step(client):
    response = client.get(reverse("admin:login") + "?next=/admin/")
    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/admin/"


def test_a_site_admin_who_typed_their_code_can_use_the_admin(client, site_admin):
    device = confirmed_device(site_admin)
    response = log_in(client, "ada", next_url=ADMIN)
    assert response.url == reverse("login_code")
    assert not signed_in(client)
    response = client.post(reverse("login_code"), {"otp_token": code_for(device)})
    assert response.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_a_site_admin_signed_in_before_setting_up_two_factor_must_sign_in_again(client, site_admin):
    client.force_login(site_admin)
    confirmed_device(site_admin)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Sign in again with your code to use the admin." in response.text


def test_login_with_a_device_asks_for_the_code_before_signing_in(client, fran):
    confirmed_device(fran)
    response = log_in(client, "fran")
    assert response.url == reverse("login_code")
    assert not signed_in(client)
    page = client.get(reverse("login_code"))
    assert "Enter the code from your authenticator app" in page.text
    # Skipping the code step gets nowhere.
    assert client.get(reverse("programme_list")).url.startswith(reverse("login"))


def test_a_wrong_code_is_refused_and_does_not_sign_in(client, fran):
    device = confirmed_device(fran)
    log_in(client, "fran")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("login_code"), {"otp_token": wrong})
    assert response.status_code == 200
    assert "There is a problem" in response.text and "That code is not right" in response.text
    assert not signed_in(client)


def test_a_code_that_is_not_six_numbers_says_how_it_should_look(client, fran):
    confirmed_device(fran)
    log_in(client, "fran")
    response = client.post(reverse("login_code"), {"otp_token": "12ab"})
    assert "Enter the 6 numbers the app shows, like 123456" in response.text


def test_the_code_step_without_a_password_first_goes_back_to_login(client, fran):
    response = client.get(reverse("login_code"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Enter your username and password again" in response.text


def test_a_right_code_signs_in_to_where_they_were_going(client, fran):
    device = confirmed_device(fran)
    log_in(client, "fran", next_url=reverse("account"))
    response = client.post(reverse("login_code"), {"otp_token": code_for(device)})
    assert response.url == reverse("account")
    assert signed_in(client)
    assert "On: you sign in with a code" in client.get(reverse("account")).text


def test_login_without_a_device_needs_no_code(client, fran):
    response = log_in(client, "fran")
    assert response.url == reverse("home") and signed_in(client)


def test_setting_up_shows_a_qr_code_and_the_key_and_a_code_confirms_it(client, fran):
    client.force_login(fran)
    page = client.get(reverse("two_factor_setup"))
    assert re.search(r'<img class="coprod-qr" src="data:image/svg\+xml', page.text)
    device = TOTPDevice.objects.get(user=fran, confirmed=False)
    key = re.search(r'id="otp-key">([A-Z2-7 ]+)<', page.text).group(1)
    from base64 import b32decode

    assert b32decode(key.replace(" ", "")) == device.bin_key
    # Reloading keeps the same key, so the person need not scan again.
    client.get(reverse("two_factor_setup"))
    assert TOTPDevice.objects.get(user=fran).pk == device.pk

    response = client.post(
        reverse("two_factor_setup"), {"otp_token": code_for(device)}, follow=True
    )
    assert "Two-factor sign-in is on. Next time, sign in with a code." in response.text
    device.refresh_from_db()
    assert device.confirmed
    # Next sign-in asks for the code.
    client.post(reverse("logout"))
    assert log_in(client, "fran").url == reverse("login_code")


def test_a_wrong_code_while_setting_up_leaves_two_factor_off(client, fran):
    client.force_login(fran)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=fran)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("two_factor_setup"), {"otp_token": wrong})
    assert "That code is not right" in response.text
    device.refresh_from_db()
    assert not device.confirmed
    client.post(reverse("logout"))
    assert log_in(client, "fran").url == reverse("home")


def test_a_site_admin_who_sets_up_two_factor_can_use_the_admin_straight_away(client, site_admin):
    client.force_login(site_admin)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=site_admin)
    client.post(reverse("two_factor_setup"), {"otp_token": code_for(device)})
    assert client.get(ADMIN).status_code == 200


def test_a_facilitator_can_turn_two_factor_off_but_a_site_admin_cannot(client, fran, site_admin):
    force_login_verified(client, fran)
    client.post(reverse("two_factor_turn_off"))
    assert not TOTPDevice.objects.filter(user=fran).exists()

    force_login_verified(client, site_admin)
    response = client.post(reverse("two_factor_turn_off"), follow=True)
    assert "Site admins need two-factor sign-in, so it stays on." in response.text
    assert TOTPDevice.objects.filter(user=site_admin).exists()


def test_after_a_wrong_code_an_immediate_retry_is_asked_to_wait(client, fran, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait, so a slow test run still waits
    device = confirmed_device(fran)
    log_in(client, "fran")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post(reverse("login_code"), {"otp_token": wrong})
    response = client.post(reverse("login_code"), {"otp_token": code_for(device)})
    assert "Wait a minute, then try again." in response.text
    assert not signed_in(client)


def _turn_on(client, user):
    client.force_login(user)
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("two_factor_setup"), {"otp_token": code_for(device)})
    assert response.url == reverse("two_factor_backup_codes")
    page = client.get(response.url)
    return re.findall(r"<li>([a-z2-7]{8})</li>", page.text), page


def test_turning_on_two_factor_shows_ten_backup_codes_once(client, fran):
    codes, page = _turn_on(client, fran)
    assert len(set(codes)) == 10
    assert "This is the only time we show them." in page.text
    assert client.get(reverse("two_factor_backup_codes")).status_code == 302


def test_a_backup_code_signs_in_once_instead_of_the_app(client, fran):
    codes, _ = _turn_on(client, fran)
    client.post(reverse("logout"))
    log_in(client, "fran")
    response = client.post(reverse("login_code"), {"otp_token": codes[0].upper()})
    assert response.url == reverse("home") and signed_in(client)

    client.post(reverse("logout"))
    log_in(client, "fran")
    response = client.post(reverse("login_code"), {"otp_token": codes[0]})
    assert "That code is not right" in response.text and not signed_in(client)


def test_new_backup_codes_replace_the_old_ones(client, fran, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    old, _ = _turn_on(client, fran)
    response = client.post(reverse("two_factor_replace_backup_codes"))
    new = re.findall(r"<li>([a-z2-7]{8})</li>", client.get(response.url).text)
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    log_in(client, "fran")
    assert (
        "That code is not right" in client.post(reverse("login_code"), {"otp_token": old[1]}).text
    )
    assert client.post(reverse("login_code"), {"otp_token": new[1]}).url == reverse("home")
