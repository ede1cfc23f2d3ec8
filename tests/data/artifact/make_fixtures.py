"""tests/data/artifact/make_fixtures.py — writes the small artifacts the e2e
tests use (run with /usr/bin/python3 from this folder; the output is
committed, and deterministic: fixed timestamps and order).

good/demo_pkg-1.0-py3-none-any.whl  a clean wheel (RECORD from hashlib)
good/demo_pkg-1.0.tar.gz            a clean sdist (PEP 625 name, pax, one top folder)
bad/demo_pkg-1.0-py3-none-any.whl   RECORD's hash of demo_pkg/core.py is wrong
"""
import base64
import gzip
import hashlib
import io
import os
import tarfile
import zipfile

META = ("Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0\nSummary: A demo package\n"
        "License-Expression: MIT\nRequires-Python: >=3.9\n")
WHEEL = "Wheel-Version: 1.0\nGenerator: make_fixtures\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
FILES = {
    "demo_pkg/__init__.py": b"from .core import main\n",
    "demo_pkg/core.py": b"def main():\n    print('hello')\n",
    "demo_pkg-1.0.dist-info/METADATA": META.encode(),
    "demo_pkg-1.0.dist-info/WHEEL": WHEEL.encode(),
    "demo_pkg-1.0.dist-info/entry_points.txt": b"[console_scripts]\ndemo = demo_pkg:main\n",
}


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def wheel(path, break_core):
    lines = []
    for name, data in FILES.items():
        h = digest(b"tampered\n" if break_core and name.endswith("core.py") else data)
        lines.append(f"{name},{h},{len(data)}")
    lines.append("demo_pkg-1.0.dist-info/RECORD,,")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in list(FILES.items()) + [("demo_pkg-1.0.dist-info/RECORD",
                                                  ("\n".join(lines) + "\n").encode())]:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def sdist(path):
    members = {
        "demo_pkg-1.0/PKG-INFO": META.encode(),
        "demo_pkg-1.0/pyproject.toml": b'[project]\nname = "demo-pkg"\nversion = "1.0"\n',
        "demo_pkg-1.0/src/demo_pkg/__init__.py": FILES["demo_pkg/__init__.py"],
        "demo_pkg-1.0/src/demo_pkg/core.py": FILES["demo_pkg/core.py"],
    }
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 315532800
            t.addfile(info, io.BytesIO(data))
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(raw.getvalue())


os.makedirs("good", exist_ok=True)
os.makedirs("bad", exist_ok=True)
wheel("good/demo_pkg-1.0-py3-none-any.whl", False)
sdist("good/demo_pkg-1.0.tar.gz")
wheel("bad/demo_pkg-1.0-py3-none-any.whl", True)
