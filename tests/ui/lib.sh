# tests/ui/lib.sh — drives the real slipway binary inside a private tmux
# server: start it in a detached session of a fixed size with SLIPWAY_TEST=1,
# send keys, poll the captured screen for a marker until a deadline (never a
# fixed sleep), and compare whole screens with tests/ui/golden/NAME.txt.
# UPDATE=1 rewrites the golden files instead (review them before committing).
set -u
: "${SLIPWAY:?SLIPWAY must name the slipway binary}"
export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset NO_COLOR
here=$(cd "$(dirname "$0")" && pwd)
golden=$here/golden
passed=0
failed=0
work=$(mktemp -d /tmp/sw-ui.XXXXXX)
sessions=0
sock=$work/tmux.0.sock
IDLE="● idle"
DEADLINE=${SW_UI_DEADLINE:-20}

tm() { tmux -S "$sock" "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT

ok() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*"
}

# make_demo DIR: a project as scripts/run makes it (init, a dependency).
make_demo() {
	"$SLIPWAY" init "$1" --author "Ada Lovelace <ada@example.org>" --license MIT >/dev/null &&
		(cd "$1" && "$SLIPWAY" project add-dep "requests>=2.31" >/dev/null)
}

# start DIR [COLS ROWS [ENV]]: runs slipway on DIR in a new session, with
# ENV (e.g. "NO_COLOR=1") added to its environment. When it
# exits, the pane shows "slipway exited: CODE" and the terminal modes
# ("modes: icanon echo (end)" when they were restored).
start() {
	local dir=$1 cols=${2:-100} rows=${3:-30} env=${4:-}
	# a new server on a new socket: a server being killed may still accept
	tm kill-server >/dev/null 2>&1
	sessions=$((sessions + 1))
	sock=$work/tmux.$sessions.sock
	tm -f /dev/null start-server \; set -g remain-on-exit on \; \
		set -g default-terminal tmux-256color \; \
		new-session -d -s ui -x "$cols" -y "$rows" -c "$dir" \
		"env SLIPWAY_TEST=1 $env '$SLIPWAY' .; echo \"slipway exited: \$?\"; printf 'modes: '; stty -a | tr ' ;' '\n\n' | grep -x -e -icanon -e icanon -e -echo -e echo | tr '\n' ' '; echo '(end)'"
}

screen() { tm capture-pane -p -t ui; }

# wait_for TEXT [GONE]: polls until the screen holds TEXT (or, with GONE
# given, no longer holds GONE) and the idle marker, and two captures in a
# row are the same. Fails after the deadline. Each capture is a round trip
# to the tmux server, which paces the loop: no sleep is needed or used.
wait_for() {
	local want=$1 gone=${2:-} end=$((SECONDS + DEADLINE)) prev="" cur
	while [ $SECONDS -lt $end ]; do
		cur=$(screen)
		if [[ $cur == *"$want"* && $cur == *"$IDLE"* ]] &&
			{ [ -z "$gone" ] || [[ $cur != *"$gone"* ]]; }; then
			[ "$cur" = "$prev" ] && return 0
			prev=$cur
		else
			prev=""
		fi
	done
	fail "timed out waiting for '$want'"
	printf '%s\n' "$cur" | sed 's/^/  | /'
	return 1
}

# The screen and the lines scrolled above it.
scrollback() { tm capture-pane -p -S - -t ui; }

# wait_text TEXT: TEXT on the screen or above it, without the idle marker
# (for what the shell prints once slipway is gone).
wait_text() {
	local end=$((SECONDS + DEADLINE)) cur
	while [ $SECONDS -lt $end ]; do
		cur=$(scrollback)
		[[ $cur == *"$1"* ]] && return 0
	done
	fail "timed out waiting for '$1'"
	printf '%s\n' "$cur" | sed 's/^/  | /'
	return 1
}

keys() { tm send-keys -t ui "$@"; }
# click X Y [BUTTON]: a mouse press and release at column X, row Y (from
# 0) as an xterm sends them (X10 encoding), in one write; BUTTON 64/65 is
# the wheel up/down. (Curses folds events that arrive together into one,
# so a double click is two calls.)
click() {
	local b=${3:-0} x y seq
	x=$(printf "\\$(printf '%03o' $(($1 + 33)))")
	y=$(printf "\\$(printf '%03o' $(($2 + 33)))")
	seq=$'\e[M'"$(printf "\\$(printf '%03o' $((b + 32)))")$x$y"
	[ "$b" -ge 64 ] || seq+=$'\e[M'"#$x$y"
	tm send-keys -t ui -l "$seq"
}
type_text() { tm send-keys -t ui -l "$1"; }

# golden NAME: the screen equals golden/NAME.txt (UPDATE=1 writes it).
golden() {
	local file=$golden/$1.txt
	if [ "${UPDATE:-0}" = 1 ]; then
		mkdir -p "$golden"
		screen >"$file"
		ok
		return
	fi
	if [ ! -f "$file" ]; then
		fail "no golden screen $1 (run with UPDATE=1 and review it)"
		return
	fi
	if diff -u "$file" <(screen) >"$work/diff"; then
		ok
	else
		fail "screen $1 differs from its golden file:"
		sed 's/^/  /' "$work/diff"
	fi
}

# expect TEXT DESCRIPTION: the screen holds TEXT right now.
expect() {
	local cur
	cur=$(screen)
	if [[ $cur == *"$1"* ]]; then
		ok
	else
		fail "$2: '$1' not on screen"
		printf '%s\n' "$cur" | sed 's/^/  | /'
	fi
}

# check COND_STATUS DESCRIPTION
check() { if [ "$1" -eq 0 ]; then ok; else fail "$2"; fi; }

finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
}
