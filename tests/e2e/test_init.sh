# tests/e2e/test_init.sh — `slipway init`: the files it creates for each
# backend and layout, that `slipway check --project` finds no problem in
# them, the name taken from the folder, and that it refuses to overwrite
# anything (writing nothing at all).
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect_exists DESCRIPTION PATH...
expect_exists() {
	local what=$1 p
	shift
	for p in "$@"; do
		if [ -e "$p" ]; then passed=$((passed + 1)); else
			failed=$((failed + 1)); echo "FAIL: $what: $p missing"; fi
	done
}

for backend in hatchling flit_core setuptools uv_build; do
	for flat in "" --flat; do
		d=$work/$backend$flat
		expect_exit 0 "init $backend $flat" -- "$SLIPWAY" init "$d" --name "My.Tool" \
			--license "mit" --author "Ada <ada@example.org>" --backend $backend $flat
		pkg=src/my_tool
		[ -n "$flat" ] && pkg=my_tool
		expect_exists "init $backend $flat" "$d/pyproject.toml" "$d/README.md" \
			"$d/.gitignore" "$d/$pkg/__init__.py" "$d/tests/test_my_tool.py"
		expect_exit 0 "check $backend $flat" -- "$SLIPWAY" check --project "$d"
		expect_match "$out" "no problems found" "$backend $flat has no problems"
		expect_match "$(cat "$d/pyproject.toml")" "license = \"MIT\"" "license canonical"
	done
done
expect_match "$(cat "$work/flit_core/pyproject.toml")" 'build-backend = "flit_core.buildapi"' \
	"flit backend"
expect_match "$(cat "$work/hatchling/.gitignore")" '^\.venv/$' ".gitignore keeps .venv out"
expect_match "$(cat "$work/hatchling/.gitignore")" '^\.env$' ".gitignore keeps .env out"

# the name comes from the folder
mkdir "$work/Cool Stuff_2"
expect_exit 0 "init in . " -- sh -c "cd '$work/Cool Stuff_2' && '$SLIPWAY' init"
expect_match "$(cat "$work/Cool Stuff_2/pyproject.toml")" '^name = "cool-stuff-2"$' \
	"name from the folder"
expect_exists "package from the folder" "$work/Cool Stuff_2/src/cool_stuff_2/__init__.py"
expect_exit 1 "a folder name that cannot be a name" -- "$SLIPWAY" init "$work/___"
expect_exit 1 "a name starting with a digit" -- "$SLIPWAY" init "$work/x" --name 2fast

# refuses to overwrite, and writes nothing
mkdir "$work/busy"
echo "# mine" >"$work/busy/README.md"
expect_exit 1 "init refuses to overwrite" -- "$SLIPWAY" init "$work/busy"
expect_match "$err" "README.md already exists" "names the file"
expect_match "$(ls -A "$work/busy")" '^README.md$' "nothing else was written"
expect_match "$(cat "$work/busy/README.md")" '^# mine$' "the file is untouched"

expect_exit 0 "init creates missing parent folders" -- "$SLIPWAY" init "$work/a/b/c"
expect_exists "nested init" "$work/a/b/c/src/c/__init__.py"

expect_exit 2 "unknown backend" -- "$SLIPWAY" init "$work/y" --backend poetry
expect_exit 1 "bad license" -- "$SLIPWAY" init "$work/y" --license "MIT AND"
expect_exit 1 "bad author" -- "$SLIPWAY" init "$work/y" --author "Ada <nope>"
expect_exit 2 "unknown option" -- "$SLIPWAY" init --frob
finish
