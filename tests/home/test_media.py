import pytest
from django.conf import settings

from tests.conftest import logged_in


@pytest.fixture
def media_file():
    path = settings.MEDIA_ROOT / "original_images" / "secret.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("quarterly pricing")
    return "/media/original_images/secret.txt"


def test_it_gives_no_file_to_anonymous_visitors(client, db, media_file):
    response = client.get(media_file)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert b"quarterly pricing" not in response.content


def test_it_serves_files_to_logged_in_people(client, rep, media_file):
    response = logged_in(client, rep).get(media_file)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"quarterly pricing"
    assert "private" in response["Cache-Control"]


def test_it_refuses_paths_outside_the_media_folder(client, rep):
    response = logged_in(client, rep).get("/media/../intranet/settings/base.py")
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_it_answers_404_for_missing_files(client, rep):
    assert logged_in(client, rep).get("/media/original_images/none.png").status_code == 404
