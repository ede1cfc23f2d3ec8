# tests/e2e/test_version_git.sh — `slipway version --commit --tag` in a
# scratch git repository (user.name/email set locally): the commit holds
# exactly the bumped files with the message "Bump version: OLD → NEW", the
# tag is annotated; a dirty tree is refused unless --allow-dirty (and then
# only the version files are committed); an existing tag is refused with
# nothing written; --tag-format; a VCS-derived version gets only a tag;
# outside a work tree --commit is refused.
. "$(dirname "$0")/lib.sh"
: "${SW_TEST_DATA:?}"
S=$SLIPWAY
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_CONFIG_NOSYSTEM=1 HOME="$work/home"
mkdir -p "$HOME"

# check TEST DESCRIPTION: counts a shell test's outcome
check() {
	if eval "$1"; then passed=$((passed + 1)); else
		failed=$((failed + 1))
		echo "FAIL: $2"
	fi
}

new_repo() { # DIR SAMPLE
	cp -R "$SW_TEST_DATA/bump/$2" "$1"
	git -C "$1" init -q
	git -C "$1" config user.name "Slipway Test"
	git -C "$1" config user.email "test@example.invalid"
	git -C "$1" add -A
	git -C "$1" commit -q -m "initial"
}

r="$work/repo"
new_repo "$r" static
expect_exit 0 "bump, commit and tag" -- "$S" version "$r" --bump minor --commit --tag --no-index-check
expect_match "$out" "tagged v1\.3\.0" "reports the tag"
check '[ "$(git -C "$r" log -1 --format=%s)" = "Bump version: 1.2.3 → 1.3.0" ]' "commit message"
check '[ "$(git -C "$r" show --name-only --format= HEAD | sort | tr "\n" " ")" = "pyproject.toml src/static_pkg/__init__.py " ]' \
	"the commit holds exactly the version files"
check '[ "$(git -C "$r" cat-file -t v1.3.0)" = tag ]' "annotated tag"
check '[ "$(git -C "$r" rev-parse v1.3.0^{commit})" = "$(git -C "$r" rev-parse HEAD)" ]' \
	"the tag points at the bump commit"
check '[ -z "$(git -C "$r" status --porcelain)" ]' "clean afterwards"

# a dirty tree: refused, nothing written; --allow-dirty commits only ours
echo "# local change" >> "$r/src/static_pkg/__init__.py"
cp "$r/pyproject.toml" "$work/py.before"
expect_exit 1 "dirty tree" -- "$S" version "$r" --bump patch --commit --no-index-check
expect_match "$err" "uncommitted changes" "says why"
expect_match "$err" "--allow-dirty" "says what to do"
check 'cmp -s "$r/pyproject.toml" "$work/py.before"' "dirty: nothing written"
git -C "$r" checkout -q -- src/static_pkg/__init__.py
echo "notes" >> "$r/NOTES.txt"
git -C "$r" add NOTES.txt
echo "more" >> "$r/NOTES.txt"
expect_exit 0 "--allow-dirty" -- "$S" version "$r" --bump patch --commit --allow-dirty --no-index-check
check '[ "$(git -C "$r" show --name-only --format= HEAD | sort | tr "\n" " ")" = "pyproject.toml src/static_pkg/__init__.py " ]' \
	"--allow-dirty commits only the version files"
check 'git -C "$r" diff --cached --name-only | grep -q NOTES.txt' "the staged file stays staged"

# an existing tag: refused before anything is written
git -C "$r" tag v1.3.2
cp "$r/pyproject.toml" "$work/py.before"
expect_exit 1 "existing tag" -- "$S" version "$r" --bump patch --tag --allow-dirty --no-index-check
expect_match "$err" "the tag v1\.3\.2 already exists" "names the tag"
check 'cmp -s "$r/pyproject.toml" "$work/py.before"' "existing tag: nothing written"

expect_exit 0 "--tag-format" -- "$S" version "$r" --bump minor --tag --tag-format "release-{version}" --allow-dirty --no-index-check
check '[ "$(git -C "$r" cat-file -t release-1.4.0)" = tag ]' "tag named by the format"
expect_exit 1 "bad tag format" -- "$S" version "$r" --bump patch --tag --tag-format "v {version}" --allow-dirty --no-index-check

# a VCS-derived version: only the tag
v="$work/vcs"
new_repo "$v" vcs
expect_exit 1 "VCS: --bump is explained" -- "$S" version "$v" --bump patch --tag
expect_match "$err" "--tag --set VERSION" "offers the tag"
expect_exit 0 "VCS: --tag --set" -- "$S" version "$v" --tag --set 2.0.0 --no-index-check
check '[ "$(git -C "$v" cat-file -t v2.0.0)" = tag ]' "VCS tag created"
check '[ -z "$(git -C "$v" status --porcelain)" ]' "VCS: no file written"
git -C "$v" commit -q --allow-empty -m "work"
expect_exit 0 "VCS: --tag --bump from the newest tag" -- "$S" version "$v" --tag --bump minor --no-index-check
expect_match "$out" "vcs-pkg 2\.0\.0 → 2\.1\.0" "old from the tag"
check '[ "$(git -C "$v" cat-file -t v2.1.0)" = tag ]' "VCS bump tag created"
expect_exit 0 "VCS: dry run" -- "$S" version "$v" --tag --bump patch --dry-run --no-index-check
check '! git -C "$v" rev-parse -q --verify refs/tags/v2.1.1 >/dev/null' "dry run: no tag"
expect_exit 1 "VCS: --set lower than the tag" -- "$S" version "$v" --tag --set 1.0 --no-index-check
expect_match "$err" "didn't increase" "refused"
expect_exit 1 "VCS: no tag of that format" -- "$S" version "$v" --tag --bump patch --tag-format "rel-{version}" --no-index-check
expect_match "$err" "no git tag matching rel-\*" "says which tags it looked for"

# outside a work tree
cp -R "$SW_TEST_DATA/bump/uv_static" "$work/plain"
expect_exit 1 "not a git work tree" -- "$S" version "$work/plain" --bump patch --commit --no-index-check
expect_match "$err" "not inside a git work tree" "says why"
check 'grep -q "version = \"0.1.0\"" "$work/plain/pyproject.toml"' "not a repo: nothing written"

finish
