"""Small rubric frameworks built in the database, independent of the shipped fixture files."""

import itertools

from django.db.models import Max
from django.utils import timezone

from ladder.models import Band, Criterion, Descriptor, Framework, FrameworkKind, Level

_counter = itertools.count(1)

PRINCIPLE_LEVELS = [
    ("Not yet", Band.DOING_TO),
    ("Listening", Band.DOING_FOR),
    ("Involving", Band.DOING_FOR),
    ("Sharing power", Band.DOING_WITH),
    ("Co-producing as usual", Band.DOING_WITH),
]
LADDER_RUNGS = [
    ("Coercing", Band.DOING_TO),
    ("Educating", Band.DOING_TO),
    ("Informing", Band.DOING_TO),
    ("Consulting", Band.DOING_FOR),
    ("Engaging", Band.DOING_FOR),
    ("Co-designing", Band.DOING_WITH),
    ("Co-producing", Band.DOING_WITH),
]


def make_framework(
    *, kind=FrameworkKind.PRINCIPLES, criteria=3, slug=None, published=True, order=None
):
    """A complete framework: levels, criteria and a descriptor for every criterion x level."""
    n = next(_counter)
    ladder = kind == FrameworkKind.LADDER
    slug = slug or f"test-{kind}-{n}"
    version = (Framework.objects.filter(slug=slug).aggregate(v=Max("version"))["v"] or 0) + 1
    scale = LADDER_RUNGS if ladder else PRINCIPLE_LEVELS
    framework = Framework.objects.create(
        slug=slug,
        version=version,
        name=f"Test {'ladder' if ladder else 'principles'} {n}",
        short_name=f"Test {n}",
        kind=kind,
        source="Test source",
        order=order if order is not None else n,
        criterion_label="stage" if ladder else "principle",
        target_level=6 if ladder else 4,
    )
    levels = [
        Level.objects.create(
            framework=framework, value=i, label=label, meaning=f"{label} meaning", band=band
        )
        for i, (label, band) in enumerate(scale, start=1)
    ]
    prefix = "S" if ladder else "P"
    for c in range(1, criteria + 1):
        criterion = Criterion.objects.create(
            framework=framework,
            code=f"{prefix}{c}",
            order=c,
            title=f"{'Stage' if ladder else 'Principle'} {c} of framework {n}",
            statement=f"Statement {c}",
            question=f"How far does the programme meet {prefix}{c}?",
        )
        Descriptor.objects.bulk_create(
            Descriptor(
                criterion=criterion,
                level=level,
                descriptor=f"{criterion.code} looks like {level.label.lower()}",
                evidence_prompts=[f"Show {criterion.code} evidence at {level.value}"],
                next_steps=[f"Next step for {criterion.code} from {level.value}"],
            )
            for level in levels
        )
    if published:
        # update() rather than save(): publishing through the model is tested elsewhere.
        Framework.objects.filter(pk=framework.pk).update(
            status="published", published_at=timezone.now()
        )
        framework.refresh_from_db()
    return framework
