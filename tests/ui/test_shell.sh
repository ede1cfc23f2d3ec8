# tests/ui/test_shell.sh — the workbench's shell in tmux at 100x30: start on
# a demo project, tab switching (keys and mouse), the help overlay, the
# "terminal too small" screen on a resize to 60x20 and back, the log pane,
# the `:` prompt running `pep440 normalize 1.0` with its output in a pager,
# colours and NO_COLOR, quitting and a fatal signal both restoring the
# terminal, and the refusal without a TTY.
. "$(dirname "$0")/lib.sh"

demo=$work/demo
make_demo "$demo" || { fail "cannot make the demo project"; finish; exit 1; }

# Without a terminal the workbench refuses and points to the CLI.
rc=0
(cd "$demo" && "$SLIPWAY" </dev/null >"$work/out" 2>"$work/err") || rc=$?
[ "$rc" -eq 1 ]
check $? "no TTY: exit 1 (got $rc)"
grep -q "slipway help" "$work/err"
check $? "no TTY: the message points to 'slipway help'"
[ ! -s "$work/out" ]
check $? "no TTY: nothing on stdout"

start "$demo"
wait_for "requests>=2.31" && golden start

# Tabs: a number jumps, Tab and Shift-Tab step.
keys 3
wait_for "It will build the source distribution" && golden tab_build
keys Tab
wait_for "It will list the files in dist/"
keys BTab BTab
wait_for "requests>=2.31"
keys 1
wait_for "It will be a checklist"
keys 2
wait_for "requests>=2.31" "It will be a checklist"

# The mouse: a click on a tab, a click on a row, then a key acting on it.
click 40 0
wait_for "It will build the source distribution"
click 30 0
wait_for "requests>=2.31" "It will build"
click 10 14
keys a
wait_for "dependencies (a PEP 508 requirement"
keys Escape
wait_for "EnterEdit" "dependencies (a PEP 508"
# A double click edits the row; the wheel moves the selection.
click 10 4
wait_for "version: a PEP 440 version"
click 10 4
wait_for "version (a PEP 440 version"
keys Escape
wait_for "EnterEdit" "version (a PEP 440"
click 10 10 65
wait_for "license: an SPDX license expression"
click 10 10 64
wait_for "version: a PEP 440 version"
click 30 0

# The help overlay, generated from the binding tables.
keys '?'
wait_for "Help: Project" && golden help_project
expect "not now: there is nothing to undo" "help says why undo is unavailable"
keys q
wait_for "requests>=2.31" "Help: Project"
keys 3 F1
wait_for "Help: Build"
keys Escape 2
wait_for "requests>=2.31" "Help: Build"

# A disabled action says why in the status line.
keys u
wait_for "Undo: there is nothing to undo"

# Too small, then back.
tm resize-window -t ui -x 60 -y 20
wait_for "Terminal too small" && golden too_small
tm resize-window -t ui -x 100 -y 30
wait_for "requests>=2.31" "Terminal too small"
golden start_after_resize

# The log pane.
keys L
wait_for "Log (L hides it)"
keys L
wait_for "requests>=2.31" "Log (L hides it)"

# The command prompt runs a CLI command in-process; output in a pager.
keys :
wait_for "slipway " && expect "EnterOK" "the prompt shows its keys"
type_text "pep440 normalize 1.0"
keys Enter
wait_for "(exit 1)" && golden prompt_pep440
keys Escape
wait_for "requests>=2.31" "(exit 1)"
keys :
type_text "no-such-command"
keys Enter
wait_for "'no-such-command' is not a slipway command"
# Up and Down recall earlier command lines.
keys : Up
wait_for "slipway no-such-command"
keys Up
wait_for "slipway pep440 normalize 1.0"
keys Down Down
wait_for "EnterOK" "slipway no-such-command"
keys Escape
wait_for "EnterEdit"
# The log pane lists what ran.
keys L
wait_for "ran: slipway pep440 normalize 1.0 (exit 1)" && golden log_pane
keys L
wait_for "EnterEdit" "Log (L hides it)"

# Colours by default; none with NO_COLOR (attributes only).
colour_sgr=$'\e\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5|48;5)[;m]'
tm capture-pane -e -p -t ui >"$work/colour.ansi"
grep -Eq "$colour_sgr" "$work/colour.ansi"
check $? "colours are used by default"

# Quitting restores the terminal: canonical mode and echo are back.
keys q
wait_text "slipway exited: 0"
wait_text "(end)"
[[ $(scrollback) == *"modes: icanon echo (end)"* ]]
check $? "after q: canonical mode and echo restored"
[[ $(screen) != *"EnterEdit"* ]]
check $? "after q: the workbench is gone from the screen (alternate screen left)"

start "$demo" 100 30 NO_COLOR=1
wait_for "requests>=2.31"
tm capture-pane -e -p -t ui >"$work/nocolour.ansi"
! grep -Eq "$colour_sgr" "$work/nocolour.ansi"
check $? "NO_COLOR: no colour at all"
grep -q $'\e\[7m' "$work/nocolour.ansi"
check $? "NO_COLOR: the selection and keys still show, in reverse video"
keys q
wait_text "slipway exited: 0"

# A fatal signal restores the terminal too, then the process dies of it.
start "$demo"
wait_for "requests>=2.31"
pane=$(tm display-message -p -t ui '#{pane_pid}')
pid=$(pgrep -P "$pane" -f slipway | head -1)
kill -TERM "$pid"
wait_text "slipway exited: 143"
wait_text "(end)"
[[ $(scrollback) == *"modes: icanon echo (end)"* ]]
check $? "after SIGTERM: canonical mode and echo restored"

finish
