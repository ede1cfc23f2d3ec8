"""The contract of `slipway check --project`: output formats and exit codes.

Checks, on projects written to a temporary folder and on the corpus of
tests/data/project/corpus: exit 0 without errors (warnings allowed), 1 with
errors, 2 for a wrong command line; each text diagnostic is
"FILE:LINE:COL: SEVERITY[CODE]: message" followed by "  hint: ...", then a
summary line that counts them; --json prints one JSON array with the same
diagnostics; the default PATH is the current folder; --no-fs drops the file
checks; a missing pyproject.toml is an error; text that is not TOML is
reported at the line:col where tomllib (the Python reference parser) also
stops; --codes lists the table; --license checks expressions.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import tomllib

from oracle_env import SLIPWAY, die, require_slipway  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("SW_TEST_DATA", os.path.join(os.path.dirname(HERE), "data"))
CORPUS = os.path.join(DATA, "project", "corpus")
LINE = re.compile(r"^(.+):(\d+):(\d+): (error|warning|info)\[([a-z0-9.-]+)\]: (.+)$")
SUMMARY = re.compile(r"^(.+): (\d+) errors?, (\d+) warnings?, (\d+) notes?$")

failures = []
passes = [0]


def check(cond, what):
    if cond:
        passes[0] += 1
    else:
        failures.append(what)
        print("FAIL " + what)


def run(*args, cwd=None, stdin=None):
    r = subprocess.run([SLIPWAY, "check", *args], capture_output=True, text=True, cwd=cwd,
                       input=stdin, timeout=60)
    return r.returncode, r.stdout, r.stderr


def parse_text(out):
    """The diagnostics of the text format, and the summary counts."""
    lines = out.rstrip("\n").split("\n")
    diags, i = [], 0
    while i < len(lines) - 1:
        m = LINE.match(lines[i])
        if not m or not lines[i + 1].startswith("  hint: "):
            return None, None
        diags.append((m.group(1), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5),
                      m.group(6)))
        i += 2
    last = lines[-1]
    m = SUMMARY.match(last)
    if m:
        return diags, (int(m.group(2)), int(m.group(3)), int(m.group(4)))
    if last.endswith(": no problems found"):
        return diags, (0, 0, 0)
    return None, None


def corpus_formats():
    """Text and JSON agree and are well formed on every corpus file."""
    files = sorted(glob.glob(os.path.join(CORPUS, "*.toml")))
    check(len(files) >= 60, "corpus present")
    for path in files:
        rc, out, err = run(path)
        diags, counts = parse_text(out)
        check(diags is not None, f"{path}: text format: {out!r}")
        if diags is None:
            continue
        rcj, outj, _ = run("--json", path)
        items = json.loads(outj)
        check(isinstance(items, list), f"{path}: JSON is an array")
        check(rc == rcj and rc in (0, 1), f"{path}: exit {rc} / {rcj}")
        errors = sum(1 for d in diags if d[3] == "error")
        check(rc == (1 if errors else 0), f"{path}: exit {rc} with {errors} errors")
        check(counts == (errors, sum(1 for d in diags if d[3] == "warning"),
                         sum(1 for d in diags if d[3] == "info")), f"{path}: summary {counts}")
        check(len(items) == len(diags), f"{path}: {len(items)} JSON vs {len(diags)} text")
        for d, j in zip(diags, items):
            check(set(j) == {"code", "severity", "file", "line", "col", "message", "hint"},
                  f"{path}: JSON keys {sorted(j)}")
            check((j["file"], j["line"], j["col"], j["severity"], j["code"], j["message"]) == d,
                  f"{path}: JSON {j} vs text {d}")
            check(j["file"] == path, f"{path}: file named {j['file']}")
        lines = [(d[1], d[2]) for d in diags]
        check(lines == sorted(lines), f"{path}: diagnostics in file order")


def syntax_positions():
    """A syntax error is reported where tomllib stops too."""
    for name in ("bad_toml_syntax.toml", "bad_toml_duplicate_key.toml"):
        path = os.path.join(CORPUS, name)
        with open(path, "rb") as f:
            text = f.read().decode()
        try:
            tomllib.loads(text)
            check(False, f"{name} parses with tomllib")
            continue
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
            ref_line = int(m.group(1))
        _, out, _ = run("--json", path)
        items = json.loads(out)
        check([d["code"] for d in items] == ["toml.syntax"], f"{name}: {items}")
        check(items and items[0]["line"] == ref_line,
              f"{name}: line {items and items[0]['line']}, tomllib {ref_line}")


def folders():
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good")
        os.makedirs(os.path.join(good, "src", "good_pkg"))
        with open(os.path.join(good, "README.md"), "w") as f:
            f.write("# Good\n")
        with open(os.path.join(good, "pyproject.toml"), "w") as f:
            f.write('[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n'
                    '[project]\nname = "good-pkg"\nversion = "1.0"\ndescription = "Good"\n'
                    'readme = "README.md"\nrequires-python = ">=3.9"\nlicense = "MIT"\n')
        rc, out, err = run(cwd=good)
        check(rc == 0 and out == "pyproject.toml: no problems found\n",
              f"default path: {rc} {out!r} {err!r}")
        rc, out, _ = run("--project", good)
        check(rc == 0 and out.startswith(good), f"folder path: {rc} {out!r}")
        os.remove(os.path.join(good, "README.md"))
        rc, out, _ = run(good)
        check(rc == 1 and "error[project.readme.not-found]" in out, f"readme gone: {out!r}")
        rc, out, _ = run("--no-fs", good)
        check(rc == 0 and "not-found" not in out, f"--no-fs: {rc} {out!r}")
        with open(os.path.join(good, "pyproject.toml"), "a") as f:
            f.write('dependencies = ["requests==2.31.0"]\n')
        rc, out, _ = run("--no-fs", good)
        check(rc == 0 and "warning[requirement.pinned]" in out and "0 errors, 1 warning, 0 notes"
              in out, f"warnings only: {rc} {out!r}")
        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        rc, out, err = run(empty)
        check(rc == 1 and out == "" and "pyproject.toml: no such file" in err,
              f"missing file: {rc} {out!r} {err!r}")


def usage():
    for args in (["--bogus"], ["a", "b"], ["dist/demo-1.0-py3-none-any.whl"],
                 ["--today", "2025-02-30"], ["--today"], ["--license"]):
        rc, out, err = run(*args)
        check(rc == 2 and "usage: slipway check" in err and out == "", f"usage {args}: {rc}")


def codes_and_licenses():
    rc, out, _ = run("--codes", "--json")
    rules = json.loads(out)
    check(rc == 0 and len(rules) >= 60, f"--codes: {rc} {len(rules)}")
    check(len({r["code"] for r in rules}) == len(rules), "codes are unique")
    check(all(r["severity"] in ("error", "warning", "info") for r in rules), "severities")
    rc, out, _ = run("--codes")
    check(rc == 0 and len(out.splitlines()) == len(rules), "--codes text")
    rc, out, _ = run("--license", "mit or apache-2.0")
    check(rc == 0 and json.loads(out)["canonical"] == "MIT OR Apache-2.0", f"--license {out!r}")
    rc, out, _ = run("--license", "-", stdin="MIT\nNope-1.0\n")
    lines = [json.loads(x) for x in out.splitlines()]
    check(rc == 1 and [x["valid"] for x in lines] == [True, False], f"--license - {out!r}")
    check(lines[1]["problem"] == "unknown-license", f"problem {lines[1]}")


def main():
    require_slipway()
    corpus_formats()
    syntax_positions()
    folders()
    usage()
    codes_and_licenses()
    print(f"{passes[0]} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
