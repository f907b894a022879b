"""The groups a programme's reach is counted in: ONS Census 2021 categories, plus digital
exclusion (not a Census question) and the groups a team names itself.

Content as data: the labels are the ONS's own wording, so a team can copy population shares
from the Census tables (nomis, or the ONS "Create a custom dataset" tool) without mapping.
"""

from dataclasses import dataclass

from django.db import models


class Dimension(models.TextChoices):
    AGE = "age", "Age band"
    """ONS Census 2021 "Age (6 categories)"."""
    ETHNICITY = "ethnicity", "Ethnic group"
    """The 5 high-level ONS 2021 ethnic groups for England and Wales (not the 19 detailed
    ones: at one programme most detailed counts would be under 5 and hidden)."""
    DISABILITY = "disability", "Disability"
    """ONS Census 2021: disabled under the Equality Act 2010, or not."""
    LANGUAGE = "language", "Main language"
    """ONS Census 2021 main language: English (English or Welsh in Wales), or not."""
    DIGITAL = "digital", "Digital exclusion"
    """Not a Census question: enter the local estimate you use (for example from the ONS
    Opinions and Lifestyle Survey or the council's digital inclusion strategy)."""
    CARERS = "carers", "Unpaid carers"
    """ONS Census 2021: provides unpaid care (any hours), or not."""
    OWN = "own", "Groups you name"
    """Groups the team names itself, for example people with a learning disability."""


# Dimensions whose groups together make up everyone whose answer is known: a group's
# reached share is of the people counted in that dimension. A group the team names is
# compared with everyone reached.
PARTITIONS = [d for d in Dimension if d != Dimension.OWN]


@dataclass(frozen=True)
class Category:
    dimension: str
    code: str  # stable, used in forms and files
    label: str  # the ONS wording


def _categories(dimension, *pairs):
    return [Category(dimension, code, label) for code, label in pairs]


CATALOGUE = [
    *_categories(
        Dimension.AGE,
        ("age-0-15", "Aged 15 years and under"),
        ("age-16-24", "Aged 16 to 24 years"),
        ("age-25-34", "Aged 25 to 34 years"),
        ("age-35-49", "Aged 35 to 49 years"),
        ("age-50-64", "Aged 50 to 64 years"),
        ("age-65", "Aged 65 years and over"),
    ),
    *_categories(
        Dimension.ETHNICITY,
        ("eth-asian", "Asian, Asian British or Asian Welsh"),
        ("eth-black", "Black, Black British, Black Welsh, Caribbean or African"),
        ("eth-mixed", "Mixed or Multiple ethnic groups"),
        ("eth-white", "White"),
        ("eth-other", "Other ethnic group"),
    ),
    *_categories(
        Dimension.DISABILITY,
        ("dis-yes", "Disabled under the Equality Act"),
        ("dis-no", "Not disabled under the Equality Act"),
    ),
    *_categories(
        Dimension.LANGUAGE,
        ("lang-english", "Main language is English (English or Welsh in Wales)"),
        ("lang-other", "Main language is not English (English or Welsh in Wales)"),
    ),
    *_categories(
        Dimension.DIGITAL,
        ("digital-excluded", "Does not use the internet, or has no access"),
        ("digital-online", "Uses the internet"),
    ),
    *_categories(
        Dimension.CARERS,
        ("care-yes", "Provides unpaid care"),
        ("care-no", "Provides no unpaid care"),
    ),
]
BY_CODE = {c.code: c for c in CATALOGUE}
DIMENSION_ORDER = {d.value: i for i, d in enumerate(Dimension)}
CODE_ORDER = {c.code: i for i, c in enumerate(CATALOGUE)}
