import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.images import get_image_model

from intranet.people.models import Profile
from tests.builders import (
    huge_png,
    image_bytes,
    image_upload,
    make_job_function,
    noise_png,
    png_claiming_size,
)
from tests.conftest import logged_in


def form_data(profile, **changes):
    data = {
        "title": profile.title,
        "phone": profile.phone,
        "division": profile.division_id or "",
        "location": profile.location_id or "",
        "job_functions": [f.pk for f in profile.job_functions.all()],
        "bio": profile.bio,
        "expertise": ", ".join(t.name for t in profile.expertise.all()),
        "interests": ", ".join(t.name for t in profile.interests.all()),
        "languages": [lang.pk for lang in profile.languages.all()],
    }
    data.update(changes)
    return data


def reload(profile):
    return Profile.objects.get(pk=profile.pk)


def test_it_shows_the_form_with_csrf_protection(rep_client):
    response = rep_client.get("/people/me/edit/")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_it_saves_the_profile(rep_client, rep):
    technician = make_job_function("Service technician")
    data = form_data(
        rep,
        title="Senior rep",
        phone="+46 31 555 01 02",
        bio="Hospitals and stores in western Sweden.",
        expertise="Healthcare, tenders",
        job_functions=[technician.pk],
    )
    response = rep_client.post("/people/me/edit/", data)
    assert response.status_code == 302
    assert response["Location"] == "/people/rep/"
    rep = reload(rep)
    assert rep.title == "Senior rep"
    assert rep.phone == "+46 31 555 01 02"
    assert sorted(t.name for t in rep.expertise.all()) == ["healthcare", "tenders"]
    assert list(rep.job_functions.all()) == [technician]


def test_it_uploads_a_photo_and_replaces_the_old_one(rep_client, rep):
    rep_client.post("/people/me/edit/", form_data(rep, photo_upload=image_upload("a.png")))
    first = reload(rep).photo
    assert first is not None and first.collection.name == "People"
    rep_client.post("/people/me/edit/", form_data(rep, photo_upload=image_upload("b.jpg", "JPEG")))
    second = reload(rep).photo
    assert second.pk != first.pk
    assert not get_image_model().objects.filter(pk=first.pk).exists()


def test_it_removes_the_photo(rep_client, rep):
    rep_client.post("/people/me/edit/", form_data(rep, photo_upload=image_upload()))
    rep_client.post("/people/me/edit/", form_data(rep, remove_photo="on"))
    assert reload(rep).photo is None
    assert get_image_model().objects.count() == 0


def _rejected(client, profile, upload, message):
    before = reload(profile)
    response = client.post(
        "/people/me/edit/", form_data(profile, title="Changed", photo_upload=upload)
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["photo_upload"]
    assert any(message in error for error in errors), errors
    after = reload(profile)
    assert after.title == before.title  # nothing half-saved
    assert after.photo_id == before.photo_id
    return response


def test_it_rejects_a_file_that_is_not_an_image(rep_client, rep):
    upload = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 not an image", content_type="application/pdf")
    _rejected(rep_client, rep, upload, "Upload a valid image")


def test_it_rejects_an_image_type_it_does_not_accept(rep_client, rep):
    _rejected(rep_client, rep, image_upload("anim.gif", "GIF"), "Not a supported image format")


def test_it_rejects_content_that_does_not_match_the_extension(rep_client, rep):
    upload = SimpleUploadedFile("photo.png", image_bytes("JPEG"), content_type="image/png")
    _rejected(rep_client, rep, upload, "The extension does not match")


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_it_rejects_an_oversized_file(rep_client, rep):
    upload = SimpleUploadedFile("big.png", noise_png((300, 300)), content_type="image/png")
    _rejected(rep_client, rep, upload, "This file is too big")


def test_it_rejects_too_many_pixels(rep_client, rep):
    upload = SimpleUploadedFile("wide.png", huge_png(8000, 6000), content_type="image/png")
    _rejected(rep_client, rep, upload, "too many pixels")


def test_it_rejects_an_image_with_missing_pixel_data(rep_client, rep):
    upload = SimpleUploadedFile("cut.png", png_claiming_size(400, 300), content_type="image/png")
    _rejected(rep_client, rep, upload, "Upload a valid image")


def test_it_rejects_a_decompression_bomb(rep_client, rep):
    upload = SimpleUploadedFile("bomb.png", png_claiming_size(50_000, 50_000), "image/png")
    _rejected(rep_client, rep, upload, "too many pixels")


def test_an_error_keeps_the_existing_photo(rep_client, rep):
    rep_client.post("/people/me/edit/", form_data(rep, photo_upload=image_upload()))
    photo = reload(rep).photo
    upload = SimpleUploadedFile("bomb.png", png_claiming_size(50_000, 50_000), "image/png")
    _rejected(rep_client, rep, upload, "too many pixels")
    assert reload(rep).photo == photo


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "call me maybe", "Use digits"),
        ("expertise", ", ".join(f"tag{n}" for n in range(16)), "at most 15 tags"),
        ("interests", "x" * 60, "under 51 characters"),
        ("bio", "x" * 1501, "at most 1500 characters"),
        ("division", "999999", "Select a valid choice"),
        ("languages", ["999999"], "Select a valid choice"),
        ("title", "nul\x00byte", "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_a_form_error(rep_client, rep, field, value, message):
    response = rep_client.post("/people/me/edit/", form_data(rep, **{field: value}))
    assert response.status_code == 400
    assert any(message in e for e in response.context["form"].errors[field])


def test_people_cannot_edit_someone_elses_profile(rep_client, sponsor):
    assert rep_client.get("/people/sponsor/edit/").status_code == 403
    response = rep_client.post("/people/sponsor/edit/", form_data(sponsor, title="Hacked"))
    assert response.status_code == 403
    assert reload(sponsor).title != "Hacked"


def test_admins_can_edit_anyones_profile(client, admin_user, sponsor):
    client = logged_in(client, admin_user)
    response = client.post("/people/sponsor/edit/", form_data(sponsor, title="Head of sales"))
    assert response.status_code == 302
    assert reload(sponsor).title == "Head of sales"


def test_it_answers_404_for_an_unknown_person(client, admin_user):
    assert logged_in(client, admin_user).get("/people/nobody/edit/").status_code == 404


def test_a_tag_of_several_words_stays_one_tag(rep_client, rep):
    rep_client.post("/people/me/edit/", form_data(rep, expertise="public tenders"))
    assert [t.name for t in reload(rep).expertise.all()] == ["public tenders"]
    form = rep_client.get("/people/me/edit/").context["form"]
    assert 'value="public tenders"' in str(form["expertise"])


def test_the_profile_sets_the_language_of_guild(rep_client, rep):
    response = rep_client.post("/people/me/edit/", form_data(rep, interface_language="sv"))
    assert response.status_code == 302
    rep.user.refresh_from_db()
    assert rep.user.language == "sv"
    page = rep_client.get("/people/me/edit/").content.decode()
    assert '<html lang="sv">' in page
    assert '<option value="sv" selected>' in page
    rep_client.post("/people/me/edit/", form_data(rep, interface_language=""))
    rep.user.refresh_from_db()
    assert rep.user.language == ""  # back to what the browser asks for


def test_an_unknown_language_is_a_form_error(rep_client, rep):
    response = rep_client.post("/people/me/edit/", form_data(rep, interface_language="xx"))
    assert response.status_code == 400
    assert "interface_language" in response.context["form"].errors
    rep.user.refresh_from_db()
    assert rep.user.language == ""
