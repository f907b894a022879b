"""What happens to a review that apps after this one act on: reports cuts a stored version
of the report at each. Sent inside the write's transaction."""

from django.dispatch import Signal

# review=, by=: the assessment was shared with a senate panel.
review_shared = Signal()
# review=, by=: the chair signed off. A receiver returns the content hash of the report
# version it stored, which the review records as what the panel signed.
review_signed_off = Signal()
