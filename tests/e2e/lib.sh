# tests/e2e/lib.sh — helpers for the CLI end-to-end scripts: run the real
# binary, check exit codes and output, count passes and failures.
set -u
: "${SLIPWAY:?SLIPWAY must name the slipway binary}"
passed=0
failed=0

# expect_exit CODE DESCRIPTION -- COMMAND...: runs COMMAND, keeps its output
# in $out / $err, and checks its exit code.
expect_exit() {
	local want=$1 what=$2
	shift 3
	out=$("$@" 2>/tmp/sw-e2e-err.$$) && rc=0 || rc=$?
	err=$(cat /tmp/sw-e2e-err.$$)
	rm -f /tmp/sw-e2e-err.$$
	if [ "$rc" -eq "$want" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf 'FAIL: %s: exit %s, wanted %s\n  stdout: %s\n  stderr: %s\n' \
			"$what" "$rc" "$want" "$out" "$err"
	fi
}

# expect_match TEXT REGEX DESCRIPTION
expect_match() {
	if printf '%s' "$1" | grep -Eq -- "$2"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf 'FAIL: %s: %s does not match /%s/\n' "$3" "$1" "$2"
	fi
}

finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ]
}
