"""Dataset files: verified reads and atomic downloads from a list of mirrors.

Every file is checked by the SHA-256 of its *decompressed* bytes against a digest
the calling code embeds, so a recompressed copy of the right data passes and a
checksum file lying next to the data is never trusted. Downloads go to a
temporary file in the destination folder, are verified, and only then are moved
into place with ``os.replace``; a failed or mismatching download leaves nothing
behind.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import secrets
import sys
import urllib.request
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

_CHUNK = 1 << 16


class DatasetFileError(RuntimeError):
    """A dataset file is corrupt, truncated or not the expected file.

    Example:
        >>> from data import DatasetFileError
        >>> issubclass(DatasetFileError, RuntimeError)
        True
    """


class DownloadError(RuntimeError):
    """A dataset file is missing and could not be downloaded from any mirror.

    Example:
        >>> from data import DownloadError
        >>> issubclass(DownloadError, RuntimeError)
        True
    """


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def read_verified(path: str | os.PathLike, expected: str, fix: str) -> bytes:
    """The decompressed bytes of ``path`` (gzip if it ends in ``.gz``), checked by SHA-256.

    Raises:
        DatasetFileError: naming the file, the expected digest and ``fix`` when the
            file cannot be decompressed or its bytes have another digest.
    """
    path = Path(path)
    return verify_bytes(path.read_bytes(), path.suffix == ".gz", expected, str(path), fix)


def verify_bytes(blob: bytes, gz: bool, expected: str, name: str, fix: str) -> bytes:
    """``blob`` decompressed (when ``gz``) and checked against ``expected``; see read_verified."""
    if gz:
        try:
            blob = gzip.decompress(blob)
        except (OSError, EOFError, zlib.error) as e:
            raise DatasetFileError(
                f"{name} is corrupt: it cannot be decompressed ({e}). Its decompressed bytes "
                f"should have SHA-256 {expected}. {fix}".rstrip()
            ) from None
    digest = sha256_hex(blob)
    if digest != expected:
        raise DatasetFileError(
            f"{name} is corrupt or not the expected file: the SHA-256 of its decompressed bytes "
            f"is {digest}, expected {expected}. {fix}".rstrip()
        )
    return blob


def _urlopen(url: str, timeout: float) -> Any:
    """Open ``url`` for reading (the one network call; tests replace it)."""
    return urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 (http, https, file)


class _PlainProgress:
    """A minimal stderr progress line for when tqdm is not installed."""

    def __init__(self, total: int | None, desc: str) -> None:
        self.total, self.desc, self.n, self._shown = total, desc, 0, -1

    def update(self, k: int) -> None:
        self.n += k
        if self.total:
            pct = 100 * self.n // self.total
            if pct != self._shown:
                self._shown = pct
                sys.stderr.write(f"\r{self.desc}: {pct:3d}% of {self.total / 1e6:.1f} MB")
        else:
            sys.stderr.write(f"\r{self.desc}: {self.n / 1e6:.1f} MB")

    def close(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()


def _progress(total: int | None, desc: str) -> Any:
    try:
        from tqdm import tqdm
    except ImportError:
        return _PlainProgress(total, desc)
    return tqdm(total=total, desc=desc, unit="B", unit_scale=True, file=sys.stderr, leave=False)


def _fetch(url: str, out: BinaryIO, desc: str, timeout: float) -> None:
    with _urlopen(url, timeout) as response:
        length = response.headers.get("Content-Length") if hasattr(response, "headers") else None
        bar = _progress(int(length) if length else None, desc)
        try:
            while chunk := response.read(_CHUNK):
                out.write(chunk)
                bar.update(len(chunk))
        finally:
            bar.close()


def md5_hex_of_file(path: str | os.PathLike) -> str:
    """Hex MD5 of the file at ``path``, read in chunks (publishers list MD5 digests)."""
    h = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def download(
    filename: str,
    folder: str | os.PathLike,
    mirrors: Sequence[str],
    expected: str,
    hint: str,
    timeout: float = 30.0,
    md5: str | None = None,
) -> bytes:
    """Download ``filename`` into ``folder`` from the first mirror that serves the right bytes.

    Each mirror is a base URL (``https://...``, ``file://...``) to which
    ``filename`` is appended. The download is written to a temporary file in
    ``folder``, verified (the MD5 of the file as served when ``md5`` is given,
    then the SHA-256 of its decompressed bytes), then renamed into place.

    Returns:
        The verified decompressed bytes.

    Raises:
        DownloadError: no mirror could be reached or none served the expected
            bytes; the message lists each attempt and says where to put a copy
            (``hint``).
    """
    result: list[bytes] = []

    def check(tmp: Path, url: str) -> None:
        if md5 is not None:
            _check_md5(tmp, md5, url)
        result.append(verify_bytes(tmp.read_bytes(), filename.endswith(".gz"), expected, url, ""))

    download_file(
        filename,
        folder,
        mirrors,
        check,
        hint,
        timeout,
        f"expected SHA-256 of its decompressed bytes: {expected}",
    )
    return result[0]


def _check_md5(path: Path, expected: str, url: str) -> None:
    digest = md5_hex_of_file(path)
    if digest != expected:
        raise DatasetFileError(
            f"{url} is corrupt or not the published file: its MD5 is {digest}, expected {expected}"
        )


def download_md5(
    filename: str,
    folder: str | os.PathLike,
    mirrors: Sequence[str],
    md5: str,
    hint: str,
    timeout: float = 30.0,
) -> Path:
    """Download ``filename`` into ``folder``, checked against its publisher's MD5 digest.

    As :func:`download`, for a file used as served (an archive); returns its path.

    Example:
        >>> import hashlib, os, tempfile
        >>> from pathlib import Path
        >>> from data._download import download_md5
        >>> src, dst = tempfile.mkdtemp(), tempfile.mkdtemp()
        >>> Path(src, "a.bin").write_bytes(b"abc")
        3
        >>> digest = hashlib.md5(b"abc").hexdigest()
        >>> download_md5("a.bin", dst, [Path(src).as_uri()], digest, "").read_bytes()
        b'abc'
    """
    download_file(
        filename,
        folder,
        mirrors,
        lambda tmp, url: _check_md5(tmp, md5, url),
        hint,
        timeout,
        f"expected MD5: {md5}",
    )
    return Path(folder) / filename


def download_file(
    filename: str,
    folder: str | os.PathLike,
    mirrors: Sequence[str],
    check: Callable[[Path, str], None],
    hint: str,
    timeout: float,
    expectation: str,
) -> None:
    """The download loop shared by :func:`download` and :func:`download_md5`.

    ``check(tmp_path, url)`` raises :class:`DatasetFileError` for a wrong file;
    a file it accepts is renamed to ``folder / filename``.
    """
    folder = Path(folder)
    target = folder / filename
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DownloadError(
            f"cannot create {folder} to download {filename} into: {e}. {hint}"
        ) from None
    failures = []
    for base in mirrors:
        url = base if base.endswith("/") else base + "/"
        url += filename
        tmp = folder / f".{filename}.{secrets.token_hex(6)}.part"
        # Mode 0o666 lets the umask decide, so the dataset file is readable like any other.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        try:
            with os.fdopen(fd, "wb") as out:
                _fetch(url, out, f"Downloading {filename}", timeout)
            check(tmp, url)
            os.replace(tmp, target)
            return
        except DatasetFileError as e:
            failures.append(f"  {e}")
        except (OSError, ValueError) as e:  # URLError is an OSError; ValueError: bad URL
            failures.append(f"  {url}: {e}")
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    tried = "\n".join(failures) if failures else "  (no mirrors configured)"
    raise DownloadError(
        f"{target} is missing and could not be downloaded ({expectation}). Tried:\n{tried}\n{hint}"
    )
