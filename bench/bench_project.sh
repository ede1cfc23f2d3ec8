#!/usr/bin/env bash
# bench/bench_project.sh SLIPWAY DIR — whole-process speed of
# `slipway check --project DIR` against `python3 -m validate_pyproject
# DIR/pyproject.toml` (validate-pyproject with trove-classifiers, from the
# oracle prefix), on the same file: each tool runs as a new process, as a
# user or CI would run it. Prints the mean time per run of both and the ratio
# (target: slipway 50x faster). Run by bench/run; SW_BENCH_RUNS sets how many
# runs validate-pyproject gets (slipway gets 20 times as many).
set -euo pipefail
sw=$1
dir=$2
py=/usr/bin/python3
prefix=${SW_ORACLE_PREFIX:-$HOME/.cache/slipway/oracle}
site=$prefix/usr/lib/python3/dist-packages
runs=${SW_BENCH_RUNS:-20}
sw_runs=$((runs * 20))

[ -d "$site/validate_pyproject" ] || { echo "validate-pyproject not found under $site" >&2; exit 1; }
# Both must accept the file, or the comparison means nothing.
"$sw" check --project "$dir" >/dev/null ||
	{ echo "slipway finds errors in $dir/pyproject.toml" >&2; exit 1; }
NO_NETWORK=1 PYTHONPATH=$site "$py" -m validate_pyproject "$dir/pyproject.toml" >/dev/null 2>&1 ||
	{ echo "validate-pyproject rejects $dir/pyproject.toml" >&2; exit 1; }

# Seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }

t0=$(now)
for ((i = 0; i < sw_runs; i++)); do
	"$sw" check --project "$dir" >/dev/null
done
t1=$(now)
for ((i = 0; i < runs; i++)); do
	NO_NETWORK=1 PYTHONPATH=$site "$py" -m validate_pyproject "$dir/pyproject.toml" \
		>/dev/null 2>&1
done
t2=$(now)

awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$sw_runs" -v m="$runs" \
	-v size="$(stat -c %s "$dir/pyproject.toml")" 'BEGIN {
	s = (b - a) / n; r = (c - b) / m
	printf "pyproject.toml %6d bytes  slipway check %8.3f ms  validate-pyproject %8.3f ms  ratio %6.1fx (target >= 50x) %s\n",
	       size, s * 1e3, r * 1e3, r / s, (r / s >= 50 ? "ok" : "BELOW TARGET")
}'
