"""tests/oracle/build_oracle.py — what the build oracle tests share: build a
sample project with slipway and with its declared backend
(`/usr/bin/python3 -m build --no-isolation`, the newest reference tools on
PYTHONPATH), list the members of the artifacts, compare member lists and
METADATA fields, and install a wheel with pip into a fresh venv to run it.

Every sample is copied to a fresh temporary folder before it is built, so
no .gitignore of the repository above it (hatchling looks upward for one)
and no earlier dist/ can change what a backend selects.

Typical use (see test_build_hatchling.py):

    from build_oracle import Checker, build_both, compare_artifacts
    chk = Checker()
    ref, ours = build_both(sample_dir, workdir, chk)
    compare_artifacts(ref, ours, chk, label)
    chk.finish()   # prints "N passed, M failed" and exits
"""
import email.parser
import glob
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

import oracle_env
from oracle_env import SLIPWAY, die, require_slipway, use_reference_tools

PYTHON = "/usr/bin/python3"


def reference_env():
    """The environment for running the reference tools: PYTHONPATH on the
    unpacked newest tools, no index (nothing is downloaded)."""
    use_reference_tools("packaging", "build", "hatchling", "flit_core", "setuptools")
    env = oracle_env.reference_env(PIP_NO_INDEX="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


class Checker:
    """Counts checks; prints failures as they happen."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {what}")
        return cond

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed or not self.passed else 0)


def copy_project(src, dst):
    """Copies a sample project (without any dist/ in it) to dst."""
    shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns("dist"))
    return dst


def _one(pattern):
    found = glob.glob(pattern)
    return found[0] if len(found) == 1 else None


def build_reference(project, outdir, chk, label=""):
    """Builds an sdist and a wheel with the declared backend. Returns
    (sdist, wheel) paths (None for one that is missing)."""
    r = subprocess.run([PYTHON, "-m", "build", "--no-isolation", "--outdir", outdir, project],
                       capture_output=True, text=True, env=reference_env(), timeout=600)
    chk.check(r.returncode == 0, f"{label}: reference build: {r.stdout[-3000:]}{r.stderr[-3000:]}")
    return _one(os.path.join(outdir, "*.tar.gz")), _one(os.path.join(outdir, "*.whl"))


def build_slipway(project, outdir, chk, label="", extra=()):
    """Builds an sdist and a wheel with `slipway build --native`. Returns
    (sdist, wheel) paths (None for one that is missing)."""
    require_slipway()
    r = subprocess.run([SLIPWAY, "build", "--native", "--outdir", outdir, *extra, project],
                       capture_output=True, text=True, timeout=600)
    chk.check(r.returncode == 0, f"{label}: slipway build: {r.stdout}{r.stderr}")
    return _one(os.path.join(outdir, "*.tar.gz")), _one(os.path.join(outdir, "*.whl"))


def build_both(sample, work, chk, label=None):
    """Copies `sample` into work/ref and work/ours and builds each copy:
    returns ((ref_sdist, ref_wheel), (our_sdist, our_wheel))."""
    label = label or os.path.basename(sample)
    ref_dir = copy_project(sample, os.path.join(work, "ref", os.path.basename(sample)))
    our_dir = copy_project(sample, os.path.join(work, "ours", os.path.basename(sample)))
    ref = build_reference(ref_dir, os.path.join(work, "ref-dist"), chk, label)
    ours = build_slipway(our_dir, os.path.join(work, "our-dist"), chk, label)
    return ref, ours


def wheel_members(path):
    """The member names of a wheel, in archive order."""
    with zipfile.ZipFile(path) as z:
        return [i.filename for i in z.infolist()]


def sdist_members(path):
    """The member names of an sdist below its top folder, in archive order
    (directory entries left out), and the top folder's name."""
    names, tops = [], set()
    with tarfile.open(path, "r:gz") as t:
        for m in t.getmembers():
            top, _, rest = m.name.partition("/")
            tops.add(top)
            if m.isdir() or not rest:
                continue
            names.append(rest)
    return names, tops


def wheel_metadata(path):
    """The METADATA text of a wheel."""
    with zipfile.ZipFile(path) as z:
        name = [n for n in z.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1]
        return z.read(name[0]).decode("utf-8") if len(name) == 1 else ""


def sdist_metadata(path):
    """The PKG-INFO text of an sdist."""
    with tarfile.open(path, "r:gz") as t:
        for m in t.getmembers():
            if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"):
                return t.extractfile(m).read().decode("utf-8")
    return ""


def metadata_fields(text, ignore=("Metadata-Version",)):
    """The fields of a metadata text as {lower-case name: [values...]} plus
    the body under "description"; fields in `ignore` left out."""
    msg = email.parser.Parser().parsestr(text)
    skip = {f.lower() for f in ignore}
    fields = {}
    for key, value in msg.items():
        if key.lower() in skip:
            continue
        fields.setdefault(key.lower(), []).append(value)
    body = msg.get_payload()
    if body:
        fields["description"] = [body.rstrip("\n")]
    return fields


def compare_lists(ref, ours, chk, what):
    """Checks that two member lists hold the same names (order aside)."""
    a, b = set(ref), set(ours)
    chk.check(a == b, f"{what}: only in reference {sorted(a - b)}, only in slipway {sorted(b - a)}")
    chk.check(len(ours) == len(b), f"{what}: duplicate names in slipway's artifact: {ours}")


def compare_metadata(ref_text, our_text, chk, what, ignore=("Metadata-Version",)):
    """Checks that two metadata texts have the same fields and values."""
    a, b = metadata_fields(ref_text, ignore), metadata_fields(our_text, ignore)
    for key in sorted(set(a) | set(b)):
        chk.check(a.get(key) == b.get(key),
                  f"{what}: field {key}: reference {a.get(key)} slipway {b.get(key)}")


def compare_artifacts(ref, ours, chk, label, ignore=("Metadata-Version",), fields=None):
    """Compares both artifacts' file names, member lists and metadata; the
    metadata with `fields(ref_text, our_text, chk, what)` if given, else
    with compare_metadata() ignoring the fields of `ignore`."""
    (rs, rw), (os_, ow) = ref, ours
    if not chk.check(None not in (rs, rw, os_, ow), f"{label}: an artifact is missing"):
        return
    chk.check(os.path.basename(rs) == os.path.basename(os_),
              f"{label}: sdist name {os.path.basename(rs)} vs {os.path.basename(os_)}")
    chk.check(os.path.basename(rw) == os.path.basename(ow),
              f"{label}: wheel name {os.path.basename(rw)} vs {os.path.basename(ow)}")
    compare_lists(wheel_members(rw), wheel_members(ow), chk, f"{label}: wheel members")
    (rsn, rtop), (osn, otop) = sdist_members(rs), sdist_members(os_)
    chk.check(rtop == otop, f"{label}: sdist top folder {rtop} vs {otop}")
    compare_lists(rsn, osn, chk, f"{label}: sdist members")
    if fields is None:
        def fields(a, b, c, what):
            compare_metadata(a, b, c, what, ignore)
    fields(wheel_metadata(rw), wheel_metadata(ow), chk, f"{label}: METADATA")
    fields(sdist_metadata(rs), sdist_metadata(os_), chk, f"{label}: PKG-INFO")


def pip_install_and_run(wheel, work, chk, label, imports=(), scripts=()):
    """Makes a fresh venv (no network), installs `wheel` with pip, imports
    each module of `imports` and runs each (script, args, expected stdout
    substring) of `scripts`."""
    venv = os.path.join(work, "venv-" + label.replace("/", "_"))
    r = subprocess.run([PYTHON, "-m", "venv", "--without-pip", venv], capture_output=True,
                       text=True)
    if not chk.check(r.returncode == 0, f"{label}: venv: {r.stderr}"):
        return
    vpy = os.path.join(venv, "bin", "python")
    site = subprocess.run([vpy, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True).stdout.strip()
    # pip of the reference tools installs into the venv's interpreter.
    r = subprocess.run([PYTHON, "-m", "pip", "--python", vpy, "install", "--no-index",
                        "--no-deps", "--no-compile", wheel],
                       capture_output=True, text=True, env=reference_env(), timeout=300)
    if not chk.check(r.returncode == 0, f"{label}: pip install: {r.stdout}{r.stderr}"):
        return
    chk.check(os.path.isdir(site), f"{label}: venv site-packages {site}")
    for module in imports:
        r = subprocess.run([vpy, "-c", f"import {module}"], capture_output=True, text=True)
        chk.check(r.returncode == 0, f"{label}: import {module}: {r.stderr}")
    for script, args, expect in scripts:
        exe = os.path.join(venv, "bin", script)
        r = subprocess.run([exe, *args], capture_output=True, text=True)
        chk.check(r.returncode == 0 and expect in r.stdout,
                  f"{label}: {script} {args}: rc {r.returncode} out {r.stdout!r} err {r.stderr!r}")


__all__ = ["Checker", "build_both", "build_reference", "build_slipway", "compare_artifacts",
           "compare_lists", "compare_metadata", "copy_project", "die", "metadata_fields",
           "pip_install_and_run", "reference_env", "sdist_members", "sdist_metadata",
           "wheel_members", "wheel_metadata"]
