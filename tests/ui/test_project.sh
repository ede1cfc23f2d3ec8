# tests/ui/test_project.sh — the Project screen in tmux at 100x30: a folder
# without pyproject.toml and `:init` from the prompt, a file that is not
# TOML, editing a
# field with live diagnostics, an edit refused because it is invalid or would
# add an error (and why), undo/redo, the raw TOML view, save after the diff,
# the conflict when the file changed on disk (explained, not written), and
# UTF-8 text with wide characters.
. "$(dirname "$0")/lib.sh"

demo=$work/demo
make_demo "$demo" || { fail "cannot make the demo project"; finish; exit 1; }
file=$demo/pyproject.toml

# An empty folder: the guide first; the Project screen says there is no
# file; `:init` creates one and the form picks it up.
mkdir -p "$work/empty"
start "$work/empty"
wait_for "It will be a checklist"
keys 2
wait_for "There is no pyproject.toml in this folder yet." && golden no_project
keys a
wait_for "Add: There is no pyproject.toml in this folder yet."
keys :
type_text "init --license MIT"
keys Enter
wait_for "(exit 0)" && expect "tests/test_empty.py" "init's output is in the pager"
keys Escape
wait_for "0 errors, 0 warnings" && expect "name                  empty" "the new file is shown"
keys q
wait_text "slipway exited: 0"

# A file that is not TOML: its syntax error shows, edits are refused with
# the reason, and R reloads it once it is fixed.
mkdir -p "$work/broken"
printf '[project]\nname = "broken"\nversion = \n' >"$work/broken/pyproject.toml"
start "$work/broken"
wait_for "this file is not valid TOML" && golden not_toml
keys Enter
wait_for "Edit: pyproject.toml is not valid TOML: fix it in an editor, then R reloads it"
printf '[project]\nname = "broken"\nversion = "1.0"\n' >"$work/broken/pyproject.toml"
keys R
wait_for "Reloaded pyproject.toml from disk." && expect "version               1.0" \
	"the fixed file is shown as a form"
keys q
wait_text "slipway exited: 0"

start "$demo"
wait_for "requests>=2.31"

# Rows: name, version, description, requires-python, license, readme,
# authors, its entry, keywords, classifiers, ...
# Live diagnostics: a local version is accepted, with a warning under it.
keys Down Enter
wait_for "version (a PEP 440 version"
keys C-u
type_text "1.0.0+local"
keys Enter
wait_for "has a local label" && golden edit_live
expect "unsaved" "the header marks unsaved edits"
expect "0 errors, 1 warning" "the header counts the warning"

# An invalid value is refused, with the reason.
keys Enter C-u
type_text "1.0 beta"
keys Enter
wait_for "Edit refused" && expect "is not a PEP 440 version" "the refusal says why"
keys Escape
wait_for "has a local label" "Edit refused"
expect "1.0.0+local" "the refused edit changed nothing"

# An edit that would add an error is refused: a License classifier next to
# an SPDX license expression. Picked from the trove list with a search.
keys Down Down Down Down Down Down Down Down
keys a
wait_for "Add a classifier"
type_text "osi mit license"
wait_for "License :: OSI Approved :: MIT License" "Programming Language"
keys Enter
wait_for "Edit refused" && golden edit_refused
keys Escape
wait_for "has a local label" "Edit refused"

# Undo and redo.
keys u
wait_for "undo 0  redo 1" && expect "0.1.0" "undo restored the version"
keys U
wait_for "undo 1  redo 0" && expect "1.0.0+local" "redo applied it again"

# The raw TOML view marks the line of the warning.
keys t
wait_for "TOML view" && golden toml_view
keys t
wait_for "form view"

# Save: the diff first, then the write.
keys s
wait_for "Save pyproject.toml?" && golden save_diff
keys y
wait_for "Saved pyproject.toml."
grep -qx 'version = "1.0.0+local"' "$file"
check $? "the saved file has the new version"

# Conflict: the file changes on disk, then a save is refused and explained.
keys Home Enter C-u
type_text "demo-two"
keys Enter
wait_for "demo-two"
printf '# changed by another program\n' >>"$file"
keys s
wait_for "Save pyproject.toml?"
keys y
wait_for "Not saved: the file changed on disk" && golden conflict
grep -q "changed by another program" "$file"
check $? "the other program's change is kept"
! grep -q "demo-two" "$file"
check $? "the conflicting edit was not written"
keys Escape
wait_for "demo-two" "Not saved"

# Reloading shows what would be dropped, then takes the file from disk.
keys R
wait_for "Reload and drop these unsaved edits?"
keys y
wait_for "Reloaded pyproject.toml from disk." && expect "name                  demo" \
	"reload brought back the name on disk"

# UTF-8, wide characters included, in a value.
keys Down Down Enter C-u
type_text "Ünïcödé — 日本語のパッケージ"
keys Enter
wait_for "日本語のパッケージ" && golden utf8
keys s
wait_for "Save pyproject.toml?"
keys y
wait_for "Saved pyproject.toml."
grep -qx 'description = "Ünïcödé — 日本語のパッケージ"' "$file"
check $? "the UTF-8 description is saved as typed"

# A dependency group entry, added then undone.
keys End Up a
wait_for "dependency-groups (GROUP: REQUIREMENT"
type_text "dev: ruff>=0.6"
keys Enter
wait_for "▸ dev: ruff>=0.6" && expect "dependency-groups     1 entry" "the group is counted"
keys u
wait_for "dependency-groups     (not set)" "▸ dev: ruff>=0.6"

keys q
wait_text "slipway exited: 0"
finish
