# tests/e2e/test_build.sh — `slipway build`: a native build of a hatchling
# project prints each artifact with its size and sha256 (which must match
# the file), --json gives the same as one object, --list writes nothing,
# two builds are byte-identical, SOURCE_DATE_EPOCH changes the bytes, a
# project outside the native subset is refused with --native (the reason
# and the --pep517 advice shown, nothing written), bad input fails before
# anything is written, and usage errors exit 2.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

p=$work/proj
mkdir -p "$p/src/e2e_pkg"
cat >"$p/pyproject.toml" <<'TOML'
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "e2e-pkg"
version = "0.1.0"
description = "End to end"
requires-python = ">=3.9"

[project.scripts]
e2e-pkg = "e2e_pkg:main"
TOML
printf 'def main():\n    print("e2e")\n' >"$p/src/e2e_pkg/__init__.py"

expect_exit 0 "build" -- "$SLIPWAY" build "$p" --outdir "$work/d1"
expect_match "$out" "e2e_pkg-0.1.0.tar.gz  [0-9]+ bytes  sha256:[0-9a-f]{64}" "sdist line"
expect_match "$out" "e2e_pkg-0.1.0-py3-none-any.whl  [0-9]+ bytes  sha256:[0-9a-f]{64}" "wheel line"
whl_sum=$(sha256sum "$work/d1/e2e_pkg-0.1.0-py3-none-any.whl" | cut -c1-64)
whl_size=$(stat -c %s "$work/d1/e2e_pkg-0.1.0-py3-none-any.whl")
expect_match "$out" "$whl_size bytes  sha256:$whl_sum" "printed digest is the file's"

expect_exit 0 "build again" -- "$SLIPWAY" build "$p" --outdir "$work/d2"
if cmp -s "$work/d1/e2e_pkg-0.1.0.tar.gz" "$work/d2/e2e_pkg-0.1.0.tar.gz" &&
	cmp -s "$work/d1/e2e_pkg-0.1.0-py3-none-any.whl" "$work/d2/e2e_pkg-0.1.0-py3-none-any.whl"; then
	passed=$((passed + 1))
else
	failed=$((failed + 1)); echo "FAIL: two builds differ"
fi
SOURCE_DATE_EPOCH=1700000000 expect_exit 0 "build with SOURCE_DATE_EPOCH" -- \
	"$SLIPWAY" build "$p" --wheel --outdir "$work/d3"
if cmp -s "$work/d1/e2e_pkg-0.1.0-py3-none-any.whl" "$work/d3/e2e_pkg-0.1.0-py3-none-any.whl"; then
	failed=$((failed + 1)); echo "FAIL: SOURCE_DATE_EPOCH changed nothing"
else
	passed=$((passed + 1))
fi
expect_exit 0 "wheel only" -- test ! -e "$work/d3/e2e_pkg-0.1.0.tar.gz"

expect_exit 0 "json" -- "$SLIPWAY" build "$p" --outdir "$work/d4" --json
expect_match "$out" '^\{"how":"native","artifacts":\[\{"kind":"sdist","path":".*","size":[0-9]+,"sha256":"[0-9a-f]{64}"\},\{"kind":"wheel"' "json shape"

expect_exit 0 "list" -- "$SLIPWAY" build "$p" --list --outdir "$work/d5"
expect_match "$out" "e2e_pkg/__init__.py  <- src/e2e_pkg/__init__.py" "list shows sources"
expect_match "$out" "e2e_pkg-0.1.0.dist-info/RECORD" "list shows RECORD"
expect_exit 0 "list writes nothing" -- test ! -e "$work/d5"

# outside the native subset: refused with --native, with the reason
q=$work/hooked
mkdir -p "$q/hooked"
cp "$p/pyproject.toml" "$q/pyproject.toml"
sed -i 's/e2e-pkg/hooked/; s/e2e_pkg/hooked/' "$q/pyproject.toml"
printf '\n[tool.hatch.build.hooks.custom]\n' >>"$q/pyproject.toml"
touch "$q/hooked/__init__.py"
expect_exit 1 "native refuses hooks" -- "$SLIPWAY" build "$q" --native --outdir "$work/d6"
expect_match "$err" "hatchling: build hooks .*--pep517" "reason and advice"
expect_exit 0 "nothing written" -- test ! -e "$work/d6"

# bad input: a version that is not PEP 440
r=$work/badver
mkdir -p "$r/badver"
sed 's/e2e-pkg/badver/; s/e2e_pkg/badver/; s/0.1.0/one.two/' "$p/pyproject.toml" >"$r/pyproject.toml"
touch "$r/badver/__init__.py"
expect_exit 1 "bad version" -- "$SLIPWAY" build "$r" --outdir "$work/d7"
expect_match "$err" "not a PEP 440 version" "bad version message"
expect_exit 0 "nothing written for bad input" -- test ! -e "$work/d7"

expect_exit 2 "unknown option" -- "$SLIPWAY" build --frobnicate
expect_exit 2 "native and pep517" -- "$SLIPWAY" build --native --pep517
finish
