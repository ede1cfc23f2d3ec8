"""Differential test of slipway's [project] -> core metadata mapping
(sw_metadata_from_project, through `slipway metadata build --json`)
against the METADATA and PKG-INFO that hatchling 1.27, flit_core 3.12 and
setuptools 78 build for the sample projects of
tests/data/metadata/projects/ (the newest reference tools; the test FAILS
if they are missing). Backends left out of a project are listed with the
reason in tests/data/metadata/oracle_lib.py (NOT_SUPPORTED).

Both sides are read into fields and values the same way (packaging's
parse_email() through the documented unfolding rule for the backends,
slipway's JSON for slipway) and must agree field by field. What is set
aside, and why:
 - Metadata-Version: the backends always write 2.4; slipway writes the
   lowest version that covers the fields (SPECS.md), checked here on its own;
 - order: multi-use fields compare as sorted lists, Keywords as a sorted
   list of its items (hatchling sorts keywords and dependencies);
 - Requires-Dist: each compared as a requirement (canonical name, extras,
   specifier set, URL) and by the truth table of its marker over a grid of
   environments and extras, since every backend spells markers its own way;
 - Requires-Python: as a specifier set;
 - Description and License: trailing newlines (flit and setuptools add one;
   setuptools keeps a license file's last newline, hatchling drops it);
 - setuptools' "Dynamic: license-file", which it writes for every project
   with license files (see its _core_metadata.py).
A project no backend can build (import-names, metadata 2.5) is compared
byte for byte with expected-METADATA written beside it from the
specification.
"""

import itertools
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.environ.get("SW_TEST_DATA", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "data")), "metadata"))

import oracle_lib as lib  # noqa: E402

lib.setup()

from packaging.markers import default_environment  # noqa: E402
from packaging.requirements import Requirement  # noqa: E402
from packaging.specifiers import SpecifierSet  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402

GRID = list(itertools.product(["2.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13"],
                              ["linux", "win32"], ["x86_64", "arm64"],
                              [("cpython", "CPython"), ("pypy", "PyPy")]))


def dynamic_version(project):
    """The version a backend computes for a dynamic version: the
    __version__ of the package (what hatchling, flit and setuptools are
    configured to read in the sample)."""
    root = os.path.join(lib.PROJECTS, project)
    for dirpath, _, files in os.walk(root):
        if "__init__.py" in files:
            with open(os.path.join(dirpath, "__init__.py"), encoding="utf-8") as f:
                m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", f.read())
            if m:
                return m.group(1)
    return None


def slipway_build(project):
    args = [lib.SLIPWAY, "metadata", "build", "--json", os.path.join(lib.PROJECTS, project)]
    version = dynamic_version(project)
    if version:
        args += ["--version", version]
    proc = subprocess.run(args, capture_output=True, timeout=60)
    if proc.returncode != 0:
        return None, proc.stderr.decode("utf-8", "replace")
    return lib.slipway_view(json.loads(proc.stdout.decode("utf-8"))), None


def requirement_key(text, extras):
    req = Requirement(text)
    table = []
    for (py, plat, machine, (impl, pimpl)), extra in itertools.product(GRID, [""] + extras):
        env = default_environment()
        env.update(python_version=py, python_full_version=py + ".0", sys_platform=plat,
                   platform_machine=machine, implementation_name=impl,
                   platform_python_implementation=pimpl, extra=extra)
        table.append(req.marker.evaluate(env) if req.marker else True)
    return (canonicalize_name(req.name), tuple(sorted(canonicalize_name(e) for e in req.extras)),
            str(req.specifier), req.url, tuple(table))


def normalise(fields, backend):
    """The fields with the set-asides of the docstring applied."""
    out = {}
    extras = sorted(fields.get("provides-extra", []))
    for key, value in fields.items():
        if key == "metadata-version":
            continue
        if key == "requires-dist":
            value = sorted(requirement_key(v, extras) for v in value)
        elif key == "requires-python":
            value = sorted(str(s) for s in SpecifierSet(value))
        elif key == "keywords":
            value = sorted(k.strip() for k in value.split(","))
        elif key in ("description", "license"):
            value = value.rstrip("\n")
        elif key == "dynamic":
            value = sorted(v.lower() for v in value
                           if not (backend == "setuptools" and v.lower() == "license-file"))
            if not value:
                continue
        elif isinstance(value, list):
            value = sorted(value)
        out[key] = value
    return out


def expected_metadata_version(fields):
    if "import-name" in fields or "import-namespace" in fields:
        return "2.5"
    if "license-expression" in fields or "license-file" in fields:
        return "2.4"
    return "2.3"


def main():
    workdir = lib.tempdir()
    built = lib.build_all(workdir)
    passed = failed = 0
    compared_projects = set()

    def report(ok, what):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print("FAIL " + what)

    for project in lib.projects():
        mine, error = slipway_build(project)
        if mine is None:
            report(False, f"{project}: slipway refused it: {error}")
            continue
        report(mine.get("metadata-version") == expected_metadata_version(mine),
               f"{project}: Metadata-Version {mine.get('metadata-version')}")
        mine_norm = normalise(mine, "slipway")
        for backend in lib.BACKENDS:
            if (project, backend) not in built:
                continue
            for kind, data in built[(project, backend)].items():
                verdict, theirs = lib.reference(data)
                if verdict != "ok":
                    report(False, f"{project} {backend} {kind}: unreadable: {theirs}")
                    continue
                theirs_norm = normalise(theirs, backend)
                ok = theirs_norm == mine_norm
                if not ok:
                    keys = sorted(set(theirs_norm) | set(mine_norm))
                    diff = [f"  {k}: slipway {mine_norm.get(k)!r}\n  {' ' * len(k)}  "
                            f"{backend} {theirs_norm.get(k)!r}"
                            for k in keys if theirs_norm.get(k) != mine_norm.get(k)]
                    report(False, f"{project} {backend} {kind}:\n" + "\n".join(diff))
                else:
                    report(True, "")
                    compared_projects.add(project)
        expected = os.path.join(lib.PROJECTS, project, "expected-METADATA")
        if os.path.exists(expected):
            proc = subprocess.run([lib.SLIPWAY, "metadata", "build",
                                   os.path.join(lib.PROJECTS, project)], capture_output=True)
            with open(expected, "rb") as f:
                want = f.read()
            report(proc.stdout == want, f"{project}: not expected-METADATA:\n{proc.stdout!r}")
            compared_projects.add(project)

    missing = set(lib.projects()) - compared_projects
    if missing:
        report(False, f"projects compared with nothing: {sorted(missing)}")
    backed = {p for (p, b) in built}
    print(f"{len(lib.projects())} projects, {len(backed)} built by at least one backend, "
          f"{len(built)} project/backend pairs")
    if len(backed) < 15:
        report(False, f"only {len(backed)} projects were built by a backend (want 15)")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
