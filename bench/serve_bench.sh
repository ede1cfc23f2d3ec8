#!/usr/bin/env bash
# bench/serve_bench.sh SLIPWAY — `slipway serve` under wrk: the index root
# (100 projects) and a 1,000-file project page, HTML and JSON, requests per
# second and p99 latency, against `python3 -m http.server` serving a static
# copy of the same pages (fetched from slipway, so the bytes are equal);
# targets: >= 10x on every page and >= 5,000 req/s on the root. wrk and the
# server share the machine's cores. Then a 1 GiB upload with the server's
# peak RSS (VmHWM) before and after: it must stay flat.
set -euo pipefail
slipway=$(realpath "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
data=$(mktemp -d)
spid=
ppid_=
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null || true
	[ -n "$ppid_" ] && kill "$ppid_" 2>/dev/null || true
	rm -rf "$data"
}
trap cleanup EXIT
dur=${SW_BENCH_SECONDS:-10}
conns=${SW_BENCH_CONNECTIONS:-50}

# wait_for URL: polls until URL answers, with a deadline.
wait_for() {
	local deadline=$((SECONDS + 30))
	until curl -s -o /dev/null "$1"; do
		[ $SECONDS -lt $deadline ] || { echo "no answer from $1"; exit 1; }
		sleep 0.05
	done
}

/usr/bin/python3 "$top/bench/serve_gen.py" "$data/root"
"$slipway" serve --root "$data/root" --port 0 -q --token bench --max-upload 2G \
	--threads "${SW_BENCH_THREADS:-2}" >"$data/out" 2>"$data/log" &
spid=$!
deadline=$((SECONDS + 30))
until grep -q 'index:' "$data/out" 2>/dev/null; do
	[ $SECONDS -lt $deadline ] || { echo "slipway serve did not start"; cat "$data/log"; exit 1; }
	sleep 0.05
done
sw=$(sed -n 's|^  index:  \(http://[^/]*\)/simple/$|\1|p' "$data/out")
json='application/vnd.pypi.simple.v1+json'
mkdir -p "$data/static/simple/big"
curl -sf "$sw/simple/" -o "$data/static/simple/index.html"
curl -sf "$sw/simple/big/" -o "$data/static/simple/big/index.html"
curl -sf -H "Accept: $json" "$sw/simple/" -o "$data/static/simple/index.json"
curl -sf -H "Accept: $json" "$sw/simple/big/" -o "$data/static/simple/big/index.json"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
(cd "$data/static" && exec /usr/bin/python3 -m http.server -b 127.0.0.1 "$port" >/dev/null 2>&1) &
ppid_=$!
py="http://127.0.0.1:$port"
wait_for "$py/simple/"

# run_wrk URL ACCEPT ENCODING: prints "req/s p99-ms" (empty ACCEPT or
# ENCODING: header not sent).
run_wrk() {
	local args=(-t2 -c"$conns" -d"${dur}s" --latency)
	[ -z "$2" ] || args+=(-H "Accept: $2")
	[ -z "$3" ] || args+=(-H "Accept-Encoding: $3")
	local out
	out=$(wrk "${args[@]}" "$1")
	local errs
	errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}')
	[ -z "$errs" ] || echo "  wrk ($1): $errs" >&2
	echo "$out" | awk '/Requests\/sec/ {r = $2}
		$1 == "99%" {v = $2; m = 1;
			if (v ~ /us$/) {sub(/us/, "", v); m = 0.001}
			else if (v ~ /ms$/) {sub(/ms/, "", v)}
			else if (v ~ /s$/) {sub(/s/, "", v); m = 1000}
			p = v * m}
		END {print r, p}'
}

echo "== slipway serve vs python3 -m http.server (static copy), wrk -t2 -c$conns -d${dur}s =="
echo "   (\"+gzip\": both sent Accept-Encoding: gzip as pip does; http.server ignores it)"
printf '%-24s %12s %10s %12s %10s %8s\n' page "slipway r/s" "p99 ms" "static r/s" "p99 ms" ratio
for case in "root-html|/simple/|/simple/|" "root-json|/simple/|/simple/index.json|$json" \
	"project-1000-html|/simple/big/|/simple/big/|" \
	"project-1000-json|/simple/big/|/simple/big/index.json|$json"; do
	IFS='|' read -r name swpath pypath accept <<<"$case"
	for enc in "" gzip; do
		a=$(run_wrk "$sw$swpath" "$accept" "$enc")
		b=$(run_wrk "$py$pypath" "" "$enc")
		read -r ars ap99 <<<"$a"
		read -r brs bp99 <<<"$b"
		awk -v n="$name${enc:++$enc}" -v a="$ars" -v ap="$ap99" -v b="$brs" -v bp="$bp99" 'BEGIN {
			r = a / b; ok = r >= 10 ? "ok" : "BELOW TARGET (10x)";
			if (n ~ /^root/ && a < 5000) ok = ok " BELOW TARGET (5000 r/s)";
			printf "%-24s %12.0f %10.2f %12.0f %10.2f %7.1fx %s\n", n, a, ap, b, bp, r, ok }'
	done
done
kill "$ppid_"
ppid_=

echo "== 1 GiB upload: server peak RSS (VmHWM) =="
/usr/bin/python3 "$top/bench/serve_gen.py" --gigabyte "$data/huge-1.0-py3-none-any.whl"
before=$(awk '/VmHWM/ {print $2}' "/proc/$spid/status")
sha=$(sha256sum "$data/huge-1.0-py3-none-any.whl" | cut -d' ' -f1)
start=$(date +%s.%N)
code=$(curl -s -o "$data/resp" -w '%{http_code}' -u __token__:bench \
	-F ':action=file_upload' -F protocol_version=1 -F metadata_version=2.1 -F name=huge \
	-F version=1.0 -F filetype=bdist_wheel -F pyversion=py3 -F "sha256_digest=$sha" \
	-F "content=@$data/huge-1.0-py3-none-any.whl;type=application/octet-stream" "$sw/legacy/")
end=$(date +%s.%N)
after=$(awk '/VmHWM/ {print $2}' "/proc/$spid/status")
awk -v c="$code" -v b="$before" -v a="$after" -v s="$start" -v e="$end" 'BEGIN {
	printf "status %s  %.1f s (%.0f MB/s)  peak RSS before %.1f MB, after %.1f MB (+%.1f MB) %s\n",
	       c, e - s, 1024 / (e - s), b / 1024, a / 1024, (a - b) / 1024,
	       (a - b < 65536 ? "ok (flat)" : "NOT FLAT") }'
[ "$code" = 200 ] || cat "$data/resp"
