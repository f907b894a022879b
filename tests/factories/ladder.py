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

CHECKLIST_ANSWERS = [("No", Band.DOING_TO), ("Partly", Band.DOING_FOR), ("Yes", Band.DOING_WITH)]
GRID_LEVELS = [
    ("Professionals alone", Band.DOING_FOR),
    ("Professionals with people", Band.DOING_WITH),
    ("People alone", Band.DOING_WITH),
]
# kind: (scale, target, criterion prefix, what a criterion is called)
KINDS = {
    FrameworkKind.PRINCIPLES: (PRINCIPLE_LEVELS, 4, "P", "principle"),
    FrameworkKind.LADDER: (LADDER_RUNGS, 6, "S", "stage"),
    FrameworkKind.CHECKLIST: (CHECKLIST_ANSWERS, 3, "R", "check"),
    FrameworkKind.GRID: (GRID_LEVELS, 2, "G", "axis"),
}


def grid_layout(prefix="G"):
    """A 3 x 3 grid: G1 across, G2 down, each cell named by its pair."""
    return {
        "across": f"{prefix}1",
        "down": f"{prefix}2",
        "cells": [
            {"across": a, "down": d, "name": f"Cell {a}-{d}", "meaning": f"Meaning {a}-{d}"}
            for d in (1, 2, 3)
            for a in (1, 2, 3)
        ],
    }


def make_framework(
    *, kind=FrameworkKind.PRINCIPLES, criteria=3, slug=None, published=True, order=None
):
    """A complete framework: levels, criteria and a descriptor for every criterion x level."""
    n = next(_counter)
    slug = slug or f"test-{kind}-{n}"
    version = (Framework.objects.filter(slug=slug).aggregate(v=Max("version"))["v"] or 0) + 1
    scale, target, prefix, label = KINDS[kind]
    if kind == FrameworkKind.GRID:
        criteria = 2  # its two axes
    framework = Framework.objects.create(
        slug=slug,
        version=version,
        name=f"Test {kind} {n}",
        short_name=f"Test {n}",
        kind=kind,
        source="Test source",
        order=order if order is not None else n,
        criterion_label=label,
        target_level=target,
        offered_by_default=kind in (FrameworkKind.PRINCIPLES, FrameworkKind.LADDER),
        grid=grid_layout(prefix) if kind == FrameworkKind.GRID else {},
    )
    levels = [
        Level.objects.create(
            framework=framework, value=i, label=label, meaning=f"{label} meaning", band=band
        )
        for i, (label, band) in enumerate(scale, start=1)
    ]
    for c in range(1, criteria + 1):
        criterion = Criterion.objects.create(
            framework=framework,
            code=f"{prefix}{c}",
            order=c,
            title=f"{label.capitalize()} {c} of framework {n}",
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
