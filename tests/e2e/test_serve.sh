#!/usr/bin/env bash
# tests/e2e/test_serve.sh — `slipway serve` from the command line with curl
# as the client: --add-user with --password-stdin and Basic auth against the
# users file (401 without credentials, 403 with wrong ones, 200 with right
# ones), --max-upload (413), --read-only (405), traversal in URLs sent
# verbatim (--path-as-is), byte ranges and HEAD, usage errors, and a clean
# stop on SIGINT. Servers listen on a free loopback port; readiness is
# polled with a deadline.
. "$(dirname "$0")/lib.sh"
py=/usr/bin/python3
work=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# start_server ARGS...: starts slipway serve, sets $pid and $base.
start_server() {
	: >"$work/out"
	"$SLIPWAY" serve --port 0 "$@" >"$work/out" 2>"$work/log" &
	pid=$!
	base=
	local deadline=$((SECONDS + 20))
	while [ -z "$base" ] && [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do
		base=$(sed -n 's|^  index:  \(http://[^/]*\)/simple/$|\1|p' "$work/out")
		[ -n "$base" ] || sleep 0.05
	done
	[ -n "$base" ] || { echo "server did not start"; cat "$work/log"; exit 1; }
}

stop_server() {
	kill -INT "$pid"
	wait "$pid" && rc=0 || rc=$?
	pid=
}

# make_wheel NAME VERSION: prints the path of a new hand-made wheel.
make_wheel() {
	"$py" -c 'import sys; sys.path.insert(0, sys.argv[1]); import serve_helpers as H; print(H.make_wheel(sys.argv[2], sys.argv[3], sys.argv[4])[0])' \
		"$SW_TEST_DATA/serve" "$work" "$1" "$2"
}

# upload FILE NAME VERSION CURL-ARGS...: prints the HTTP status of a curl upload.
upload() {
	local file=$1 name=$2 version=$3
	shift 3
	curl -s -o "$work/body" -w '%{http_code}' "$@" \
		-F ':action=file_upload' -F protocol_version=1 -F metadata_version=2.1 \
		-F "name=$name" -F "version=$version" -F filetype=bdist_wheel -F pyversion=py3 \
		-F "sha256_digest=$(sha256sum "$file" | cut -d' ' -f1)" \
		-F "content=@$file;type=application/octet-stream" "$base/legacy/"
}

# --add-user, then Basic auth against the users file
expect_exit 0 "add-user from stdin" -- sh -c "printf 'hunter2\n' | '$SLIPWAY' serve --add-user alice --users '$work/users' --password-stdin"
expect_match "$(cat "$work/users")" '^alice:\$argon2id\$' "users file holds an Argon2id hash"
expect_match "$(stat -c %a "$work/users")" '^600$' "users file is private"
expect_exit 1 "add-user without a terminal or --password-stdin" -- sh -c "'$SLIPWAY' serve --add-user bob --users '$work/users' </dev/null"
expect_exit 2 "add-user needs --users" -- "$SLIPWAY" serve --add-user bob --password-stdin
expect_exit 2 "unknown option" -- "$SLIPWAY" serve --bogus
expect_exit 2 "bad port" -- "$SLIPWAY" serve --port 70000
expect_exit 2 "bad size" -- "$SLIPWAY" serve --max-upload 12X

start_server --root "$work/root" --users "$work/users" --max-upload 2K
wheel=$(make_wheel auth_demo 1.0)
expect_match "$(upload "$wheel" auth_demo 1.0)" '^401$' "no credentials -> 401"
expect_match "$(curl -s -o /dev/null -D - -F a=b "$base/legacy/" | tr -d '\r')" 'WWW-Authenticate: Basic realm="slipway"' "401 carries a Basic challenge"
expect_match "$(upload "$wheel" auth_demo 1.0 -u alice:wrong)" '^403$' "wrong password -> 403"
expect_match "$(cat "$work/body")" 'Invalid or non-existent authentication information' "403 says why"
expect_match "$(upload "$wheel" auth_demo 1.0 -u alice:hunter2)" '^200$' "right password -> 200"
expect_match "$(curl -s "$base/simple/auth-demo/")" 'auth_demo-1.0-py3-none-any.whl#sha256=' "uploaded file listed"
big="$work/big_demo-1.0-py3-none-any.whl"
head -c 4096 /dev/urandom >"$big"
expect_match "$(upload "$big" big_demo 1.0 -u alice:hunter2)" '^413$' "over --max-upload -> 413"
expect_match "$(ls "$work/root/.tmp" | wc -l)" '^0$' "nothing left in .tmp after a refusal"
expect_match "$(cat "$work/log")" 'POST /legacy/ 413' "request log"
if grep -q hunter2 "$work/log"; then expect_match leaked '^$' "password never logged"; else expect_match ok ok "password never logged"; fi

# downloads: ranges, HEAD, ETag; traversal sent verbatim
url="$base/files/auth-demo/auth_demo-1.0-py3-none-any.whl"
size=$(stat -c %s "$wheel")
expect_match "$(curl -s -r 0-9 -o "$work/part" -w '%{http_code} %{size_download}' "$url")" '^206 10$' "byte range"
expect_match "$(cmp -n 10 "$work/part" "$wheel" && echo same)" same "range bytes"
expect_match "$(curl -s -I "$url" | tr -d '\r' | grep -i '^content-length')" "Content-Length: $size" "HEAD length"
expect_match "$(curl -s -I "$url" | tr -d '\r' | grep -i '^etag')" "\"$(sha256sum "$wheel" | cut -d' ' -f1)\"" "ETag is the sha256"
expect_match "$(curl -s -o /dev/null -w '%{http_code}' -r 99999- "$url")" '^416$' "unsatisfiable range"
etag=$(curl -s -I "$url" | tr -d '\r' | sed -n 's/^ETag: //Ip')
expect_match "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$url")" '^304$' "file If-None-Match -> 304"
petag=$(curl -s -D - -o /dev/null "$base/simple/auth-demo/" | tr -d '\r' | sed -n 's/^ETag: //Ip')
expect_match "$petag" '^"[0-9a-f]{16}"$' "pages carry an ETag"
expect_match "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $petag" "$base/simple/auth-demo/")" '^304$' "page If-None-Match -> 304"
expect_match "$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "0000000000000000"' "$base/simple/auth-demo/")" '^200$' "other ETag -> 200"
expect_match "$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "$base/simple/auth-demo/" | tr -d '\r' | sed -n 's/^ETag: //Ip')" '^"[0-9a-f]{16}-gz"$' "gzip page has its own ETag"
for path in /files/../../../etc/passwd /files/auth-demo/../../etc/passwd /simple/../etc/passwd '/files/auth-demo/..%2F..%2Fusers'; do
	expect_match "$(curl -s --path-as-is -o "$work/t" -w '%{http_code}' "$base$path")" '^40[04]$' "traversal $path refused"
done
expect_match "$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$base/simple/")" '^405$' "other methods -> 405"
expect_match "$(curl -s -D - -o "$work/gz" -H 'Accept-Encoding: gzip' "$base/simple/auth-demo/" | tr -d '\r')" 'Content-Encoding: gzip' "gzip-encoded page"
expect_match "$(gzip -dc "$work/gz" | cmp - <(curl -s "$base/simple/auth-demo/") && echo same)" same "gzip page decodes to the plain page"
expect_match "$(curl -s -H 'Accept-Encoding: gzip;q=0' -D - -o /dev/null "$base/simple/" | tr -d '\r' | grep -ci '^content-encoding')" '^0$' "gzip;q=0 refuses gzip"
expect_match "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -X POST "$base/legacy")" "^308 $base/legacy/$" "POST /legacy -> 308"
stop_server
expect_match "$rc" '^0$' "SIGINT stops with exit 0"
expect_match "$(cat "$work/log")" 'stopping \(SIGINT\)' "says it stops"

# read-only, anonymous
start_server --root "$work/root" --read-only
expect_match "$(upload "$wheel" auth_demo 1.0 -u alice:hunter2)" '^405$' "--read-only -> 405"
expect_match "$(cat "$work/out")" 'Read-only' "banner says read-only"
stop_server
start_server --root "$work/root" --allow-anonymous-upload
anon=$(make_wheel anon_demo 2.0)
expect_match "$(upload "$anon" anon_demo 2.0)" '^200$' "--allow-anonymous-upload"
expect_match "$(cat "$work/out")" 'pip install --index-url http://127.0.0.1:[0-9]+/simple/' "banner shows pip"
expect_match "$(cat "$work/out")" 'twine upload --repository-url http://127.0.0.1:[0-9]+/legacy/' "banner shows twine"
stop_server
start_server --root "$work/root"
expect_match "$(upload "$anon" anon_demo 2.0)" '^403$' "no auth configured, not anonymous -> 403"
stop_server
finish
