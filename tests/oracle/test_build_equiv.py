"""Cross-backend equivalence oracle of slipway's native builder.

Every flit_* and setuptools_* sample project under tests/data/build/ (13:
src and flat layouts, single modules, a module in a namespace, namespace
packages by packages.find, classic find with include/exclude, explicit
packages/package-dir/py-modules, package data by globs and through the
manifest, exclude-package-data, external data, sdist include/exclude,
license files by default globs, by license-files and by a license table,
readmes of three kinds, extras with markers, scripts, gui-scripts, entry
points, dynamic version (flit: from the module; setuptools: attr:) and
description read from the module, a py2.py3
tag) is copied to a fresh folder and built twice: by `slipway build --native` and by its declared backend through
`/usr/bin/python3 -m build --no-isolation` with the newest reference tools on
PYTHONPATH ($SW_ORACLE_PREFIX/usr/lib/python3/dist-packages: hatchling 1.27,
flit_core 3.12, setuptools 78, build 1.2.2, packaging 25.0; the test FAILS
if they are missing or of another version).

Checked for each sample: the same sdist and wheel file names, the same
member lists in the wheel and in the sdist (folder entries of setuptools'
tar left out: they carry no content), the same METADATA and PKG-INFO fields
and values, with two normalisations: a multi-line header value (a License
text) is compared without its continuation lines' indentation and trailing
blanks, since each tool folds differently (setuptools indents by 8 spaces
and keeps the final newline, slipway by the name's length + 2); and
Requires-Dist values are compared as
packaging prints them (str(Requirement)) and as a sorted list, since the
backends spell markers differently (`; extra == "x"` vs ` ; extra == 'x'`)
and setuptools sorts each extra's requirements. For setuptools, the files it
generates in the sdist (setup.cfg and the egg-info files but PKG-INFO:
SOURCES.txt, requires.txt, entry_points.txt, top_level.txt,
dependency_links.txt, not-zip-safe) must be byte for byte the same. For the
flit and setuptools
samples, pip (of the reference tools, no index) installs slipway's wheel
into a fresh venv, the packages import and the console and GUI scripts run.

Then each case the native builder must refuse is built with `--native` and
must fail with a message naming the cause and pointing at --pep517:
setup.py, MANIFEST.in, ext-modules, a build plugin (setuptools-scm), an
old-style [tool.flit.metadata] table.

The hatch_* samples are compared the same way (and more) by
test_build_hatchling.py, which owns their set-up (files their .gitignore
must exclude). uv_build samples (uv_*) are NOT built here: uv_build is a Rust program with
no Debian package, so no reference copy exists on this machine; its rules
are checked by tests/unit/test_build_rules.c against its documentation.
"""
import os
import subprocess
import sys
import tarfile
import tempfile

from build_oracle import (PYTHON, Checker, build_both, compare_artifacts, metadata_fields,
                          pip_install_and_run, reference_env)
from oracle_env import SITE, SLIPWAY, die, require_slipway, use_reference_tools

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "build")

WANTED = {"packaging": "25.0", "hatchling": "1.27.0", "flit_core": "3.12.0",
          "setuptools": "78.", "build": "1.2.2"}

# sample: (modules to import, [(script, args, expected output)], files below the venv)
INSTALL = {
    "flit_src": (["flit_src_demo", "flit_src_demo.cli"],
                 [("flit-src-demo", [], "flit-src-demo says hello")], []),
    "flit_flat": (["flatmod"], [("flatgui", [], "flatmod gui")], []),
    "flit_extdata": (["flit_extdata", "flit_extdata.plugins"],
                     [("extdata-tool", [], "extdata-tool ok")],
                     ["share/man/man1/extdata-tool.1", "share/doc/flit_extdata/notes.txt"]),
    "flit_ns": (["acme.flitpkg"], [], []),
    "flit_py2": (["flit_py2"], [], []),
    "setuptools_src": (["st_src_demo", "st_src_demo.sub.helpers"],
                       [("st-src-demo", [], "st-src-demo ok")], []),
    "setuptools_flat": (["st_flat_data.core"], [("st-flat-gui", [], "gui")], []),
    "setuptools_ns": (["acme.widgets.button", "acme.gadgets.tool"], [], []),
    "setuptools_module": (["st_single"], [("st-single", [], "st-single ok")], []),
    "setuptools_find": (["findpkg.core.engine", "findpkg_extra"], [], []),
    "setuptools_extras": (["st_extras.plugins"], [("st-extras-gui", [], "st-extras gui")], []),
    "setuptools_dynver": (["st_dynver"], [("st-dynver", [], "st-dynver 2.3.0rc1")], []),
    "setuptools_explicit": (["explicit_pkg.impl.core", "helper_mod"],
                            [("st-explicit", [], "st-explicit ran"),
                             ("st-helper", [], "helper ok")], []),
}

PYPROJECT_ST = """[build-system]
requires = [{requires}]
build-backend = "setuptools.build_meta"

[project]
name = "refused"
version = "1.0"
{extra}
"""

# case: (files to write, words the refusal must name)
REFUSED = {
    "setup.py": ({"pyproject.toml": PYPROJECT_ST.format(requires='"setuptools"', extra=""),
                  "setup.py": "from setuptools import setup\nsetup()\n",
                  "refused/__init__.py": ""}, ["setup.py"]),
    "MANIFEST.in": ({"pyproject.toml": PYPROJECT_ST.format(requires='"setuptools"', extra=""),
                     "MANIFEST.in": "include *.txt\n", "refused/__init__.py": ""},
                    ["MANIFEST.in"]),
    "ext-modules": ({"pyproject.toml": PYPROJECT_ST.format(
        requires='"setuptools"',
        extra='[[tool.setuptools.ext-modules]]\nname = "refused._c"\nsources = ["c.c"]\n'),
        "refused/__init__.py": "", "c.c": ""}, ["ext-modules", "extension"]),
    "plugin": ({"pyproject.toml": PYPROJECT_ST.format(
        requires='"setuptools>=64", "setuptools-scm>=8"', extra=""),
        "refused/__init__.py": ""}, ["setuptools-scm", "plugin"]),
    "flit-metadata": ({"pyproject.toml": '[build-system]\nrequires = ["flit_core"]\n'
                       'build-backend = "flit_core.buildapi"\n\n[project]\nname = "refused"\n'
                       'version = "1.0"\ndescription = "x"\n\n[tool.flit.metadata]\n'
                       'module = "refused"\n', "refused/__init__.py": ""},
                      ["tool.flit.metadata"]),
}


def check_versions(chk):
    """Fails unless the reference tools are the wanted versions."""
    code = ("import importlib.metadata as m\n"
            f"for n in {sorted(WANTED)!r}: print(n, m.version(n))\n")
    r = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True,
                       env=reference_env())
    found = dict(line.split() for line in r.stdout.splitlines() if line.strip())
    for name, want in WANTED.items():
        got = found.get(name, "missing")
        if not chk.check(got.startswith(want) if want.endswith(".") else got == want,
                         f"{name} {got} under {SITE}, wanted {want}"):
            die(f"wrong reference tools: {name} {got}")


def normalised(text):
    """The fields of a metadata text with Requires-Dist normalised."""
    from packaging.requirements import Requirement
    fields = metadata_fields(text, ignore=())
    for key, values in fields.items():
        if key != "description":  # undo each tool's folding of multi-line headers
            fields[key] = ["\n".join([v.split("\n")[0]] + [line.strip() for line in
                                                           v.split("\n")[1:]]).rstrip()
                           for v in values]
    if "requires-dist" in fields:
        fields["requires-dist"] = sorted(str(Requirement(v)) for v in fields["requires-dist"])
    return fields


def compare_fields(ref_text, our_text, chk, what):
    chk.check(bool(ref_text) and bool(our_text), f"{what}: a metadata file is missing")
    a, b = normalised(ref_text), normalised(our_text)
    for key in sorted(set(a) | set(b)):
        chk.check(a.get(key) == b.get(key),
                  f"{what}: field {key}: reference {a.get(key)} slipway {b.get(key)}")


def sdist_texts(path):
    """The setuptools-generated members of an sdist (egg-info files but
    PKG-INFO, setup.cfg), by path below the top folder."""
    texts = {}
    with tarfile.open(path, "r:gz") as t:
        for m in t.getmembers():
            rest = m.name.partition("/")[2]
            if m.isfile() and (rest == "setup.cfg" or
                               (".egg-info/" in rest and not rest.endswith("/PKG-INFO"))):
                texts[rest] = t.extractfile(m).read()
    return texts


def compare_generated(sample, ref, ours, chk):
    """setuptools' generated files must be byte for byte the same."""
    if None in (ref[0], ours[0]):
        return
    a, b = sdist_texts(ref[0]), sdist_texts(ours[0])
    chk.check(sorted(a) == sorted(b), f"{sample}: generated files {sorted(a)} vs {sorted(b)}")
    for name in sorted(set(a) & set(b)):
        chk.check(a[name] == b[name], f"{sample}: {name}: reference {a[name]!r} slipway {b[name]!r}")


def install(sample, wheel, work, chk):
    imports, scripts, files = INSTALL[sample]
    pip_install_and_run(wheel, work, chk, sample, imports, scripts)
    venv = os.path.join(work, "venv-" + sample)
    for rel in files:
        chk.check(os.path.isfile(os.path.join(venv, rel)), f"{sample}: {rel} not installed")


def refusals(work, chk):
    for case, (files, words) in REFUSED.items():
        root = os.path.join(work, "refused-" + case.replace(".", "_"))
        for rel, text in files.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        r = subprocess.run([SLIPWAY, "build", "--native", "--outdir",
                            os.path.join(root, "dist"), root],
                           capture_output=True, text=True, timeout=120)
        out = r.stdout + r.stderr
        chk.check(r.returncode != 0, f"refusal {case}: slipway built it: {out}")
        chk.check(any(w in out for w in words) and "--pep517" in out,
                  f"refusal {case}: the message does not name {words} and --pep517: {out}")
        chk.check(not os.path.exists(os.path.join(root, "dist")) or
                  not os.listdir(os.path.join(root, "dist")),
                  f"refusal {case}: something was written")


def main():
    require_slipway()
    use_reference_tools("packaging", "build", "hatchling", "flit_core", "setuptools", "pip")
    chk = Checker()
    check_versions(chk)
    samples = sorted(d for d in os.listdir(DATA)
                     if d.startswith(("flit_", "setuptools_"))
                     and os.path.isfile(os.path.join(DATA, d, "pyproject.toml")))
    mine = [s for s in samples if s in INSTALL]
    chk.check(len(mine) == len(INSTALL), f"samples missing: {sorted(set(INSTALL) - set(mine))}")
    chk.check(len(samples) >= 12, f"only {len(samples)} samples: {samples}")
    with tempfile.TemporaryDirectory(prefix="sw-equiv-") as tmp:
        for sample in samples:
            work = os.path.join(tmp, sample)
            os.makedirs(work)
            ref, ours = build_both(os.path.join(DATA, sample), work, chk, sample)
            compare_artifacts(ref, ours, chk, sample, fields=compare_fields)
            if sample.startswith("setuptools_"):
                compare_generated(sample, ref, ours, chk)
            if sample in INSTALL and ours[1] is not None:
                install(sample, ours[1], work, chk)
        refusals(tmp, chk)
    print(f"{len(samples)} samples: {', '.join(samples)}")
    chk.finish()


if __name__ == "__main__":
    sys.path.insert(0, SITE)
    main()
