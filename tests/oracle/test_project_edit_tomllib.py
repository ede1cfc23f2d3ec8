"""Differential test of `slipway project` edits against tomllib and
packaging 25.0 (the newest reference tools; the test FAILS if they are
missing).

Starting from tests/data/project_edit/sample.toml, each step runs one
`slipway project` command on a copy of the file, then:
 - tomllib (Python's own TOML parser) reads the new file, and the data
   must equal the old data with exactly the intended change, computed here
   in Python from the operation's meaning;
 - every requirement in the file must still parse with packaging, and a
   requirement array that was sorted by canonical name must still be;
 - only the lines the change concerns differ: every other line of the old
   text is still there, byte for byte, in order (difflib);
 - a refused step must exit 1 and leave the file byte for byte unchanged.
"""

import copy
import difflib
import os
import shutil
import subprocess
import tempfile

from oracle_env import (SLIPWAY, check, finish, require_slipway, require_version,
                        use_reference_tools)

DATA = os.environ.get("SW_TEST_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                   "..", "data"))
use_reference_tools("packaging")
import packaging  # noqa: E402

require_version(packaging, "25.0")
require_slipway()
from packaging.requirements import Requirement  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402
import tomllib  # noqa: E402


def name_of(req):
    return canonicalize_name(Requirement(req).name)


def add_req(lst, req):
    """The meaning of add-dep: replace the same name in place, else insert
    sorted if sorted by canonical name, else append."""
    lst = list(lst)
    names = [name_of(r) if isinstance(r, str) else None for r in lst]
    new = name_of(req)
    if new in names:
        lst[names.index(new)] = req
        return lst
    if None not in names and names == sorted(names):
        pos = next((i for i, n in enumerate(names) if new < n), len(lst))
        lst.insert(pos, req)
    else:
        lst.append(req)
    return lst


def remove_req(lst, name):
    names = [name_of(r) if isinstance(r, str) else None for r in lst]
    i = names.index(canonicalize_name(name))
    return lst[:i] + lst[i + 1:]


def add_sorted(lst, s):
    if lst == sorted(lst, key=str.lower):
        pos = next((i for i, x in enumerate(lst) if s.lower() < x.lower()), len(lst))
        return lst[:pos] + [s] + lst[pos:]
    return lst + [s]


def p(d):
    return d["project"]


def ex(d):
    return d["project"].setdefault("optional-dependencies", {})


def grp(d):
    return d.setdefault("dependency-groups", {})


# (command args, function changing the expected data in place)
STEPS = [
    (["add-dep", "boto3>=1.34"],
     lambda d: p(d).__setitem__("dependencies", add_req(p(d)["dependencies"], "boto3>=1.34"))),
    (["add-dep", "CLICK>=8.2"],
     lambda d: p(d).__setitem__("dependencies", add_req(p(d)["dependencies"], "CLICK>=8.2"))),
    (["add-dep", "zope.interface"],
     lambda d: p(d).__setitem__("dependencies", add_req(p(d)["dependencies"], "zope.interface"))),
    (["remove-dep", "Attrs"],
     lambda d: p(d).__setitem__("dependencies", remove_req(p(d)["dependencies"], "attrs"))),
    (["add-dep", "hypothesis", "--extra", "test"],
     lambda d: ex(d).__setitem__("test", add_req(ex(d)["test"], "hypothesis"))),
    (["add-dep", "sphinx>=7", "--extra", "docs"],
     lambda d: ex(d).__setitem__("docs", ["sphinx>=7"])),
    (["add-dep", "mypy", "--group", "dev"],
     lambda d: grp(d).__setitem__("dev", add_req(grp(d)["dev"], "mypy"))),
    (["add-dep", "nox", "--group", "ci"], lambda d: grp(d).__setitem__("ci", ["nox"])),
    (["remove-dep", "pytest", "--group", "test"], lambda d: grp(d).__setitem__("test", [])),
    (["add-classifier", "Typing :: Typed"],
     lambda d: p(d).__setitem__("classifiers", add_sorted(p(d)["classifiers"], "Typing :: Typed"))),
    (["remove-classifier", "Operating System :: OS Independent"],
     lambda d: p(d)["classifiers"].remove("Operating System :: OS Independent")),
    (["add-keyword", "tool"], lambda d: p(d)["keywords"].append("tool")),
    (["add-url", "Source", "https://example.org/src"],
     lambda d: p(d)["urls"].__setitem__("Source", "https://example.org/src")),
    (["add-url", "Homepage", "https://example.com"],
     lambda d: p(d)["urls"].__setitem__("Homepage", "https://example.com")),
    (["add-script", "sample-gui", "sample_app.gui:main", "--gui"],
     lambda d: p(d).__setitem__("gui-scripts", {"sample-gui": "sample_app.gui:main"})),
    (["remove-script", "sample"], lambda d: p(d)["scripts"].pop("sample")),
    (["add-author", "Grace Hopper <grace@example.org>"],
     lambda d: p(d)["authors"].append({"name": "Grace Hopper", "email": "grace@example.org"})),
    (["add-maintainer", "ops@example.org"],
     lambda d: p(d).__setitem__("maintainers", [{"email": "ops@example.org"}])),
    (["remove-author", "ada@example.org"], lambda d: p(d)["authors"].pop(0)),
    (["set", "description", "A better \"sample\" application."],
     lambda d: p(d).__setitem__("description", "A better \"sample\" application.")),
    (["set", "license", "apache-2.0 or mit"],
     lambda d: p(d).__setitem__("license", "Apache-2.0 OR MIT")),
    (["set", "keywords", "a", "b"], lambda d: p(d).__setitem__("keywords", ["a", "b"])),
    (["set", "--toml", "readme", '{file = "README.md", content-type = "text/markdown"}'],
     lambda d: p(d).__setitem__("readme", {"file": "README.md",
                                          "content-type": "text/markdown"})),
    (["unset", "requires-python"], lambda d: p(d).pop("requires-python")),
    (["set", "requires-python", ">=3.10"],
     lambda d: p(d).__setitem__("requires-python", ">=3.10")),
    (["set", "version", "2.2.0rc1"], lambda d: p(d).__setitem__("version", "2.2.0rc1")),
]

# Refused: exit 1, file unchanged.
REFUSED = [
    ["add-dep", "requests>="],
    ["add-dep", "x", "--extra", "not a name"],
    ["remove-dep", "numpy"],
    ["add-classifier", "Programming Language :: Cobol :: 99"],
    ["add-keyword", "a"],
    ["add-url", "Docs", "docs.example.org"],
    ["add-script", "x", "no-colon"],
    ["add-author", "Bad, Name <x@y>"],
    ["set", "version", "one"],
    ["set", "name", "_x_"],
    ["set", "license", "Not-A-License-Id"],
    ["set", "--toml", "dependencies", "42"],
    ["unset", "name"],
    ["unset", "entry-points"],
]


def run(path, args):
    return subprocess.run([SLIPWAY, "project"] + args + ["--file", path],
                          capture_output=True, text=True)


def requirements_ok(data, label):
    arrays = [data["project"].get("dependencies", [])]
    arrays += list(data["project"].get("optional-dependencies", {}).values())
    arrays += list(data.get("dependency-groups", {}).values())
    for arr in arrays:
        for r in arr:
            if isinstance(r, str):
                try:
                    Requirement(r)
                except Exception as e:  # noqa: BLE001
                    check(False, f"{label}: packaging refuses {r!r}: {e}")


def untouched_lines_kept(old, new, label):
    """Every old line is kept except those in the replaced/deleted blocks,
    and those blocks are small (one edit)."""
    sm = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    changed = sum(i2 - i1 for tag, i1, i2, _, _ in sm.get_opcodes() if tag in ("replace", "delete"))
    check(changed <= 4, f"{label}: {changed} old lines changed")


with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "pyproject.toml")
    shutil.copy(os.path.join(DATA, "project_edit", "sample.toml"), path)
    shutil.copy(path, os.path.join(tmp, "README.md"))
    for args, change in STEPS:
        label = " ".join(args)
        with open(path, encoding="utf-8") as f:
            old = f.read()
        want = copy.deepcopy(tomllib.loads(old))
        change(want)
        r = run(path, args)
        check(r.returncode == 0, f"{label}: exit {r.returncode}: {r.stderr}")
        with open(path, encoding="utf-8") as f:
            new = f.read()
        try:
            got = tomllib.loads(new)
        except tomllib.TOMLDecodeError as e:
            check(False, f"{label}: tomllib refuses the result: {e}")
            continue
        check(got == want, f"{label}: data differs\n got: {got}\nwant: {want}")
        requirements_ok(got, label)
        untouched_lines_kept(old, new, label)
        check(new.endswith("[tool.ruff]\nline-length = 100  # keep\n"),
              f"{label}: [tool] section changed")
    for args in REFUSED:
        label = " ".join(args)
        with open(path, "rb") as f:
            old = f.read()
        r = run(path, args)
        check(r.returncode == 1 and r.stderr.strip(), f"{label}: exit {r.returncode}, wanted 1")
        with open(path, "rb") as f:
            check(f.read() == old, f"{label}: a refused edit changed the file")

finish()
