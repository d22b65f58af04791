from __future__ import annotations

import gzip
import zlib

import pytest

from plnpress.fetch.body import CappedDecoder, DecodingFailed, decode_text, media_type


def feed_all(decoder: CappedDecoder, data: bytes, chunk: int = 4096) -> bytes:
    for start in range(0, len(data), chunk):
        decoder.feed(data[start : start + chunk])
        if decoder.truncated:
            break
    return decoder.finish()


@pytest.mark.parametrize("encoding", [None, "", "identity", "IDENTITY"])
def test_identity_body_is_kept_whole_under_the_cap(encoding: str | None) -> None:
    decoder = CappedDecoder(encoding, limit=100)
    assert feed_all(decoder, b"x" * 100) == b"x" * 100
    assert not decoder.truncated


def test_identity_body_over_the_cap_is_cut_and_flagged() -> None:
    decoder = CappedDecoder(None, limit=100)
    assert feed_all(decoder, b"x" * 101, chunk=7) == b"x" * 100
    assert decoder.truncated


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "GZip"])
def test_gzip_is_undone(encoding: str) -> None:
    decoder = CappedDecoder(encoding, limit=1000)
    assert feed_all(decoder, gzip.compress(b"hello " * 100), chunk=10) == b"hello " * 100
    assert not decoder.truncated


def test_gzip_bomb_is_capped_after_decompression() -> None:
    bomb = gzip.compress(b"\0" * 20_000_000)
    assert len(bomb) < 100_000
    decoder = CappedDecoder("gzip", limit=1_000_000)
    decoder.feed(bomb)  # one chunk holding the whole bomb: still only the cap is inflated
    assert decoder.truncated
    assert decoder.finish() == b"\0" * 1_000_000


def test_deflate_accepts_zlib_wrapped_and_raw_streams() -> None:
    wrapped = zlib.compress(b"abc" * 50)
    raw_compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = raw_compressor.compress(b"abc" * 50) + raw_compressor.flush()
    assert feed_all(CappedDecoder("deflate", 1000), wrapped, chunk=5) == b"abc" * 50
    assert feed_all(CappedDecoder("deflate", 1000), raw, chunk=5) == b"abc" * 50


def test_endless_empty_deflate_blocks_hit_the_raw_limit() -> None:
    # An empty stored block is 5 bytes that decode to nothing.
    decoder = CappedDecoder("deflate", limit=1000)
    for _ in range(20):
        decoder.feed(b"\x00\x00\x00\xff\xff" * 1000)
    assert decoder.finish() == b""
    assert decoder.truncated


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
def test_unsupported_encodings_are_refused(encoding: str) -> None:
    with pytest.raises(DecodingFailed, match="unsupported Content-Encoding"):
        CappedDecoder(encoding, limit=10)


def test_corrupt_gzip_is_reported() -> None:
    decoder = CappedDecoder("gzip", limit=1000)
    with pytest.raises(DecodingFailed, match="corrupt gzip"):
        decoder.feed(b"this is not gzip at all")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text/html; charset=utf-8", "text/html"),
        ("Text/HTML", "text/html"),
        ("  application/json ", "application/json"),
        ("", None),
        (None, None),
    ],
)
def test_media_type(value: str | None, expected: str | None) -> None:
    assert media_type(value) == expected


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("héllo".encode(), "text/html; charset=utf-8", "héllo"),
        ("héllo".encode("latin-1"), 'text/html; charset="ISO-8859-1"', "héllo"),
        ("‘q’".encode("cp1252"), "text/plain; charset=us-ascii", "‘q’"),
        (b'<meta charset="iso-8859-1"><p>h\xe9', "text/html", '<meta charset="iso-8859-1"><p>hé'),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">\x93',
            None,
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">“',
        ),
        (b"\xef\xbb\xbfbom wins", "text/html; charset=latin-1", "bom wins"),
        ("nothing declared: é".encode(), "text/html", "nothing declared: é"),
        (b"bad \xff byte", "text/plain; charset=nonsense", "bad \ufffd byte"),
    ],
)
def test_decode_text(body: bytes, content_type: str | None, expected: str) -> None:
    assert decode_text(body, content_type) == expected
