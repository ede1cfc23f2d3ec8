#!/usr/bin/python3
"""oracle/test_toml_cli.py — `slipway toml` from the outside, checked with tomllib.

  * get / emit / to-json / set on small files: output, exit status (0, 1 for
    a failure, 2 for a wrong command line) and messages;
  * set on every corpus pyproject file: after a series of edits, tomllib
    must read exactly the original values plus the edits, and the file
    must keep every original line but the one replaced (only the bytes
    that must change do), with the file's own newline style.
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

from oracle_env import SLIPWAY, die, use_reference_tools  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("SW_TEST_DATA") or os.path.join(HERE, "..", "data")

use_reference_tools("packaging")
import packaging  # noqa: E402
import tomllib  # noqa: E402

if int(packaging.__version__.split(".")[0]) < 25:
    die("packaging %s is older than 25.0" % packaging.__version__)

TMP = tempfile.mkdtemp(prefix="sw-toml-cli-")
passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL: %s %s" % (what, detail))


def run(*args):
    r = subprocess.run([SLIPWAY, *args], capture_output=True, timeout=60)
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "wb") as f:
        f.write(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_get():
    path = write("get.toml", 'name = "a\\tb é"\nn = 0xff\nf = 1e3\nd = 1979-05-27\n'
                 'arr = [1, 2]\n[tool.x]\nk = 1 # c\n[tool.x.sub]\nz = true\n')
    cases = [
        ("name", 0, "a\tb é\n"),
        ("n", 0, "0xff\n"),
        ("f", 0, "1e3\n"),
        ("d", 0, "1979-05-27\n"),
        ("arr", 0, "[1, 2]\n"),
        ("tool.x", 0, "[tool.x]\nk = 1 # c\n[tool.x.sub]\nz = true\n"),
        ("tool . 'x' . \"sub\".z", 0, "true\n"),
    ]
    for key, rc_want, out_want in cases:
        rc, out, err = run("toml", "get", path, key)
        check(rc == rc_want and out == out_want, "get %s" % key, "-> %d %r %r" % (rc, out, err))
    rc, out, err = run("toml", "get", path, "tool.missing")
    check(rc == 1 and out == "" and "no key tool.missing" in err, "get missing", err)
    rc, out, err = run("toml", "get", path, "tool..x")
    check(rc == 2 and "bad key path" in err, "get bad path", err)
    rc, out, err = run("toml", "get", os.path.join(TMP, "absent.toml"), "a")
    check(rc == 1 and "absent.toml" in err, "get absent file", err)


def test_errors_and_usage():
    bad = write("bad.toml", "a = 1\nb = [1,\n  2\nc = 3\n")
    for sub in ("emit", "to-json"):
        rc, out, err = run("toml", sub, bad)
        check(rc == 1 and out == "" and err.startswith(bad + ":4:1: "), "%s invalid" % sub, err)
    big = write("deep.toml", "a = " + "[" * 300 + "]" * 300 + "\n")
    rc, out, err = run("toml", "to-json", big)
    check(rc == 1 and "nesting deeper than 256 levels" in err, "to-json too deep", err)
    ok = write("ok.toml", "a = 1\n")
    for args in (["toml"], ["toml", "frobnicate", ok], ["toml", "get", ok],
                 ["toml", "set", ok, "a"], ["toml", "emit"], ["toml", "to-json", ok, ok]):
        rc, out, err = run(*args)
        check(rc == 2 and "usage: slipway toml" in err, "usage %s" % args[1:], err)
    rc, out, err = run("help", "toml")
    check(rc == 0 and all(s in out for s in ("get FILE KEY.PATH", "set FILE KEY.PATH VALUE",
                                             "emit FILE", "to-json FILE", "Exit status")),
          "help toml", out)
    rc, out2, err = run("toml", "--help")
    check(rc == 0 and out2 == out, "toml --help")


def test_set_small():
    path = write("set.toml", "# top\n[project]\nname = \"x\"  # the name\n")
    os.chmod(path, 0o640)
    steps = [
        (("project.name", '"y"'), "# top\n[project]\nname = \"y\"  # the name\n"),
        (("project.version", '"1.0"'), "# top\n[project]\nname = \"y\"  # the name\n"
                                       "version = \"1.0\"\n"),
        (("tool.x.list", '["a", "b"]'), "# top\n[project]\nname = \"y\"  # the name\n"
                                        "version = \"1.0\"\n\n[tool.x]\nlist = [\"a\", \"b\"]\n"),
    ]
    for (key, value), want in steps:
        rc, out, err = run("toml", "set", path, key, value)
        got = read(path).decode()
        check(rc == 0 and got == want, "set %s" % key, "-> %d %r\n%r" % (rc, err, got))
    check(os.stat(path).st_mode & 0o777 == 0o640, "set keeps the file mode")
    before = read(path)
    for key, value, what in (("project.name", "01", "value:1:1: leading zeros"),
                             ("project", "1", "table"),
                             ("project.name.x", "1", "string")):
        rc, out, err = run("toml", "set", path, key, value)
        check(rc == 1 and what in err and read(path) == before, "set refused: %s" % what, err)
    rc, out, err = run("toml", "set", path, "a..b", "1")
    check(rc == 2 and read(path) == before, "set bad path", err)
    leftovers = [f for f in os.listdir(TMP) if f.startswith("set.toml") and f != "set.toml"]
    check(not leftovers, "set leaves no temporary files", leftovers)


EDITS = [
    ("project.version", '"9.9.9"', ("project", "version"), "9.9.9"),
    ("tool.slipway-test.answer", "42", ("tool", "slipway-test", "answer"), 42),
    ("tool.slipway-test.list", '["a", "b"]', ("tool", "slipway-test", "list"), ["a", "b"]),
    ("project.urls.\"Slipway Docs\"", '"https://x"', ("project", "urls", "Slipway Docs"),
     "https://x"),
]


def same(a, b):
    """Equality where nan equals nan, types must match, key order does not."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return set(a) == set(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and a != a:
        return b != b
    return a == b


def expected_after(doc):
    for _, _, keys, value in EDITS:
        d = doc
        for k in keys[:-1]:
            d = d.setdefault(k, {})
        d[keys[-1]] = value
    return doc


def test_set_corpus():
    src_dir = os.path.join(DATA, "toml")
    files = sorted(f for f in os.listdir(src_dir) if f.endswith(".toml"))
    for f in files:
        path = os.path.join(TMP, "corpus-" + f)
        shutil.copy(os.path.join(src_dir, f), path)
        original = read(path)
        ok = True
        for key, value, _, _ in EDITS:
            rc, out, err = run("toml", "set", path, key, value)
            if rc != 0:
                check(False, "%s: set %s" % (f, key), err)
                ok = False
        if not ok:
            continue
        edited = read(path)
        try:
            got = tomllib.loads(edited.decode())
        except Exception as e:  # noqa: BLE001
            check(False, "%s: tomllib cannot read the edited file" % f, e)
            continue
        want = expected_after(tomllib.loads(original.decode()))
        check(same(got, want), "%s: values after set" % f, "\n%r\n%r" % (got, want))
        # every original line is still there, but at most the version line
        old = [line.rstrip(b"\r\n") for line in original.splitlines(True)]
        new = [line.rstrip(b"\r\n") for line in edited.splitlines(True)]
        sm = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        removed = [old[i] for tag, i1, i2, _, _ in sm.get_opcodes() if tag in ("replace", "delete")
                   for i in range(i1, i2)]
        check(len(removed) <= 1 and all(b"version" in r for r in removed),
              "%s: only the version line changes" % f, removed)
        crlf = b"\r\n" in original
        check(not crlf or edited.count(b"\n") == edited.count(b"\r\n"),
              "%s: keeps CRLF newlines" % f)


def main():
    if not SLIPWAY:
        print("FAIL: SLIPWAY is not set")
        return 1
    test_get()
    test_errors_and_usage()
    test_set_small()
    test_set_corpus()
    shutil.rmtree(TMP, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
