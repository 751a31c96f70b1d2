"""Learning paths in a browser: a newcomer passes knowledge checks and his mentor signs off."""

import re

import pytest
from playwright.sync_api import expect

from intranet.learning.blocks import questions
from intranet.learning.models import Enrolment, Step
from tests.browser.conftest import (
    LIVE_DB,
    PHONE,
    assert_accessible,
    assert_fits_the_screen,
    log_in,
    screenshot,
)

pytestmark = [pytest.mark.browser, LIVE_DB]

PATH_SLUG = "new-sales-rep-onboarding"
PATH_URL = f"/communities/sales/learning/{PATH_SLUG}/"
PRICING = "Price and index a bundle so every division wins"
TENDER = "Answer a tender as one Norrvik"
SHADOW = "Shadow a customer visit and write the meeting note"
JOINT_OFFER = "Draft and rehearse a joint offer with another division"


def quiz_of(key):
    """[(question id, text, kind, [(answer id, text, correct, feedback)])] of a step's module."""
    step = Step.objects.get(path__slug=PATH_SLUG, key=key, locale__language_code="en")
    return questions(step.module.quiz)


def choose(page, question_id, answer_text):
    """Click an answer's label, as a learner does, and check that it chose the answer."""
    question = page.locator(f"#quiz fieldset:has(input[name='q-{question_id}'])")
    question.locator("label").filter(has_text=re.compile(f"^{re.escape(answer_text)}$")).click()
    expect(question.get_by_label(answer_text, exact=True)).to_be_checked()


def answer_correctly(page, key):
    for question_id, _text, _kind, answers in quiz_of(key):
        for _answer_id, answer_text, correct, _feedback in answers:
            if correct:
                choose(page, question_id, answer_text)
    page.get_by_role("button", name="Check my answers").click()


def step_on(page, title):
    return page.locator("ol.steps > li").filter(
        has=page.get_by_role("heading", level=3, name=title, exact=True)
    )


def test_newcomer_passes_modules_and_his_mentor_signs_off_his_practical_tasks(demo, new_page):
    newcomer = new_page()
    log_in(newcomer, "newcomer")
    card = newcomer.get_by_role("region", name="Continue where you left off")
    expect(card).to_contain_text("4 of 8 steps done")
    expect(card).to_contain_text("1 waiting for sign-off")
    assert_accessible(newcomer)
    card.get_by_role("link", name=f"Continue: {PRICING}").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text(PRICING)
    quiz = newcomer.get_by_role("region", name="Knowledge check")
    expect(quiz).to_contain_text("5 questions; pass mark 80%. 3 attempts allowed.")
    assert_accessible(newcomer)

    # Checking with nothing chosen explains what is missing and costs no attempt.
    quiz.get_by_role("button", name="Check my answers").click()
    expect(newcomer.get_by_role("alert")).to_have_text("Answer every question, then check again.")
    expect(quiz.locator("fieldset .errorlist")).to_have_count(5)
    first = quiz.get_by_role("group").first
    expect(first).to_have_accessible_description("Choose an answer.")
    expect(quiz).to_contain_text("3 attempts left")
    assert_accessible(newcomer)

    answer_correctly(newcomer, "price-a-bundle-fairly")
    expect(newcomer.get_by_role("status")).to_have_text("You passed with 100%.")
    results = newcomer.locator("#results")
    expect(results.get_by_role("heading")).to_have_text("Passed with 100%")
    expect(results.locator(".badge")).to_have_text(["Right"] * 5)
    expect(results).to_contain_text("0.60 x 3.0 + 0.40 x 5.0 = 1.8 + 2.0 = 3.8 percent")
    expect(quiz).to_contain_text("You passed this knowledge check. The step is done.")
    assert_accessible(newcomer)
    screenshot(newcomer, "newcomer-passes-the-pricing-module")

    quiz.get_by_role("link", name="Back to the path").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("New sales rep onboarding")
    progress = newcomer.get_by_role("region", name="Your progress")
    expect(progress).to_contain_text("5 of 8 steps done · 1 waiting for sign-off")
    expect(step_on(newcomer, PRICING)).to_contain_text("Done")
    joint_offer = step_on(newcomer, JOINT_OFFER)
    expect(joint_offer).to_contain_text("Locked")
    expect(joint_offer).to_contain_text(f"Needs first: {SHADOW}, {TENDER}")
    expect(joint_offer.get_by_role("link", name="Ask for sign-off")).to_have_count(0)
    assert_accessible(newcomer)

    # The mentor signs off the visit the newcomer shadowed before the demo starts.
    mentor = new_page()
    log_in(mentor, "thomas.richter")
    mentor.get_by_role("link", name="1 sign-off request is waiting for you").click()
    expect(mentor.get_by_role("heading", level=1)).to_have_text("Mentoring")
    request = mentor.get_by_role("article", name=SHADOW)
    expect(request).to_contain_text("Lukas Brandt · New sales rep onboarding")
    expect(request).to_contain_text("the chillers in two stores trip at night")
    assert_accessible(mentor)
    request.get_by_label("Comment").fill("Good note: you heard the chillers and passed the lead.")
    request.get_by_role("button", name="Sign off").click()
    expect(mentor.get_by_role("status")).to_have_text(f"Signed off “{SHADOW}” for Lukas Brandt.")
    expect(mentor.get_by_role("region", name="Waiting for your sign-off")).to_contain_text(
        "Nothing is waiting for you."
    )

    newcomer.reload()
    expect(progress).to_contain_text("6 of 8 steps done")
    expect(progress).not_to_contain_text("waiting for sign-off")
    expect(progress.locator("progress")).to_have_attribute("value", "6")
    shadow = step_on(newcomer, SHADOW)
    expect(shadow.locator(".badge")).to_have_text("Done")
    expect(shadow).to_contain_text(
        re.compile(
            r"Signed off by Thomas Richter on \d+ \w+ \d{4}: "
            r"“Good note: you heard the chillers and passed the lead\.”"
        )
    )
    screenshot(newcomer, "newcomer-sees-the-mentors-sign-off")

    # With the tender module passed, the joint offer is the last step left.
    progress.get_by_role("link", name=TENDER).click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text(TENDER)
    answer_correctly(newcomer, "answer-a-tender-as-one-norrvik")
    expect(newcomer.get_by_role("status")).to_have_text("You passed with 100%.")
    newcomer.goto(PATH_URL)
    expect(progress).to_contain_text("7 of 8 steps done")
    step_on(newcomer, JOINT_OFFER).get_by_role("link", name="Ask for sign-off").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text(
        f"Ask for sign-off: {JOINT_OFFER}"
    )
    expect(newcomer.get_by_text("Thomas Richter will read your note")).to_be_visible()
    assert_accessible(newcomer)
    newcomer.get_by_role("button", name="Send for sign-off").click()
    expect(newcomer.get_by_label("What you did")).to_have_accessible_description(
        re.compile("This field is required.")
    )
    assert_accessible(newcomer)
    note = "Drafted a joint offer for Hafenmarkt with Maria from Technical and rehearsed it."
    newcomer.get_by_label("What you did").fill(note)
    newcomer.get_by_role("button", name="Send for sign-off").click()
    expect(newcomer.get_by_role("status")).to_have_text("Sent to your mentor for sign-off.")
    expect(newcomer).to_have_url(re.compile(r"#step-build-a-joint-offer-draft$"))
    expect(step_on(newcomer, JOINT_OFFER).locator(".badge").first).to_have_text(
        "Waiting for sign-off"
    )
    expect(progress).to_contain_text("7 of 8 steps done · 1 waiting for sign-off")

    mentor.reload()
    request = mentor.get_by_role("article", name=JOINT_OFFER)
    expect(request.locator("blockquote")).to_have_text(note)
    assert_accessible(mentor)
    request.get_by_role("button", name="Sign off").click()
    expect(mentor.get_by_role("status")).to_contain_text(f"Signed off “{JOINT_OFFER}”")

    newcomer.reload()
    expect(progress).to_contain_text("8 of 8 steps done")
    expect(progress).to_contain_text("You completed this path on")
    newcomer.get_by_role("link", name="Your certificate").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Certificate of completion")
    expect(newcomer.locator(".certificate__name")).to_have_text("Lukas Brandt")
    expect(newcomer.locator("main")).to_contain_text("mentored by Thomas Richter")


def test_the_report_and_a_certificate_are_accessible(demo, new_page):
    editor = new_page()
    log_in(editor, "editor")
    editor.goto("/learning/reports/")
    expect(editor.get_by_role("heading", level=1)).to_have_text("Learning report")
    by_path = editor.get_by_role("table", name="Learners by path")
    row = by_path.get_by_role("row").filter(has_text="New sales rep onboarding")
    expect(row.get_by_role("cell")).to_have_text(["3", "1", "1"])  # enrolled, completed, overdue
    overdue = editor.get_by_role("table", name="Overdue learners")
    expect(overdue.get_by_role("row").filter(has_text="Lukas Brandt")).to_contain_text(
        "4 of 8 · 1 step overdue"
    )
    assert_accessible(editor)
    editor.get_by_label("Path", exact=True).select_option(label="New sales rep onboarding")
    editor.get_by_role("button", name="Show").click()
    expect(editor).to_have_url(re.compile(r"/learning/reports/\?path=\d+$"))
    expect(editor.get_by_role("table", name="Quiz pass rates per question")).to_contain_text(
        "Which division runs the alarm receiving centre, and where is it?"
    )
    assert_accessible(editor)

    graduate = new_page()
    log_in(graduate, "aylin.demir")
    graduate.goto("/learning/")
    completed = graduate.get_by_role("region", name="Completed")
    completed.get_by_role("link", name="Certificate").click()
    enrolment = Enrolment.objects.get(user__username="aylin.demir", path__slug=PATH_SLUG)
    expect(graduate).to_have_url(re.compile(f"/learning/certificates/{enrolment.certificate}/$"))
    expect(graduate.get_by_role("heading", level=1)).to_have_text("Certificate of completion")
    expect(graduate.locator(".certificate__name")).to_have_text("Aylin Demir")
    expect(graduate.locator(".certificate__path")).to_have_text("New sales rep onboarding")
    expect(graduate.locator("main")).to_contain_text("mentored by Karin Ekdahl")
    assert_accessible(graduate)
    screenshot(graduate, "graduate-opens-her-certificate")

    # A certificate is the learner's, her mentor's and the path's editors': not everyone's.
    other = new_page()
    log_in(other, "rep")
    response = other.goto(graduate.url)
    assert response.status == 404


def test_a_learner_works_through_a_module_on_a_phone(demo, new_page):
    learner = new_page(viewport=PHONE)
    log_in(learner, "maria.lindgren")
    card = learner.get_by_role("region", name="Continue where you left off")
    expect(card).to_contain_text("0 of 8 steps done")
    assert_fits_the_screen(learner)
    assert_accessible(learner)

    card.get_by_role("link", name="New sales rep onboarding").click()
    expect(learner.get_by_role("heading", level=1)).to_have_text("New sales rep onboarding")
    assert_fits_the_screen(learner)
    assert_accessible(learner)

    module = "Know the three divisions and what they sell"
    step_on(learner, module).get_by_role("link", name=module).click()
    expect(learner.get_by_role("heading", level=1)).to_have_text(module)
    assert_fits_the_screen(learner)
    assert_accessible(learner)

    # A wrong answer to every question: feedback on each, and the right answers stay hidden.
    for question_id, _text, _kind, answers in quiz_of("know-the-three-divisions"):
        wrong = next(text for _id, text, correct, _feedback in answers if not correct)
        choose(learner, question_id, wrong)
    learner.get_by_role("button", name="Check my answers").click()
    expect(learner.get_by_role("status")).to_have_text(
        "You scored 0%. Read the feedback and try again."
    )
    results = learner.locator("#results")
    expect(results.get_by_role("heading")).to_have_text("0%: not passed yet")
    expect(results.locator(".badge")).to_have_text(["Not right"] * 5)
    expect(results).to_contain_text("You chose: Norrvik Technical, in Stockholm")
    expect(results).not_to_contain_text("Correct answer:")
    expect(learner.get_by_role("button", name="Check my answers")).to_be_visible()
    assert_fits_the_screen(learner)
    assert_accessible(learner)
    screenshot(learner, "learner-reads-quiz-feedback-on-a-phone")
