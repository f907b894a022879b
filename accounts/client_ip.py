"""The address a login attempt came from, for the lockout (django-axes).

Behind a reverse proxy every request comes from the proxy's address, so a lock on
username + address would become a lock on the username alone, which anyone could set off.
With TRUSTED_PROXY_COUNT proxies in front, the client is the address that the outermost
of them added to X-Forwarded-For; anything further left could be forged by the client.
"""

from django.conf import settings


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        forwarded = [address.strip() for address in forwarded if address.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
