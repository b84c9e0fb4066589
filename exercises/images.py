"""Checking and re-encoding exercise pictures uploaded in the admin.

An upload is trusted for nothing: not its name, not its declared type. It must decode as a JPEG,
PNG or WebP picture within the size limits; it is then drawn again into a fresh file (dropping any
metadata or trailing bytes) and stored under a name the server chooses.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


def reencode_exercise_image(upload) -> ContentFile:
    """Return a clean re-encoded copy of ``upload`` or raise ValidationError saying why not."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            "This picture is %(size).1f MB; the limit is 5 MB. Please choose a smaller file.",
            code="too_large",
            params={"size": upload.size / 1024 / 1024},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns before it raises on huge pixel counts; either way it is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                picture_format = probe.format
                width, height = probe.size
                if picture_format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        "Please upload a JPEG, PNG or WebP picture.", code="bad_format"
                    )
                # Checked from the header, before any pixels are decoded.
                if width > MAX_SIDE or height > MAX_SIDE:
                    raise ValidationError(
                        "This picture is %(width)d by %(height)d pixels; the limit is 4,000 pixels "
                        "on each side.",
                        code="too_many_pixels",
                        params={"width": width, "height": height},
                    )
                probe.load()
                picture = ImageOps.exif_transpose(probe)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "This picture has far too many pixels; the limit is 4,000 pixels on each side.",
            code="too_many_pixels",
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not a picture we can use. Please upload a JPEG, PNG or WebP picture.",
            code="not_an_image",
        ) from None
    except (OSError, ValueError, SyntaxError):
        # Truncated or corrupt data that passed the header check.
        raise ValidationError(
            "This picture is damaged or incomplete. Please upload it again.", code="corrupt"
        ) from None

    keep_alpha = picture.mode in {"RGBA", "LA", "PA"} or "transparency" in picture.info
    out = io.BytesIO()
    if keep_alpha:
        picture.convert("RGBA").save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        picture.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
