"""Editors may also work on wiki pages in Wagtail's admin; links, history and watchers follow."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from intranet.notifications.models import Notification
from intranet.wiki.models import WikiLink, WikiPage
from tests.builders import add_member, make_community, make_person
from tests.community.helpers import login
from tests.wiki.builders import make_wiki_page

pytestmark = pytest.mark.django_db


def admin_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "body": streamfield(
            [
                ("heading", {"text": "From the admin", "level": "2"}),
                ("text", rich_text("<p>Read [[Beta]] first.</p>")),
            ]
        ),
        "edit_summary": "Reworded in the admin",
        "curator": "",
        "review_by": "",
        "comments": {
            "TOTAL_FORMS": 0,
            "INITIAL_FORMS": 0,
            "MIN_NUM_FORMS": 0,
            "MAX_NUM_FORMS": 1000,
        },
        "action-publish": "action-publish",
    }
    data.update(changes)
    return nested_form_data(data)


class AdminEditTests:
    def test_an_editor_publishes_from_the_admin_and_the_wiki_follows(self, client, rep):
        community = make_community()
        editor = make_person("editor")
        add_member(community, editor, role="editor")
        add_member(community, rep)
        alpha = make_wiki_page(community, rep, "Alpha", "First words.")
        beta = make_wiki_page(community, rep, "Beta", "Second words.")
        login(client, editor)

        form = client.get(f"/admin/pages/{alpha.pk}/edit/")
        assert form.status_code == 200
        assert 'name="edit_summary"' in form.content.decode()
        assert "First version" not in form.content.decode()  # each revision says what it changed

        shown_curator = f'<option value="{rep.user.pk}" selected>' in form.content.decode()
        response = client.post(
            f"/admin/pages/{alpha.pk}/edit/", admin_form(alpha, curator=str(rep.user.pk))
        )

        assert response.status_code == 302, response.content.decode()[:3000]
        alpha = WikiPage.objects.get(pk=alpha.pk)
        assert alpha.latest_revision.user == editor.user
        assert alpha.latest_revision.content["edit_summary"] == "Reworded in the admin"
        assert alpha.body[0].value["text"] == "From the admin"
        assert WikiLink.objects.get(source=alpha).target == beta
        assert Notification.objects.filter(recipient=rep.user, subject="Alpha").exists()
        assert shown_curator and alpha.curator == rep.user

    def test_members_cannot_open_the_admin_editor(self, client, rep):
        community = make_community()
        add_member(community, rep)
        page = make_wiki_page(community, rep, "Alpha")
        login(client, rep)
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code in (302, 403)
        assert WikiPage.objects.get(pk=page.pk).revisions.count() == 1
