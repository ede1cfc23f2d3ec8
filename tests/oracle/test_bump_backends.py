"""Differential test of version-site discovery against the build backends
themselves (hatchling 1.27, setuptools 78, flit_core 3.12 from the newest
reference tools).

For every sample project of tests/data/bump that one of those backends
builds, in a fresh copy:

  * the backend's own answer -- the Version field of the METADATA that
    prepare_metadata_for_build_wheel writes (called through
    pyproject_hooks) -- must equal, as a PEP 440 version, the current
    version `slipway version --json` reports as the source of truth;
  * after `slipway version --bump minor`, the backend must read the new
    version, so the site slipway wrote is the one the backend reads;
  * the bytes of every file differ from the original only inside the
    version literals slipway listed.

The first 20 disagreements are shown.
"""

import email.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

from oracle_env import SITE, SLIPWAY, die, require_slipway, use_reference_tools  # noqa: E402

use_reference_tools("packaging", "pyproject_hooks", "hatchling", "flit_core", "setuptools")
from packaging.version import Version  # noqa: E402

DATA = os.environ.get("SW_TEST_DATA") or os.path.join(os.path.dirname(__file__), "..", "data")
SAMPLES = ["static", "hatch_path", "setuptools_attr", "setuptools_file", "setuptools_import",
           "flit", "flit_import"]
HOOK = """
import os, sys
from pyproject_hooks import BuildBackendHookCaller
import tomllib
src, out = sys.argv[1], sys.argv[2]
with open(os.path.join(src, "pyproject.toml"), "rb") as f:
    backend = tomllib.load(f)["build-system"]["build-backend"]
caller = BuildBackendHookCaller(src, backend, python_executable=sys.executable)
print(caller.prepare_metadata_for_build_wheel(out))
"""

problems = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        problems.append(what)


def backend_version(folder, work):
    """The version the backend puts in METADATA, or None."""
    out = tempfile.mkdtemp(dir=work)
    env = dict(os.environ, PYTHONPATH=SITE, PIP_NO_INDEX="1")
    r = subprocess.run(["/usr/bin/python3", "-c", HOOK, folder, out], capture_output=True,
                       text=True, env=env, timeout=300)
    if r.returncode != 0:
        check(False, f"{folder}: backend failed: {r.stderr[-1500:]}")
        return None
    with open(os.path.join(out, r.stdout.strip().splitlines()[-1], "METADATA")) as f:
        return email.parser.Parser().parse(f)["Version"]


def slipway_json(*args):
    r = subprocess.run([SLIPWAY, "version", *args, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        die(f"slipway version {args}: {r.stderr}")
    return json.loads(r.stdout)


def snapshot(folder):
    files = {}
    for root, _, names in os.walk(folder):
        for n in names:
            p = os.path.join(root, n)
            with open(p, "rb") as f:
                files[os.path.relpath(p, folder)] = f.read()
    return files


def only_literals_changed(before, after, sites, new, label):
    """Every file equals its old bytes with the listed literals replaced."""
    for path, old in before.items():
        want = old
        lines = want.split(b"\n")
        for s in sorted((s for s in sites if s["path"] == path), key=lambda s: -s["col"]):
            i, c = s["line"] - 1, s["col"] - 1
            line = lines[i]
            check(line[c:c + len(s["value"])] == s["value"].encode(),
                  f"{label}: {path}:{s['line']}:{s['col']} does not hold {s['value']}")
            lines[i] = line[:c] + new.encode() + line[c + len(s["value"]):]
        want = b"\n".join(lines)
        check(after.get(path) == want, f"{label}: {path} changed outside the version literal")


def run_sample(name, work):
    folder = os.path.join(work, name)
    shutil.copytree(os.path.join(DATA, "bump", name), folder)
    info = slipway_json(folder)
    ref = backend_version(folder, work)
    check(ref is not None and info["version"] is not None
          and Version(ref) == Version(info["version"]),
          f"{name}: backend reads {ref}, slipway says {info['version']}")
    before = snapshot(folder)
    bumped = slipway_json(folder, "--bump", "minor", "--no-index-check")
    new = bumped["new_version"]
    after = snapshot(folder)
    only_literals_changed(before, after, info["sites"], new, name)
    ref2 = backend_version(folder, work)
    check(ref2 is not None and Version(ref2) == Version(new),
          f"{name}: after the bump the backend reads {ref2}, slipway wrote {new}")


def main():
    require_slipway()
    with tempfile.TemporaryDirectory() as work:
        for name in SAMPLES:
            run_sample(name, work)
    for p in problems[:20]:
        print("FAIL:", p)
    print(f"{checks - len(problems)} passed, {len(problems)} failed")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
