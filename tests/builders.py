"""Builders with sensible defaults, shared by every test; they call the demo's services."""

import itertools
import os
import struct
import zlib
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Locale

from intranet.people import services as people
from intranet.taxonomy.models import Division, JobFunction, Location

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_term(model, name, **kwargs):
    kwargs.setdefault("slug", name.lower().replace(" ", "-"))
    kwargs.setdefault("locale", Locale.get_default())
    return model.objects.get_or_create(
        slug=kwargs.pop("slug"), locale=kwargs.pop("locale"), defaults={"name": name, **kwargs}
    )[0]


def make_division(name="Facility"):
    return make_term(Division, name)


def make_location(name="Gothenburg"):
    return make_term(Location, name)


def make_job_function(name="Sales representative"):
    return make_term(JobFunction, name)


def make_person(username=None, **kwargs):
    """A person with a usable password (PASSWORD) and a profile; kwargs are Profile fields."""
    username = username or f"person{next(_counter)}"
    kwargs.setdefault("password", PASSWORD)
    kwargs.setdefault("first_name", username.capitalize())
    kwargs.setdefault("last_name", "Tester")
    kwargs.setdefault("email", f"{username}@norrvik.example")
    return people.create_person(username, **kwargs)


def image_bytes(fmt="PNG", size=(8, 8), color=(11, 93, 82)):
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name="photo.png", fmt="PNG", size=(8, 8)):
    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp", "GIF": "image/gif"}
    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type=mime[fmt])


def noise_png(size):
    """A PNG that does not compress: its file size grows with its pixel count."""
    buffer = BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def huge_png(width, height):
    """A real, small PNG (one bit per pixel) with many pixels."""
    buffer = BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming_size(width, height):
    """A tiny PNG whose header claims `width` x `height`: a decompression bomb's calling card."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def make_community(title="Sales Community", preset="function", job_functions=(), **fields):
    """A published community under /communities/, with a policy preset unless fields override it."""
    from django.utils.text import slugify

    from intranet.community.models import PRESETS, CommunityIndexPage, CommunityPage

    policy = {axis: PRESETS[preset][axis] for axis in ("visibility", "joining", "participation")}
    community = CommunityPage(title=title, slug=slugify(title), **{**policy, **fields})
    CommunityIndexPage.objects.get(locale__language_code="en").add_child(instance=community)
    community.job_functions.set(job_functions)
    community.save_revision().publish()
    return community


def add_member(community, profile, role="member", participation=None):
    from intranet.community import membership

    found = membership.join(profile.user, community)
    if role != "member":
        membership.set_role(found, role)
    if participation is not None:
        membership.grant_exception(found, participation)
    return found


def make_post(
    community, author, kind="blog", title="Visit notes", body="We met the customer.", **data
):
    from intranet.community import posts

    data = {"kind": kind, "title": title, "body": body, **data}
    return posts.create_post(community, author.user, data)


def make_comment(post, author, body="Good point.", parent=None):
    from intranet.community import discussion

    return discussion.add_comment(post, author.user, body, parent)
