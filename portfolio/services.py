"""The one write here: an organisation's facilitator opts in to the benchmark, or out."""

from django.db import transaction

from assessments.models import Organisation


@transaction.atomic
def set_benchmark_opt_in(*, organisation: Organisation, share: bool) -> None:
    """Withdrawing takes effect at once: the benchmark is computed on every request."""
    Organisation.objects.filter(pk=organisation.pk).update(benchmark_opt_in=share)
    organisation.benchmark_opt_in = share
