# tests/e2e/test_version.sh — `slipway version` end to end on copies of the
# sample projects in tests/data/bump: the listing of sites, --next, a dry
# run (old → new and a diff, nothing written), a real bump compared byte
# for byte with the expected files, --json, every refusal leaving the
# files untouched (not PEP 440, sites that disagree, a dynamic version it
# cannot write, a VCS version, a read-only file, a downgrade, a bad kind),
# and the index warning against a Simple API page served on 127.0.0.1 by
# tests/e2e/classifiers_server.py (a free port, read from a named pipe).
. "$(dirname "$0")/lib.sh"
: "${SW_TEST_DATA:?}"
S=$SLIPWAY
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	chmod -R u+w "$work"
	rm -rf "$work"
}
trap cleanup EXIT
cp -R "$SW_TEST_DATA/bump/." "$work/"
p="$work/static"

# unchanged FILE COPY DESCRIPTION: the file is byte for byte its copy
unchanged() {
	if cmp -s "$1" "$2"; then passed=$((passed + 1)); else
		failed=$((failed + 1))
		echo "FAIL: $3: $1 changed"
	fi
}

# ---- listing, --next, dry run -------------------------------------------
expect_exit 0 "list the sites" -- "$S" version "$p"
expect_match "$out" "^static-pkg 1\.2\.3" "name and version"
expect_match "$out" "pyproject\.toml:7:12  version = 1\.2\.3  \(source of truth" "static site"
expect_match "$out" "src/static_pkg/__init__\.py:6:21  __version__ = 1\.2\.3  \(agrees" "package"

expect_exit 0 "--next" -- "$S" version "$p" --next
expect_match "$out" "--bump minor +1\.3\.0$" "next minor"
expect_match "$out" "--bump alpha +1\.2\.3a1  \(not an increase\)" "next alpha"

cp "$p/pyproject.toml" "$work/py.orig"
cp "$p/src/static_pkg/__init__.py" "$work/init.orig"
expect_exit 0 "dry run" -- "$S" version "$p" --bump beta --bump minor --dry-run --no-index-check
expect_match "$out" "static-pkg 1\.2\.3 → 1\.3\.0b1" "old → new"
expect_match "$out" "^-version = '1\.2\.3'  # the release" "diff of pyproject.toml"
expect_match "$out" '^\+__version__: str = "1\.3\.0b1"  # keep' "diff of __init__.py"
expect_match "$out" "nothing was written" "dry run says so"
unchanged "$p/pyproject.toml" "$work/py.orig" "dry run"
unchanged "$p/src/static_pkg/__init__.py" "$work/init.orig" "dry run"

# ---- a real bump: only the version characters change ------------------
expect_exit 0 "bump patch" -- "$S" version "$p" --bump patch --no-index-check
expect_match "$out" "wrote src/static_pkg/__init__\.py" "reports the files"
sed "7s/'1\.2\.3'/'1.2.4'/" "$work/py.orig" > "$work/py.want"
sed '6s/"1\.2\.3"/"1.2.4"/' "$work/init.orig" > "$work/init.want"
unchanged "$p/pyproject.toml" "$work/py.want" "bump patch: pyproject.toml as expected"
unchanged "$p/src/static_pkg/__init__.py" "$work/init.want" "bump patch: __init__.py as expected"

expect_exit 0 "--json" -- "$S" version "$p" --json
printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["name"] == "static-pkg" and d["version"] == "1.2.4" and d["agree"], d
assert [(s["path"], s["line"], s["col"], s["truth"]) for s in d["sites"]] == [
    ("pyproject.toml", 7, 12, True), ("src/static_pkg/__init__.py", 6, 21, False)], d
' && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: --json: $out"; }

expect_exit 0 "hatchling path, --set" -- "$S" version "$work/hatch_path" --set 2.1 --no-index-check
expect_match "$(cat "$work/hatch_path/src/hatch_path/__about__.py")" '__version__ = "v2\.1"' \
	"hatchling's v prefix kept"

# ---- refusals: a clear message, nothing written -------------------------
cp "$p/pyproject.toml" "$work/py.now"
expect_exit 1 "downgrade" -- "$S" version "$p" --set 1.0 --no-index-check
expect_match "$err" "1\.2\.4 => 1\.0 didn't increase the version" "downgrade message"
unchanged "$p/pyproject.toml" "$work/py.now" "downgrade refused"
expect_exit 0 "local label" -- "$S" version "$p" --set 1.2.4+ubuntu.1 --dry-run --no-index-check
expect_match "$out" "warning: 1\.2\.4\+ubuntu\.1 has a local version label" "local label warning"
expect_exit 0 "--allow-downgrade" -- "$S" version "$p" --set 1.0 --allow-downgrade --no-index-check
expect_exit 1 "alpha from a final" -- "$S" version "$p" --bump alpha --no-index-check
expect_match "$err" "add a release step" "uv's hint"
expect_exit 2 "unknown kind" -- "$S" version "$p" --bump micro
expect_exit 1 "uv refuses post with another kind" -- "$S" version "$p" --bump post --bump dev

expect_exit 1 "not PEP 440" -- "$S" version "$work/not_pep440" --bump patch
expect_match "$err" "pyproject\.toml:3:12: the current version 'banana' is not a PEP 440" "why"
expect_match "$err" "nothing was written" "says nothing was written"

cp "$work/disagree/src/disagree/__init__.py" "$work/dis.orig"
expect_exit 1 "sites disagree" -- "$S" version "$work/disagree" --bump patch
expect_match "$err" "src/disagree/__init__\.py:1:16  __version__ = 0\.9\.0  \(differs\)" "lists"
unchanged "$work/disagree/src/disagree/__init__.py" "$work/dis.orig" "disagree"

expect_exit 1 "dynamic version it cannot write" -- "$S" version "$work/hatch_code" --bump patch
expect_match "$err" 'source = "code"' "says why"

expect_exit 1 "VCS version" -- "$S" version "$work/vcs" --bump patch
expect_match "$err" "git tags by setuptools-scm" "explains the tag"
expect_match "$err" "--tag --set VERSION" "offers --tag"

cp "$work/uv_static/pyproject.toml" "$work/uv.orig"
chmod 444 "$work/uv_static/src/uv_static/__init__.py"
expect_exit 1 "read-only file" -- "$S" version "$work/uv_static" --bump patch --no-index-check
expect_match "$err" "src/uv_static/__init__\.py: the file is read-only" "names the file"
expect_match "$err" "chmod u\+w" "says what to do"
unchanged "$work/uv_static/pyproject.toml" "$work/uv.orig" "read-only: nothing written"
chmod 644 "$work/uv_static/src/uv_static/__init__.py"

# ---- the index ------------------------------------------------------------
mkdir -p "$work/srv/simple/static-pkg" "$work/srv/simple/uv-static"
printf '<html><body>\n<a href="../../f/static_pkg-1.0.1.tar.gz">static_pkg-1.0.1.tar.gz</a><br/>\n</body></html>\n' \
	> "$work/srv/simple/static-pkg/index.html"
printf '{"meta": {"api-version": "1.1"}, "name": "uv-static", "files": [{"filename": "uv_static-0.1.1-py3-none-any.whl"}], "versions": ["0.1.1"]}' \
	> "$work/srv/simple/uv-static/index.html"
# opened read-write before the server starts, so the open never blocks and
# the read waits at most 20 s
mkfifo "$work/port"
exec 3<>"$work/port"
/usr/bin/python3 "$(dirname "$0")/classifiers_server.py" "$work/srv" "$work/port" &
server_pid=$!
port=
read -r -t 20 -u 3 port || true
exec 3<&-
if [ -z "${port:-}" ]; then
	echo "FAIL: the test server did not start"
	exit 1
fi
index="http://127.0.0.1:$port/simple/"
expect_exit 0 "on the index (HTML)" -- "$S" version "$p" --bump patch --dry-run --index-url "$index"
expect_match "$out" "static-pkg 1\.0 → 1\.0\.1" "old → new"
expect_match "$out" "warning: static-pkg 1\.0\.1 is already on the index" "warns"
expect_exit 0 "not on the index" -- "$S" version "$p" --bump minor --dry-run --index-url "$index"
if printf '%s' "$out" | grep -q "already on the index"; then
	failed=$((failed + 1))
	echo "FAIL: warned for a version the index does not have"
else passed=$((passed + 1)); fi
expect_exit 0 "on the index (JSON)" -- "$S" version "$work/uv_static" --bump patch --dry-run --index-url "$index" --json
expect_match "$out" '"on_index": true' "JSON page read"
expect_exit 0 "unknown project" -- "$S" version "$work/flit" --bump patch --dry-run --index-url "$index" --json
expect_match "$out" '"on_index": false' "404 is not on the index"
kill "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=
expect_exit 0 "index unreachable" -- "$S" version "$p" --bump patch --dry-run --index-url "$index"
expect_match "$out" "note: could not check the index: .*127\.0\.0\.1:$port/simple/static-pkg/" \
	"a quiet note naming the page"

finish
