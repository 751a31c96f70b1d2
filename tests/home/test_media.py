from django.conf import settings
from wagtail.images import get_image_model

from tests.builders import image_upload
from tests.conftest import logged_in


def make_image():
    return get_image_model().objects.create(title="Team photo", file=image_upload("team.png"))


def test_it_gives_no_file_to_anonymous_visitors(client, db):
    image = make_image()
    response = client.get(image.file.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not response.content


def test_it_serves_an_image_to_logged_in_people(client, rep):
    image = make_image()
    response = logged_in(client, rep).get(image.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image.file.open().read()
    assert "private" in response["Cache-Control"]


def test_it_serves_renditions_too(client, rep):
    rendition = make_image().get_rendition("fill-96x96")
    assert logged_in(client, rep).get(rendition.url).status_code == 200


def test_it_refuses_files_that_belong_to_nothing(client, rep):
    path = settings.MEDIA_ROOT / "original_images" / "stray.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("quarterly pricing")
    response = logged_in(client, rep).get("/media/original_images/stray.txt")
    assert response.status_code == 404
    assert b"quarterly pricing" not in response.content


def test_it_refuses_paths_outside_the_media_folder(client, rep):
    response = logged_in(client, rep).get("/media/../intranet/settings/base.py")
    assert response.status_code in (400, 404)
    assert b"SECRET_KEY" not in response.content


def test_it_answers_404_for_missing_files(client, rep):
    assert logged_in(client, rep).get("/media/original_images/none.png").status_code == 404
