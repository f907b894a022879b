"""The page a facilitator fills in from a returned paper form: who (optional name, the
perspective they ticked) and, for every question, the box they ticked and what they wrote."""

from django import forms

from assessments.models import Answer, Perspective

NOT_ANSWERED = ""


def answer_field(name: str) -> str:
    return f"answer_{name}"


def evidence_field(name: str) -> str:
    return f"evidence_{name}"


class PaperEntryForm(forms.Form):
    name = forms.CharField(
        label="Their name, if they wrote one (optional)",
        help_text="Only this organisation's facilitators see it.",
        max_length=120,
        required=False,
    )
    perspective = forms.ChoiceField(
        label="Which of these describes them?",
        choices=Perspective.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the box they ticked for who they are"},
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            key = str(question.criterion.pk)
            choices = [(NOT_ANSWERED, "No box ticked")]
            choices += [
                (str(o.level.value), f"{o.level.value}. {o.level.label}") for o in question.options
            ]
            choices += [
                (Answer.NOT_APPLICABLE, "Not applicable"),
                (Answer.DONT_KNOW, "Don't know yet"),
            ]
            self.fields[answer_field(key)] = forms.ChoiceField(
                label=f"{question.number}. {question.criterion.title}",
                choices=choices,
                required=False,
                # A select, not radios: typing the ticked number is the quickest way through
                # twenty-odd questions with the form on the desk beside the keyboard.
                widget=forms.Select,
                initial=NOT_ANSWERED,
            )
            self.fields[evidence_field(key)] = forms.CharField(
                label="What they wrote (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        """(question, answer bound field, evidence bound field), for the template."""
        for question in self.questions:
            key = str(question.criterion.pk)
            yield question, self[answer_field(key)], self[evidence_field(key)]

    def answers(self):
        """(question, answer, level or None, evidence) for every question with a box ticked
        or words written (words alone are kept as "don't know yet": nothing typed is lost)."""
        found = []
        for question in self.questions:
            key = str(question.criterion.pk)
            answer = self.cleaned_data[answer_field(key)]
            evidence = self.cleaned_data[evidence_field(key)].strip()
            if answer == NOT_ANSWERED and not evidence:
                continue
            level = None
            if answer == NOT_ANSWERED:
                answer = Answer.DONT_KNOW
            elif answer not in (Answer.NOT_APPLICABLE, Answer.DONT_KNOW):
                level = next(o.level for o in question.options if str(o.level.value) == answer)
                answer = Answer.LEVEL
            found.append((question, answer, level, evidence))
        return found

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.answers():
            raise forms.ValidationError(
                "No box is ticked and nothing is written: enter at least one answer, "
                "or keep the form until it is filled in."
            )
        return cleaned
