"""A module's knowledge check: questions with answers, each answer with its own feedback.

The quiz is a StreamField of questions, so it has revisions, translations and stable ids: a
question's block id and an answer's list-item id identify them in attempts and in reports.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class Kind:
    SINGLE = "single"
    MULTIPLE = "multiple"
    CHOICES = [(SINGLE, _("One correct answer")), (MULTIPLE, _("Several correct answers"))]


class AnswerBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=500)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.CharBlock(
        label=_("Feedback"),
        max_length=500,
        required=False,
        help_text=_("Shown to a learner who chose this answer."),
    )


class QuestionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Question"), max_length=500)
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=Kind.CHOICES, default=Kind.SINGLE)
    answers = blocks.ListBlock(AnswerBlock(), label=_("Answers"), min_num=2, max_num=8)

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        correct = sum(1 for answer in value["answers"] if answer["correct"])
        if value["kind"] == Kind.SINGLE and correct != 1:
            raise StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Mark exactly one answer correct."))}
            )
        if value["kind"] == Kind.MULTIPLE and correct < 1:
            raise StructBlockValidationError(
                block_errors={"answers": ValidationError(_("Mark at least one answer correct."))}
            )
        return value


class QuizBlock(blocks.StreamBlock):
    question = QuestionBlock()


def questions(quiz):
    """[(question id, text, kind, [(answer id, text, correct, feedback)])] of a quiz value."""
    found = []
    for block in quiz:
        answers = [
            (child.id, child.value["text"], bool(child.value["correct"]), child.value["feedback"])
            for child in block.value["answers"].bound_blocks
        ]
        found.append((block.id, block.value["text"], block.value["kind"], answers))
    return found
