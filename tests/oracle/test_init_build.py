"""Oracle test of `slipway init`: every generated project must build with
its declared backend and be accepted by validate-pyproject.

For hatchling 1.27, flit_core 3.12 and setuptools 78 (the newest reference
tools, unpacked under $SW_ORACLE_PREFIX/usr/lib/python3/dist-packages; the
test FAILS if they are missing), in the src and the flat layout: run
`slipway init` into a fresh folder, build an sdist and a wheel with
`/usr/bin/python3 -m build --no-isolation`, and check that the wheel holds
the package's __init__.py and a METADATA whose Name, Version and
License-Expression are what init was given. validate-pyproject 0.24 must
accept every generated pyproject.toml, uv_build's included.

uv_build is NOT built here: it is a Rust program with no Debian package,
so no reference copy is available on this machine. Its pyproject.toml is
still checked by validate-pyproject and by `slipway check --project`.
"""

import email.parser
import glob
import os
import subprocess
import sys
import tempfile
import zipfile

from oracle_env import (SLIPWAY, check, finish, reference_env, require_slipway,
                        require_version, use_reference_tools)


use_reference_tools("packaging")
import packaging  # noqa: E402

require_version(packaging, "25.0")
require_slipway()
from validate_pyproject import api as vp_api  # noqa: E402
import tomllib  # noqa: E402

ENV = reference_env(PIP_NO_INDEX="1")
BUILT = ["hatchling", "flit_core", "setuptools"]


def init(folder, backend, flat):
    args = [SLIPWAY, "init", folder, "--name", "Demo.Tool", "--license", "mit",
            "--author", "Ada Lovelace <ada@example.org>", "--description",
            "A demo tool.", "--backend", backend] + (["--flat"] if flat else [])
    r = subprocess.run(args, capture_output=True, text=True)
    check(r.returncode == 0, f"init {backend} flat={flat}: {r.stderr}")
    return r.returncode == 0


def validate(folder, label):
    with open(os.path.join(folder, "pyproject.toml"), "rb") as f:
        data = tomllib.load(f)
    try:
        vp_api.Validator()(data)
        check(True, label)
    except Exception as e:  # noqa: BLE001 - any refusal is a failure
        check(False, f"validate-pyproject refuses {label}: {e}")
    r = subprocess.run([SLIPWAY, "check", "--project", folder], capture_output=True, text=True)
    check(r.returncode == 0 and "no problems found" in r.stdout,
          f"slipway check {label}: {r.stdout}{r.stderr}")


def build(folder, label):
    out = os.path.join(folder, "dist")
    r = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out,
                        folder], capture_output=True, text=True, env=ENV, timeout=600)
    check(r.returncode == 0, f"build {label}: {r.stdout[-2000:]}{r.stderr[-2000:]}")
    wheels = glob.glob(os.path.join(out, "*.whl"))
    check(len(wheels) == 1, f"{label}: one wheel, got {wheels}")
    check(len(glob.glob(os.path.join(out, "*.tar.gz"))) == 1, f"{label}: one sdist")
    if len(wheels) != 1:
        return
    with zipfile.ZipFile(wheels[0]) as z:
        names = z.namelist()
        check("demo_tool/__init__.py" in names, f"{label}: package in wheel: {names}")
        check(not any(n.startswith("tests/") for n in names), f"{label}: no tests/ in wheel")
        meta_name = [n for n in names if n.endswith(".dist-info/METADATA")]
        check(len(meta_name) == 1, f"{label}: METADATA in wheel")
        if meta_name:
            meta = email.parser.Parser().parsestr(z.read(meta_name[0]).decode())
            check(meta["Name"] in ("Demo.Tool", "demo-tool", "demo.tool"),
                  f"{label}: Name {meta['Name']}")
            check(meta["Version"] == "0.1.0", f"{label}: Version {meta['Version']}")
            check(meta["License-Expression"] == "MIT",
                  f"{label}: License-Expression {meta['License-Expression']}")
            check(meta["Summary"] == "A demo tool.", f"{label}: Summary {meta['Summary']}")


with tempfile.TemporaryDirectory() as top:
    for backend in BUILT + ["uv_build"]:
        for flat in (False, True):
            label = f"{backend} ({'flat' if flat else 'src'} layout)"
            folder = os.path.join(top, f"{backend}-{'flat' if flat else 'src'}")
            if not init(folder, backend, flat):
                continue
            validate(folder, label)
            if backend in BUILT:
                build(folder, label)
            else:
                print(f"note: {label} not built: uv_build is not available on this machine")

finish()
