#!/usr/bin/env bash
# bench/build_bench.sh SLIPWAY DATA — `slipway build --native` against
# `python3 -m build --no-isolation` (hatchling 1.27 and flit_core 3.12 from
# the reference tools), sdist + wheel, whole process, on generated small (10
# modules) and large (2,000 modules, ~10 MB, 200 data files) projects; the
# machine's limit for the large ones (bench/build_limit.c: read, deflate,
# SHA-256 and write the same bytes on one core); and slipway's peak RSS
# on small, large and a project with one 200 MB file (memory must not grow
# with file size). Targets: >= 50x small, >= 5x large, within 2x of the limit.
set -euo pipefail
sw=$(realpath "$1")
data=$2
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
prefix=${SW_ORACLE_PREFIX:-$HOME/.cache/slipway/oracle}
site="$prefix/usr/lib/python3/dist-packages"
[ -d "$site/hatchling" ] && [ -d "$site/flit_core" ] || { echo "reference tools missing: run scripts/setup"; exit 1; }
proj="$data/build-projects"
rm -rf "$proj" && mkdir -p "$proj"
"$py" "$here/build_gen.py" "$proj"
cc -O2 -o "$data/build_limit" "$here/build_limit.c" $(pkg-config --cflags --libs libcrypto zlib)

timeit() { # runs outdir cmd...
	local runs=$1 out=$2
	shift 2
	"$py" "$here/build_time.py" "$runs" "$out" -- "$@"
}

printf '%-12s %12s %12s %12s %12s %8s %8s %s\n' project slipway_s ref_s sw_cpu_s ref_cpu_s wall_x cpu_x target
for p in hatch_small flit_small hatch_large flit_large; do
	case $p in *small) runs=7 refruns=3 target=50 ;; *) runs=3 refruns=2 target=5 ;; esac
	read -r sw_wall sw_cpu sw_rss < <(timeit $runs "$data/out-sw" "$sw" build --native --outdir "$data/out-sw" "$proj/$p")
	read -r ref_wall ref_cpu ref_rss < <(PYTHONPATH="$site" timeit $refruns "$data/out-ref" \
		"$py" -m build --no-isolation --outdir "$data/out-ref" "$proj/$p")
	awk -v p="$p" -v sw="$sw_wall" -v r="$ref_wall" -v sc="$sw_cpu" -v rc="$ref_cpu" -v t="$target" \
		'BEGIN { printf "%-12s %12.4f %12.4f %12.4f %12.4f %7.1fx %7.1fx >= %dx %s\n", p, sw, r, sc, rc,
		         r / sw, rc / sc, t, (r / sw >= t ? "ok" : "BELOW TARGET") }'
	eval "rss_$p=$sw_rss ref_rss_$p=$ref_rss"
done

echo "-- the machine's limit (read + deflate + sha256 + write, one core) --"
for p in hatch_large flit_large; do
	read -r limit limit_cpu nbytes < <("$data/build_limit" "$proj/$p" 3)
	read -r sw_wall sw_cpu _ < <(timeit 3 "$data/out-sw" "$sw" build --native --outdir "$data/out-sw" "$proj/$p")
	awk -v p="$p" -v l="$limit" -v lc="$limit_cpu" -v b="$nbytes" -v w="$sw_wall" -v c="$sw_cpu" \
		'BEGIN { printf "%-12s %d bytes: limit %.4f s wall, %.4f s cpu; slipway %.4f s wall (%.2fx), %.4f s cpu (%.2fx) target <= 2x %s\n",
		         p, b, l, lc, w, w / l, c, c / lc, (w / l <= 2 || c / lc <= 2 ? "ok" : "ABOVE TARGET") }'
done

echo "-- peak RSS (KiB) --"
read -r _ _ rss_huge < <(timeit 1 "$data/out-sw" "$sw" build --native --outdir "$data/out-sw" "$proj/hatch_huge")
echo "slipway: small $rss_hatch_small, large $rss_hatch_large, one 200 MB file $rss_huge"
echo "python -m build (hatchling): small $ref_rss_hatch_small, large $ref_rss_hatch_large"
rm -rf "$data/out-sw" "$data/out-ref" "$proj"
