"""Recommendations a chair can start from and edit: what senate panels tend to ask for,
in this project's own words, each linked to the criteria (by code) it concerns. Codes not
pinned by the assessment under review are simply left out when a starting point is used."""

from .models import Heading

STARTING_POINTS = [
    {
        "key": "seldom-heard",
        "heading": Heading.ENGAGEMENT,
        "text": "Show whose views are missing. Name the groups most affected by the change "
        "who have not yet been heard (for example people who do not use the internet, "
        "people with a learning disability, people whose first language is not English), "
        "and say how and when you will reach them.",
        "criteria": ["NHSE4", "LAD1", "NEF4"],
    },
    {
        "key": "views-changed-proposals",
        "heading": Heading.ENGAGEMENT,
        "text": "Set out, option by option, what people told you and what you changed as a "
        "result; where you did not change something people asked for, say why.",
        "criteria": ["NHSE2", "LAD2", "LAD3"],
    },
    {
        "key": "patient-stories",
        "heading": Heading.PATHWAY,
        "text": "Walk the whole pathway through the eyes of a few real people: use their "
        "stories, told with their consent, to test where the proposed pathway would help "
        "them and where it would let them down.",
        "criteria": ["NHSE3", "LAD1", "LAD5"],
    },
    {
        "key": "co-design-clinical-model",
        "heading": Heading.CLINICAL_MODEL,
        "text": "Design the clinical model with people who use the service, not only for "
        "them: give patients and carers equal seats in the group that shapes the model, "
        "from the first options to the final choice.",
        "criteria": ["NHSE9", "LAD2", "NEF5", "NEF1"],
    },
    {
        "key": "healthwatch-vcse",
        "heading": Heading.ENGAGEMENT,
        "text": "Treat Healthwatch and voluntary and community groups as partners in "
        "decisions, not as channels for a survey: agree with them how they will take part "
        "in deciding, and resource them to do it.",
        # NHSE5 is version 1's code; version 2 splits it into 5A (Healthwatch) and 5B (VCSE).
        "criteria": ["NHSE5", "NHSE5A", "NHSE5B", "LAD3", "NEF6"],
    },
]

BY_KEY = {point["key"]: point for point in STARTING_POINTS}
