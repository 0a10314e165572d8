"""Text encodings are detected and decoded; non-text is refused with a reason."""

import codecs
import io
import zipfile

import pytest

from bot.decode import decode
from bot.errors import InputError

TEXT = "# 用户运营\n\n运营的本质是资源整合与价值传递，拉新、促活、留存、召回。\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("gb18030"),
        TEXT.encode("gbk"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be", "utf32"],
)
def test_encodings_decode_to_the_same_text(data: bytes) -> None:
    assert decode(data, "a.txt") == TEXT


def _zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x" * 100)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "空"),
        (b"  \n\t \n", "空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "PNG 图片"),
        (_zip_bytes(), "zip 压缩包"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x01\x02" + bytes(range(200)), "PDF 文件"),
        (bytes([0x81, 0x30, 0xFF, 0xFE, 0xC0]) * 50, "编码|二进制"),
    ],
    ids=["empty", "whitespace", "png", "zip", "pdf", "garbage"],
)
def test_non_text_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        decode(data, "bad.txt")
