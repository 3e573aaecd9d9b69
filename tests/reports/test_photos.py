"""Photos: checked by content, re-encoded without EXIF/GPS, at most five of 10 MB, nothing left behind."""

import os
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from PIL import Image

from reports import services
from reports.models import Report, ReportPhoto
from tests.reports.factories import GPS_IFD, image_bytes, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def file_with(reporter, area, photos):
    return services.create_report(
        by=reporter,
        area=area,
        category="graffiti",
        place_text="Tunneln",
        occurred_at=timezone.now() - timedelta(hours=1),
        description="Klotter.",
        photos=photos,
    )


def test_the_test_photo_really_carries_gps():
    exif = Image.open(BytesIO(jpeg_with_gps())).getexif()
    assert exif.get_ifd(GPS_IFD)
    assert exif[0x010F] == "TestCam"


def test_exif_and_gps_are_removed_from_a_real_photo(reporter, area):
    report = file_with(reporter, area, [upload()])
    photo = report.photos.get()
    stored = photo.file.read()
    image = Image.open(BytesIO(stored))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert not image.getexif().get_ifd(GPS_IFD)
    assert b"TestCam" not in stored
    assert "exif" not in image.info


def test_orientation_is_applied_before_exif_is_dropped(reporter, area):
    # Orientation 6: the camera was turned, so the upright picture is 20 wide and 40 high.
    report = file_with(reporter, area, [upload(content=jpeg_with_gps(size=(40, 20), orientation=6))])
    photo = report.photos.get()
    assert (photo.width, photo.height) == (20, 40)
    assert Image.open(photo.file).size == (20, 40)


def test_png_and_webp_are_accepted_and_stored_under_random_names(reporter, area):
    report = file_with(
        reporter,
        area,
        [
            upload("a.png", image_bytes("PNG"), "image/png"),
            upload("b.webp", image_bytes("WEBP", mode="RGBA"), "image/webp"),
        ],
    )
    names = [photo.file.name for photo in report.photos.all()]
    assert [name.rsplit(".", 1)[1] for name in names] == ["png", "webp"]
    # The stored name is a random hex id, never the name the user gave.
    assert all(re.fullmatch(r"reports/[0-9a-f]{32}\.(png|webp)", name) for name in names), names
    assert [p.content_type for p in report.photos.all()] == ["image/png", "image/webp"]


def test_text_file_named_jpg_is_refused_by_content(reporter, area, media_files):
    with pytest.raises(ValidationError) as error:
        file_with(reporter, area, [upload("innocent.jpg", b"not an image at all", "image/jpeg")])
    assert "not a JPEG" in error.value.messages[0]
    assert not Report.objects.exists()
    assert media_files() == []


def test_gif_is_refused(reporter, area):
    with pytest.raises(ValidationError):
        file_with(reporter, area, [upload("a.gif", image_bytes("GIF"), "image/gif")])


def test_truncated_jpeg_is_refused(reporter, area):
    with pytest.raises(ValidationError):
        file_with(reporter, area, [upload(content=jpeg_with_gps()[:200])])


def test_photo_over_10_mb_is_refused(reporter, area):
    big = upload(content=b"\xff" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        file_with(reporter, area, [big])
    assert "10 MB" in error.value.messages[0]
    assert not Report.objects.exists()


def test_six_photos_are_refused(reporter, area, media_files):
    with pytest.raises(ValidationError) as error:
        file_with(reporter, area, [upload() for _ in range(6)])
    assert "5" in error.value.messages[0]
    assert not Report.objects.exists()
    assert media_files() == []


def test_five_photos_are_accepted(reporter, area, media_files):
    report = file_with(reporter, area, [upload() for _ in range(5)])
    assert report.photos.count() == 5
    assert len(media_files()) == 5


def test_one_bad_photo_among_good_ones_saves_nothing(reporter, area, media_files):
    with pytest.raises(ValidationError):
        file_with(reporter, area, [upload(), upload(), upload("x.png", b"%PDF-1.4", "image/png")])
    assert not Report.objects.exists()
    assert not ReportPhoto.objects.exists()
    assert media_files() == []


def test_failure_after_files_are_written_removes_them(reporter, area, media_files, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services.audit, "record", broken_audit)
    with pytest.raises(RuntimeError):
        file_with(reporter, area, [upload(), upload()])
    assert not Report.objects.exists()
    assert media_files() == []


def blank_png(width: int, height: int) -> bytes:
    """A valid PNG of black pixels, compressed row by row so the test never holds the pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (
            struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
        )

    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + 3 * width)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_small_file_declaring_a_huge_image_is_refused_before_it_is_decoded(reporter, area):
    bomb = blank_png(12000, 12000)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError) as error:
        file_with(reporter, area, [upload(content=bomb, name="karta.png")])
    assert error.value.code == "photo_pixels" or "12000 × 12000" in error.value.messages[0]
    assert not Report.objects.exists()


def test_a_large_photo_is_stored_resized_to_its_long_edge(reporter, area, media_files):
    report = file_with(reporter, area, [upload(content=image_bytes("JPEG", size=(4000, 3000)), name="a.jpg")])
    with Image.open(report.photos.get().file) as stored:
        assert stored.size == (2560, 1920)


PEAK = r"""
import os, resource, sys
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "hub.settings"
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from reports.services import prepare_photo
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    prepare_photo(SimpleUploadedFile("p.png", data, content_type="image/png"))
except Exception as error:
    print("refused", type(error).__name__)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.parametrize(("size", "bound_mb"), [((12000, 12000), 40), ((7600, 5200), 400)])
def test_the_memory_one_upload_takes_stays_bounded(tmp_path, size, bound_mb):
    """Measured in a fresh process (ru_maxrss): the 144 Mpx bomb is refused without decoding; a
    39.5 Mpx photo, the largest accepted, is decoded once and shrunk before any copy."""
    import subprocess
    import sys

    from django.conf import settings

    path = tmp_path / "photo.png"
    path.write_bytes(blank_png(*size))
    env = {**os.environ, "HUB_TESTING": "1", "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    grown_mb = int(result.stdout.strip().splitlines()[-1])
    assert grown_mb < bound_mb, f"{size}: the process grew by {grown_mb} MB"
