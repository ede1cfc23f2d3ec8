# tests/e2e/test_project_edit.sh — `slipway project`: each subcommand edits
# only the intended bytes of a real file (the whole file is compared),
# (new keys go after the last key of their table, as slipway/toml.h says),
# --dry-run prints a diff and writes nothing, refusals exit 1 and leave the
# file alone, and a bad command line exits 2.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
f=$work/pyproject.toml

# expect_file DESCRIPTION: compares $f with stdin, byte for byte.
expect_file() {
	if cmp -s "$f" -; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf 'FAIL: %s: file is\n%s\n' "$1" "$(cat "$f")"
	fi
}

cat >"$f" <<'T'
[project]
name = "demo"
version = "1.0"
# the runtime needs
dependencies = [
    "attrs",
    "requests>=2",  # http
]
T
chmod 0640 "$f"

expect_exit 0 "add-dep --dry-run" -- "$SLIPWAY" project add-dep "click>=8" --file "$f" --dry-run
expect_match "$out" '^\+    "click>=8",$' "dry-run shows the added line"
expect_match "$out" '^--- a/pyproject.toml' "dry-run prints a unified diff"
expect_file "dry-run writes nothing" <<'T'
[project]
name = "demo"
version = "1.0"
# the runtime needs
dependencies = [
    "attrs",
    "requests>=2",  # http
]
T

expect_exit 0 "add-dep sorted" -- "$SLIPWAY" project add-dep "click>=8" --file "$f"
expect_exit 0 "change a dependency" -- "$SLIPWAY" project add-dep "Requests[socks]>=2.32" --file "$f"
expect_exit 0 "add to an extra" -- "$SLIPWAY" project add-dep pytest --extra test --file "$f"
expect_exit 0 "add to a group" -- "$SLIPWAY" project add-dep ruff --group dev --file "$work"
expect_exit 0 "set description" -- "$SLIPWAY" project set description "A demo." --file "$f"
expect_exit 0 "add-classifier" -- "$SLIPWAY" project add-classifier "Typing :: Typed" --file "$f"
expect_exit 0 "add-url" -- "$SLIPWAY" project add-url Source https://example.org/src --file "$f"
expect_exit 0 "add-author" -- "$SLIPWAY" project add-author "Ada Lovelace <ada@example.org>" --file "$f"
expect_exit 0 "remove-dep" -- "$SLIPWAY" project remove-dep ATTRS --file "$f"
expect_file "the edits, and nothing else" <<'T'
[project]
name = "demo"
version = "1.0"
# the runtime needs
dependencies = [
    "click>=8",
    "Requests[socks]>=2.32",  # http
]
description = "A demo."
classifiers = ["Typing :: Typed"]
authors = [{name = "Ada Lovelace", email = "ada@example.org"}]

[project.optional-dependencies]
test = ["pytest"]

[project.urls]
Source = "https://example.org/src"

[dependency-groups]
dev = ["ruff"]
T
expect_match "$(stat -c %a "$f")" '^640$' "permissions are kept"

cp "$f" "$work/before"
expect_exit 1 "invalid requirement" -- "$SLIPWAY" project add-dep "requests >=" --file "$f"
expect_match "$err" "is not a valid requirement" "says why"
expect_exit 1 "unknown classifier" -- "$SLIPWAY" project add-classifier "Nope :: Nope" --file "$f"
expect_exit 1 "edit adding an error" -- "$SLIPWAY" project set --toml version 1 --file "$f"
expect_match "$err" "value.type" "names the new error"
expect_exit 1 "remove a missing dependency" -- "$SLIPWAY" project remove-dep nothere --file "$f"
expect_exit 2 "unknown subcommand" -- "$SLIPWAY" project frobnicate --file "$f"
expect_exit 2 "both --extra and --group" -- "$SLIPWAY" project add-dep x --extra a --group b --file "$f"
expect_exit 2 "missing argument" -- "$SLIPWAY" project add-url Home --file "$f"
if cmp -s "$f" "$work/before"; then passed=$((passed + 1)); else
	failed=$((failed + 1)); echo "FAIL: a refused edit changed the file"; fi

printf '[project\nname = "x"\n' >"$f"
expect_exit 1 "broken TOML refuses edits" -- "$SLIPWAY" project add-dep attrs --file "$f"
expect_match "$err" "pyproject.toml:1:" "points at the syntax error"
expect_exit 0 "help project" -- "$SLIPWAY" help project
expect_match "$out" "add-dep" "help lists the subcommands"
finish
