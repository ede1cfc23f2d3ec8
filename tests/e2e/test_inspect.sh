# tests/e2e/test_inspect.sh — `slipway inspect` and `slipway check` on the
# artifacts of tests/data/artifact (see make_fixtures.py there): exit codes,
# the text and --json forms, --member, --ignore, folders of artifacts, and
# that a folder with a pyproject.toml is still checked as a project.
. "$(dirname "$0")/lib.sh"
: "${SW_TEST_DATA:?SW_TEST_DATA must name tests/data}"
D=$SW_TEST_DATA/artifact
GOOD=$D/good/demo_pkg-1.0-py3-none-any.whl
SDIST=$D/good/demo_pkg-1.0.tar.gz
BAD=$D/bad/demo_pkg-1.0-py3-none-any.whl
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PY=/usr/bin/python3

# inspect
expect_exit 0 "inspect a good wheel" -- "$SLIPWAY" inspect "$GOOD"
expect_match "$out" "wheel, [0-9]+ bytes, 6 members" "inspect header"
expect_match "$out" "tags py3-none-any" "inspect tags"
expect_match "$out" "  __init__.py" "inspect tree indents members"
expect_match "$out" "Summary +A demo package" "inspect metadata summary"
expect_match "$out" "0 errors, 0 warnings" "inspect findings summary"
expect_exit 0 "inspect an sdist" -- "$SLIPWAY" inspect "$SDIST"
expect_match "$out" "sdist, [0-9]+ bytes, 4 members" "inspect sdist header"
expect_exit 0 "inspect --json" -- "$SLIPWAY" inspect --json "$GOOD"
summary=$(printf '%s' "$out" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(d["kind"], len(d["members"]), d["metadata"]["name"], d["filename"]["platform"], d["entry_points"][0]["name"], d["errors"])')
expect_match "$summary" "^wheel 6 demo-pkg any demo 0$" "inspect --json fields"
expect_exit 0 "inspect --member" -- "$SLIPWAY" inspect --member demo_pkg/core.py "$GOOD"
expect_match "$(printf '%s' "$out" | od -c | head -1)" "d +e +f +  +m +a +i +n" "member bytes"
[ "$out" = "$(printf 'def main():\n    print('"'"'hello'"'"')')" ] && passed=$((passed + 1)) ||
	{ failed=$((failed + 1)); echo "FAIL: --member bytes differ: $out"; }
expect_exit 1 "inspect --member missing" -- "$SLIPWAY" inspect --member nope "$GOOD"
expect_match "$err" "no member 'nope'" "missing member message"
expect_exit 0 "inspect a broken wheel still shows it" -- "$SLIPWAY" inspect "$BAD"
expect_match "$out" "error\[R003\]" "inspect shows the finding"
expect_exit 1 "inspect a missing file" -- "$SLIPWAY" inspect "$TMP/nope.whl"
expect_exit 1 "inspect a non-archive" -- "$SLIPWAY" inspect "$D/make_fixtures.py"
expect_exit 2 "inspect without FILE" -- "$SLIPWAY" inspect
expect_exit 2 "inspect with an unknown option" -- "$SLIPWAY" inspect --bogus "$GOOD"

# check on artifacts
expect_exit 0 "check a good wheel" -- "$SLIPWAY" check "$GOOD"
expect_match "$out" "0 errors, 0 warnings" "check good summary"
expect_exit 1 "check a broken wheel" -- "$SLIPWAY" check "$BAD"
expect_match "$out" "error\[R003\]: demo_pkg/core.py: sha256" "check names the member"
expect_match "$out" "hint: " "check prints a hint"
expect_exit 0 "check --ignore" -- "$SLIPWAY" check --ignore R003:demo_pkg/core.py "$BAD"
expect_match "$out" "\(ignored\)" "ignored finding marked"
expect_exit 0 "check a folder of good artifacts" -- "$SLIPWAY" check "$D/good"
expect_match "$out" "demo_pkg-1.0.tar.gz: 0 errors" "folder: sdist checked"
expect_match "$out" "demo_pkg-1.0-py3-none-any.whl: 0 errors" "folder: wheel checked"
expect_exit 1 "check good and bad" -- "$SLIPWAY" check "$D/good" "$BAD"
expect_exit 1 "check --json" -- "$SLIPWAY" check --json "$BAD" "$GOOD"
summary=$(printf '%s' "$out" | $PY -c 'import json,sys; d=json.load(sys.stdin); print(len(d), d[0]["errors"], d[0]["findings"][0]["code"], d[1]["errors"])')
expect_match "$summary" "^2 1 R003 0$" "check --json fields"
expect_exit 2 "check a missing file" -- "$SLIPWAY" check "$TMP/nope.whl"

# a folder with a pyproject.toml stays a project check, even with dist/ files
mkdir -p "$TMP/proj/dist"
cp "$GOOD" "$TMP/proj/dist/"
printf '[project]\nname = "demo-pkg"\nversion = "1.0"\n' >"$TMP/proj/pyproject.toml"
expect_exit 0 "project folder still a project" -- "$SLIPWAY" check --no-fs "$TMP/proj"
expect_match "$out" "pyproject.toml" "project summary names pyproject.toml"
expect_exit 0 "its dist/ is artifacts" -- "$SLIPWAY" check "$TMP/proj/dist"
expect_match "$out" "py3-none-any.whl: 0 errors" "dist folder checked as artifacts"

finish
