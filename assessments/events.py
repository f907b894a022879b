"""What happens to an assessment that apps after this one may act on (reports cuts a stored
version of the report). Sent inside the write's transaction, so a receiver's writes commit
or roll back with it."""

from django.dispatch import Signal

# assessment=, user=: the facilitator submitted it; it can no longer change.
assessment_submitted = Signal()
