import pytest

from tests.conftest import logged_in


def test_it_shows_the_users_profile_summary(rep_client, rep):
    response = rep_client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Welcome, Rep" in content
    assert "Facility" in content and "Gothenburg" in content
    assert 'href="/people/me/edit/"' in content
    assert 'href="/people/"' in content


def test_it_lists_the_newest_colleagues(rep_client, sponsor, outsider):
    import datetime

    sponsor.started_on = datetime.date(2026, 11, 2)
    sponsor.save()
    content = rep_client.get("/").content.decode()
    assert "New colleagues" in content
    assert "/people/sponsor/" in content


@pytest.mark.django_db
def test_non_admins_are_not_let_into_the_admin(client, rep):
    response = logged_in(client, rep).get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert response.status_code == 200  # the login page, not a redirect loop
    assert "permission" in response.content.decode()


@pytest.mark.django_db
def test_admins_reach_the_admin(client, admin_user):
    assert logged_in(client, admin_user).get("/admin/").status_code == 200
