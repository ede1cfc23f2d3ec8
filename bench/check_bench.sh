#!/usr/bin/env bash
# bench/check_bench.sh SLIPWAY DIR — the full artifact check of a typical
# wheel and of a 100 MB wheel with 10,000 members (bench/check_gen.py):
# `slipway check FILE` (RECORD verified on 2 workers, zip rules, PyPI rules,
# lints, README, secrets) against `python3 -m wheel unpack` + `python3 -m
# twine check` on the same file, each a new process as in CI; and, for the
# big wheel, against the one-core limit (bench/check_limit.c: zlib inflate
# + SHA-256 of the same bytes on one thread). Prints mean times, ratios and
# peak RSS. Targets: >= 40x on the typical wheel, >= 2x on the big one.
set -euo pipefail
sw=$1
dir=$2
py=/usr/bin/python3
top=$(cd "$(dirname "$0")/.." && pwd)
prefix=${SW_ORACLE_PREFIX:-$HOME/.cache/slipway/oracle}
site=$prefix/usr/lib/python3/dist-packages
[ -d "$site/wheel" ] && [ -d "$site/twine" ] || { echo "wheel/twine not found under $site" >&2; exit 1; }

"$py" "$top/bench/check_gen.py" "$dir/wheels"
cc -O2 -o "$dir/check_limit" "$top/bench/check_limit.c" \
	$(pkg-config --cflags --libs libzip zlib libcrypto)

now() { date +%s.%N; }
# Peak RSS in KiB of one run of a command.
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
python_tools() {
	rm -rf "$dir/unpack"
	PYTHONPATH=$site "$py" -m wheel unpack -d "$dir/unpack" "$1" >/dev/null
	PYTHONPATH=$site "$py" -m twine check "$1" >/dev/null
}

bench_one() {
	local label=$1 whl=$2 sw_runs=$3 py_runs=$4 target=$5 t0 t1 t2
	"$sw" check "$whl" >/dev/null || { echo "slipway finds errors in $whl" >&2; exit 1; }
	python_tools "$whl" || { echo "wheel/twine refuse $whl" >&2; exit 1; }
	t0=$(now)
	for ((i = 0; i < sw_runs; i++)); do "$sw" check "$whl" >/dev/null; done
	t1=$(now)
	for ((i = 0; i < py_runs; i++)); do python_tools "$whl"; done
	t2=$(now)
	awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$sw_runs" -v m="$py_runs" -v l="$label" \
		-v size="$(stat -c %s "$whl")" -v t="$target" \
		-v rs="$(rss "$sw" check "$whl")" 'BEGIN {
		s = (b - a) / n; r = (c - b) / m
		printf "%-8s %10d bytes  slipway check %9.3f ms (peak RSS %d KiB)  wheel unpack + twine check %9.3f ms  ratio %6.1fx (target >= %dx) %s\n",
		       l, size, s * 1e3, rs, r * 1e3, r / s, t, (r / s >= t ? "ok" : "BELOW TARGET")
		print s > "/dev/stderr"
	}' 2>"$dir/sw_time"
}

bench_one typical "$dir/wheels/typical/bench_pkg-1.0-py3-none-any.whl" 50 5 40
bench_one big "$dir/wheels/big/bench_big-1.0-py3-none-any.whl" 3 1 2
read -r limit bytes < <("$dir/check_limit" "$dir/wheels/big/bench_big-1.0-py3-none-any.whl" 3)
awk -v s="$(cat "$dir/sw_time")" -v l="$limit" -v b="$bytes" -v rs="$(rss "$dir/check_limit" "$dir/wheels/big/bench_big-1.0-py3-none-any.whl" 1)" 'BEGIN {
	printf "one-core limit (zlib inflate + sha256 of %d bytes, one thread) %9.3f ms (peak RSS %d KiB); slipway check of the big wheel takes %.2fx the limit\n",
	       b, l * 1e3, rs, s / l
}'
