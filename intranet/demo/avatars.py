"""Generated avatar photos for the demo people: no network, just Pillow."""

import hashlib
from io import BytesIO

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

SIZE = 320
PALETTE = [
    ("#0b5d52", "#5fb3a5"),
    ("#6b3fa0", "#b79ce0"),
    ("#9c3d1e", "#e9a27f"),
    ("#1f4e8c", "#8fb4e8"),
    ("#7a5a00", "#e8c766"),
    ("#5b2333", "#d59aa9"),
    ("#2f5d1e", "#9ccf84"),
    ("#394150", "#a8b3c4"),
]


def avatar(username, initials):
    """A PNG portrait: a head-and-shoulders silhouette in two tones, with the person's initials."""
    digest = hashlib.sha256(username.encode()).digest()
    dark, light = PALETTE[digest[0] % len(PALETTE)]
    image = Image.new("RGB", (SIZE, SIZE), dark)
    draw = ImageDraw.Draw(image)
    head_y = 105 + digest[1] % 20
    draw.ellipse((95, head_y - 60, 225, head_y + 70), fill=light)
    draw.ellipse((40, head_y + 90, 280, head_y + 330), fill=light)
    font = ImageFont.load_default(size=64)
    draw.text((SIZE / 2, head_y + 5), initials, fill=dark, font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"{username}.png")
