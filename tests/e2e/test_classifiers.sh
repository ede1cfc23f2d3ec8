# tests/e2e/test_classifiers.sh — `slipway classifiers`: --refresh against a
# local HTTP server on 127.0.0.1 (classifiers_server.py, a free port) that
# serves the shipped list plus one new classifier, a garbage page, a list
# too short, a redirect, and 404s; checks the cache file and its header, the counts
# printed, that refused downloads keep the old cache, the 404 and
# connection-refused messages, listing with a pattern, and that `slipway
# check` accepts the new classifier only once the cache has it. HOME and
# XDG_CACHE_HOME point into a temporary folder; no other address is used.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
server_pid=
cleanup() {
	[ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home XDG_CACHE_HOME=$work/xdg
unset SLIPWAY_CLASSIFIERS_URL
cache=$XDG_CACHE_HOME/slipway/classifiers.txt
new="Programming Language :: Python :: 3.99"

# The shipped list, as slipway lists it without a cache.
expect_exit 0 "list shipped" -- "$SLIPWAY" classifiers
shipped_count=$(printf '%s\n' "$out" | grep -c ' :: ')
expect_match "$err" "^$shipped_count classifiers from the shipped list of [0-9]{4}-[0-9]{2}-[0-9]{2}$" \
	"list says which list"
shipped_date=$(printf '%s' "$err" | grep -Eo '[0-9]{4}-[0-9]{2}-[0-9]{2}')

mkdir -p "$work/srv" "$HOME"
{ printf '%s\n' "$out"; printf '%s\r\n' "$new"; } >"$work/srv/list.txt"
printf '<!DOCTYPE html>\n<html><body>Maintenance</body></html>\n' >"$work/srv/garbage.txt"
printf 'A :: B\nC :: D\n' >"$work/srv/short.txt"
mkdir "$work/srv/moved" # /moved answers 301 to /moved/, which serves index.html
cp "$work/srv/list.txt" "$work/srv/moved/index.html"

# The server writes its port to a named pipe once it listens; reading the
# pipe (opened read-write, so the open never blocks) waits at most 20 s.
mkfifo "$work/port"
exec 3<>"$work/port"
/usr/bin/python3 "$(dirname "$0")/classifiers_server.py" "$work/srv" "$work/port" &
server_pid=$!
port=
read -r -t 20 -u 3 port || true
exec 3<&-
if [ -z "$port" ]; then
	echo "FAIL: the test server did not start"
	exit 1
fi
base=http://127.0.0.1:$port

# A project using the new classifier: an error without the cache.
proj=$work/proj
mkdir -p "$proj"
cat >"$proj/pyproject.toml" <<TOML
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "demo"
version = "1.0"
description = "d"
requires-python = ">=3.9"
license = "MIT"
readme = {text = "hi", content-type = "text/plain"}
classifiers = ["$new"]
TOML
expect_exit 1 "check before refresh" -- "$SLIPWAY" check --no-fs --today "$shipped_date" "$proj"
expect_match "$out" "project.classifiers.unknown" "unknown before refresh"

# The editor refuses the new classifier too, and says how to fix it.
edit=$work/edit
mkdir -p "$edit"
printf '[project]\nname = "demo"\nversion = "1.0"\nclassifiers = []\n' >"$edit/pyproject.toml"
expect_exit 1 "add-classifier before refresh" -- "$SLIPWAY" project add-classifier "$new" --file "$edit"
expect_match "$err" "classifiers --refresh" "the refusal points at --refresh"

# 404, connection refused, no cache written.
expect_exit 1 "refresh 404" -- "$SLIPWAY" classifiers --refresh --index-url "$base/missing"
expect_match "$err" "HTTP 404 from http://127.0.0.1:$port/missing" "404 message"
expect_match "$err" "shipped classifier list of $shipped_date stays in use" "404 keeps shipped"
[ ! -e "$cache" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: cache after 404"; }

# A good list, with credentials in the URL that must not be shown or kept.
expect_exit 0 "refresh" -- "$SLIPWAY" classifiers --refresh --index-url "http://me:s3cret@127.0.0.1:$port/list.txt"
expect_match "$out" "^fetched $((shipped_count + 1)) classifiers \(1 not in the shipped list of $shipped_date\) into $cache$" \
	"refresh counts"
expect_match "$(head -n 1 "$cache")" \
	"^# slipway trove classifiers fetched $(date -u +%Y-%m-%d) from http://127.0.0.1:$port/list.txt$" "cache header"
expect_match "$(grep -c ' :: ' "$cache")" "^$((shipped_count + 1))$" "cache lines"
expect_match "$(grep -cx "$new" "$cache")" "^1$" "new classifier cached without CR"
if grep -q s3cret "$cache" || printf '%s%s' "$out" "$err" | grep -q s3cret; then
	failed=$((failed + 1)); echo "FAIL: credentials shown"
else passed=$((passed + 1)); fi
good=$(cat "$cache")

# The same list behind a redirect.
expect_exit 0 "refresh redirect" -- "$SLIPWAY" classifiers --refresh --index-url "$base/moved"
expect_match "$out" "^fetched $((shipped_count + 1)) classifiers" "redirect followed"
expect_match "$(head -n 1 "$cache")" "from http://127.0.0.1:$port/moved$" "redirect header"
good=$(cat "$cache")

# Garbage and a too-short list are refused; the cache stays.
expect_exit 1 "refresh garbage" -- "$SLIPWAY" classifiers --refresh --index-url "$base/garbage.txt"
expect_match "$err" "refusing the list from .*line 1 is not a trove classifier.*cache is unchanged" \
	"garbage refused"
expect_exit 1 "refresh short" -- env SLIPWAY_CLASSIFIERS_URL="$base/short.txt" "$SLIPWAY" classifiers --refresh
expect_match "$err" "only 2 classifiers, expected at least 300" "short refused"
[ "$(cat "$cache")" = "$good" ] && passed=$((passed + 1)) || { failed=$((failed + 1)); echo "FAIL: cache changed"; }

# Nothing listens on the port once the server is gone.
kill "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=
expect_exit 1 "refresh refused" -- "$SLIPWAY" classifiers --refresh --index-url "$base/list.txt"
expect_match "$err" "could not connect \(network unreachable\?\)" "unreachable message"
expect_match "$err" "stays in use" "unreachable keeps shipped"

# Listing uses the cache; check accepts the new classifier.
expect_exit 0 "list pattern" -- "$SLIPWAY" classifiers "PYTHON :: 3.99"
expect_match "$out" "^$new$" "pattern finds the new classifier"
expect_match "$err" "and the cache of $(date -u +%Y-%m-%d)" "list names the cache"
expect_exit 0 "list json" -- "$SLIPWAY" classifiers --json "3.99"
expect_match "$out" "^\{\"classifiers\":\[\"$new\"\],\"count\":1," "json list"
expect_exit 0 "check after refresh" -- "$SLIPWAY" check --no-fs --today "$shipped_date" "$proj"
expect_match "$out" "no problems found" "known after refresh"
expect_exit 0 "check today" -- "$SLIPWAY" check --no-fs "$proj"
expect_exit 0 "add-classifier after refresh" -- "$SLIPWAY" project add-classifier "$new" --file "$edit"
expect_match "$(cat "$edit/pyproject.toml")" "^classifiers = \\[\"$new\"\\]$" "the editor adds it"
expect_exit 2 "usage" -- "$SLIPWAY" classifiers --refresh extra

# A damaged cache is reported and ignored: back to the shipped list.
printf 'A :: B\n<html>\n' >"$cache"
expect_exit 1 "check with damaged cache" -- "$SLIPWAY" check --no-fs --today "$shipped_date" "$proj"
expect_match "$err" "ignoring the classifier cache: .*classifiers.txt: line 2 is not a trove classifier" \
	"damaged cache reported"
expect_match "$out" "project.classifiers.unknown" "damaged cache ignored"
finish
