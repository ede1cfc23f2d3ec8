"""Oracle test of slipway's native build of hatchling projects.

Each sample under tests/data/build/hatch_* (src and flat layouts, package
data, a namespace package chosen with `packages`, a single module with a
version read from it, include/exclude/force-include/sources, .gitignore
negation and skip-excluded-dirs, scripts, gui-scripts, entry points,
extras, license files by default globs and by license-files) is copied to
a fresh folder, given the files its .gitignore must leave out (they cannot
live in this repository, whose git would ignore them too), and built twice:
by `slipway build --native` and by hatchling 1.27 through
`/usr/bin/python3 -m build --no-isolation` (the newest reference tools,
under $SW_ORACLE_PREFIX; the test FAILS if they are missing).

Checked: the same artifact file names, the same member lists in the wheel
and in the sdist, the same METADATA and PKG-INFO fields (Metadata-Version
included), that each RECORD row matches the bytes of its member, and that
pip installs slipway's wheel into a fresh venv where the package imports
and its console script prints what it should.
"""
import base64
import csv
import hashlib
import io
import os
import sys
import tempfile
import zipfile

from build_oracle import (Checker, build_both, compare_artifacts, pip_install_and_run,
                          reference_env)
from oracle_env import die

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "build")

# sample: (imports, [(script, args, expected output)])
SAMPLES = {
    "hatch_src": (["demo_tool", "demo_tool.sub"], [("demo-tool", [], "demo-tool says hello")]),
    "hatch_flat": (["flat_pkg", "flat_pkg.plugins"], [("flat-hello", [], "flat says hi")]),
    "hatch_namespace": (["acme.widgets", "acme.gadgets"], [("acme-widgets", [], "widgets run")]),
    "hatch_module": (["hatch_module"], [("hatch-module", [], "module main 0.9.1")]),
    "hatch_select": (["incl_pkg.main"], [("incl-pkg", [], "incl 42")]),
    "hatch_vcs": (["vcs_demo"], [("vcs-demo", [], "vcs ok")]),
}

# Files each sample's .gitignore must keep out (made at test time).
IGNORED = {
    "hatch_src": ["debug.log", "secret.txt", "build/out.txt", "src/demo_tool/trace.log",
                  "src/demo_tool/__pycache__/cli.cpython-311.pyc", "dist/old-0.1.tar.gz"],
    "hatch_flat": ["flat_pkg/plugins.pyc", ".venv/bin/python", ".DS_Store"],
    "hatch_vcs": ["notes/todo.txt", "notes/keep/important.txt", "vcs_demo/gen/junk.py",
                  "local_settings.py", "vcs_demo/cache/blob.bin", "run.log"],
    "hatch_select": ["lib/incl_pkg/.mypy_cache/x.json"],
}


def add_ignored(folder, sample):
    for rel in IGNORED.get(sample, []):
        path = os.path.join(folder, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("should not ship\n")


def check_record(chk, wheel, label):
    """Every RECORD row's digest and size match the member's bytes."""
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        rec = [n for n in names if n.endswith(".dist-info/RECORD")]
        if not chk.check(len(rec) == 1 and names[-1] == rec[0], f"{label}: RECORD last"):
            return
        rows = list(csv.reader(io.StringIO(z.read(rec[0]).decode())))
        chk.check(sorted(r[0] for r in rows) == sorted(names), f"{label}: RECORD lists all")
        for path, digest, size in rows:
            if path == rec[0]:
                chk.check(digest == "" and size == "", f"{label}: RECORD's own row")
                continue
            data = z.read(path)
            want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            chk.check(digest == "sha256=" + want.decode() and size == str(len(data)),
                      f"{label}: RECORD row of {path}")


def main():
    env = reference_env()
    sys.path.insert(0, env["PYTHONPATH"])
    import hatchling  # noqa: F401 - the reference must be the unpacked one
    import packaging
    if packaging.__version__ != "25.0":
        die(f"packaging {packaging.__version__}, wanted 25.0")
    from importlib.metadata import version
    chk = Checker()
    with tempfile.TemporaryDirectory() as top:
        for sample, (imports, scripts) in SAMPLES.items():
            src = os.path.join(DATA, sample)
            if not chk.check(os.path.isdir(src), f"{sample}: sample missing"):
                continue
            work = os.path.join(top, sample)
            os.makedirs(work)
            staged = os.path.join(work, "staged", sample)
            import shutil
            shutil.copytree(src, staged)
            add_ignored(staged, sample)
            ref, ours = build_both(staged, work, chk, sample)
            compare_artifacts(ref, ours, chk, sample, ignore=())
            if ours[1] is None:
                continue
            check_record(chk, ours[1], sample)
            pip_install_and_run(ours[1], work, chk, sample, imports, scripts)
    print(f"reference: hatchling {version('hatchling')}")
    chk.finish()


main()
