# tests/e2e/test_diff.sh — `slipway diff` on sdists and wheels written here
# by Python's tarfile/zipfile: the JSON and text reports name the members
# added, removed and changed (sha256 from Python's hashlib), the metadata
# fields and the dependency changes; usage and unreadable files exit 2 / 1.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

/usr/bin/python3 - "$tmp" <<'PY'
import io, sys, tarfile, zipfile
tmp = sys.argv[1]
def pkg_info(version, summary, reqs):
    return ("Metadata-Version: 2.1\nName: demo\nVersion: %s\nSummary: %s\n" % (version, summary)
            + "".join("Requires-Dist: %s\n" % r for r in reqs) + "\nREADME\n").encode()
def sdist(version, files):
    with tarfile.open("%s/demo-%s.tar.gz" % (tmp, version), "w:gz") as t:
        for name, data in files.items():
            info = tarfile.TarInfo("demo-%s/%s" % (version, name))
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
def wheel(version, files):
    with zipfile.ZipFile("%s/demo-%s-py3-none-any.whl" % (tmp, version), "w") as z:
        for name, data in files.items():
            z.writestr(name.replace("{di}", "demo-%s.dist-info" % version), data)
sdist("1.0", {"PKG-INFO": pkg_info("1.0", "old", ["requests>=2", "six"]),
              "pyproject.toml": b"[project]\n", "demo/__init__.py": b"v1", "demo/gone.py": b"x"})
sdist("1.1", {"PKG-INFO": pkg_info("1.1", "new", ["requests>=2.31", "rich"]),
              "pyproject.toml": b"[project]\n", "demo/__init__.py": b"v2", "demo/new.py": b"y"})
wheel("1.0", {"demo/__init__.py": b"v1", "{di}/METADATA": pkg_info("1.0", "s", []),
              "{di}/WHEEL": b"Wheel-Version: 1.0\n", "{di}/RECORD": b""})
wheel("1.1", {"demo/__init__.py": b"v1", "{di}/METADATA": pkg_info("1.0", "s", []),
              "{di}/WHEEL": b"Wheel-Version: 1.0\n", "{di}/RECORD": b""})
PY

expect_exit 0 "diff sdists --json" -- "$SLIPWAY" diff --json "$tmp/demo-1.0.tar.gz" "$tmp/demo-1.1.tar.gz"
check=$(printf '%s' "$out" | /usr/bin/python3 -c '
import hashlib, json, sys
d = json.load(sys.stdin)
sha = lambda b: hashlib.sha256(b).hexdigest()
members = {m["name"]: m for m in d["members"]}
problems = []
def want(cond, what):
    if not cond: problems.append(what)
want(members["{top}/demo/__init__.py"]["change"] == "changed", "__init__ changed")
want(members["{top}/demo/__init__.py"]["old_sha256"] == sha(b"v1"), "old sha")
want(members["{top}/demo/__init__.py"]["new_sha256"] == sha(b"v2"), "new sha")
want(members["{top}/demo/gone.py"]["change"] == "removed", "gone removed")
want(members["{top}/demo/new.py"]["change"] == "added", "new added")
want(members["{top}/PKG-INFO"]["change"] == "changed", "PKG-INFO changed")
want(d["unchanged_members"] == 1, "one unchanged (pyproject.toml)")
fields = {f["field"]: (f["old"], f["new"]) for f in d["metadata"]}
want(fields == {"Version": ("1.0", "1.1"), "Summary": ("old", "new")}, "fields %r" % fields)
deps = {(x["name"], x["change"]): (x["old"], x["new"]) for x in d["dependencies"]}
want(deps == {("requests", "changed"): ("requests>=2", "requests>=2.31"),
              ("rich", "added"): (None, "rich"), ("six", "removed"): ("six", None)},
     "deps %r" % deps)
print("; ".join(problems) or "ok")
')
expect_match "$check" "^ok$" "sdist diff JSON matches the files"

expect_exit 0 "diff sdists (text)" -- "$SLIPWAY" diff "$tmp/demo-1.0.tar.gz" "$tmp/demo-1.1.tar.gz"
expect_match "$out" "members: 1 added, 1 removed, 2 changed, 1 unchanged" "text summary"
expect_match "$out" "  \\+ rich" "text shows the added dependency"
expect_match "$out" "  ~ requests>=2 -> requests>=2.31" "text shows the changed specifier"
expect_match "$out" "  Version: 1.0 -> 1.1" "text shows the version change"

expect_exit 0 "diff wheels with the same contents" -- "$SLIPWAY" diff --json "$tmp/demo-1.0-py3-none-any.whl" "$tmp/demo-1.1-py3-none-any.whl"
expect_match "$out" '"members":\[\],"unchanged_members":4,"metadata":\[\],"dependencies":\[\]' "version folders line up"

expect_exit 2 "one file only" -- "$SLIPWAY" diff "$tmp/demo-1.0.tar.gz"
expect_exit 2 "unknown option" -- "$SLIPWAY" diff --bogus a b
expect_exit 1 "missing file" -- "$SLIPWAY" diff "$tmp/nope-1.0.tar.gz" "$tmp/demo-1.1.tar.gz"
expect_match "$err" "nope-1.0.tar.gz" "the error names the file"

finish
