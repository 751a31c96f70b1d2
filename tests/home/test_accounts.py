"""Login, logout and password reset: Django's views with Guild's templates."""

import pytest
from django.core import mail

from tests.builders import PASSWORD


def test_logging_in_returns_to_the_page_asked_for(client, rep):
    response = client.post(
        "/accounts/login/?next=/people/",
        {"username": "rep", "password": PASSWORD, "next": "/people/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/people/"


def test_a_wrong_password_gets_a_form_error(client, rep):
    response = client.post("/accounts/login/", {"username": "rep", "password": "nope"})
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_ends_the_session(rep_client):
    assert rep_client.get("/accounts/logout/").status_code == 405  # POST only
    response = rep_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert rep_client.get("/").status_code == 302


@pytest.mark.parametrize("email", ["rep@norrvik.example", "stranger@elsewhere.example"])
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, rep, email):
    response = client.post("/accounts/password_reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == (1 if email == rep.user.email else 0)


def test_the_reset_link_lets_the_person_choose_a_new_password(client, rep):
    client.post("/accounts/password_reset/", {"email": rep.user.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    response = client.get(link.split("testserver", 1)[1], follow=True)
    assert response.status_code == 200
    new_password = "a longer new password 42"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert client.login(username="rep", password=new_password)


def test_a_weak_new_password_is_refused(client, rep):
    client.post("/accounts/password_reset/", {"email": rep.user.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    page = client.get(link.split("testserver", 1)[1], follow=True).redirect_chain[-1][0]
    response = client.post(page, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
