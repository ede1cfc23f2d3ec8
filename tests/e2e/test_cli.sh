# tests/e2e/test_cli.sh — the command line's global behaviour: --version,
# --help, `help COMMAND` for every command, and the exit codes 0/1/2.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
want_version=$(sed -n 's/^project(slipway VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")

expect_exit 0 "--version" -- "$SLIPWAY" --version
expect_match "$out" "^slipway $want_version\$" "--version prints the project version"

expect_exit 0 "--help" -- "$SLIPWAY" --help
expect_match "$out" "^usage: slipway" "--help starts with usage"

# Every command named in the overview has its own help.
commands=$(printf '%s\n' "$out" | sed -n 's/^  \([a-z0-9-]*\)  .*/\1/p')
expect_match "$commands" "toml" "the overview lists toml"
expect_match "$commands" "pep440" "the overview lists pep440"
expect_match "$commands" "pep508" "the overview lists pep508"
for c in $commands; do
	expect_exit 0 "help $c" -- "$SLIPWAY" help "$c"
	expect_match "$out" "^usage: slipway $c" "help $c shows its usage"
done

expect_exit 2 "unknown command" -- "$SLIPWAY" no-such-command
expect_match "$err" "not a slipway command" "unknown command is explained"
expect_exit 2 "unknown option" -- "$SLIPWAY" --no-such-option
expect_exit 2 "help for an unknown command" -- "$SLIPWAY" help no-such-command
expect_exit 2 "help with two names" -- "$SLIPWAY" help toml pep440

finish
