# tests/e2e/test_secrets_cli.sh — secrets through `slipway check`: a wheel
# (written here by Python, with a fake GitHub token generated at run time)
# fails the check with S005 and a fingerprint; nothing the command prints,
# with or without --json and -v, contains the token; --ignore with the
# fingerprint keeps the finding, marked ignored, and the check passes.
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

token=$(/usr/bin/python3 - "$tmp" <<'PY'
import base64, hashlib, random, sys, zipfile
tmp = sys.argv[1]
r = random.Random(2026)
token = "ghp_" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
                         for _ in range(36))
di = "demo-1.0.dist-info"
files = {
    "demo/__init__.py": ("API = 'https://api.github.com'\nTOKEN = '%s'\n" % token).encode(),
    di + "/METADATA": b"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nSummary: demo\n"
                      b"Description-Content-Type: text/markdown\n\n# Demo\n",
    di + "/WHEEL": b"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
def row(p, d):
    h = base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d\n" % (p, h, len(d))
files[di + "/RECORD"] = ("".join(row(p, d) for p, d in files.items()) + di + "/RECORD,,\n").encode()
with zipfile.ZipFile(tmp + "/demo-1.0-py3-none-any.whl", "w", zipfile.ZIP_DEFLATED) as z:
    for p, d in files.items():
        z.writestr(p, d)
print(token)
PY
)
whl="$tmp/demo-1.0-py3-none-any.whl"
body=${token#ghp_}

expect_exit 1 "check finds the token" -- "$SLIPWAY" -v check "$whl"
expect_match "$out" "error\[S005\]" "text names the rule"
all="$out$err"
case "$all" in *"$body"*) failed=$((failed + 1)); echo "FAIL: text output leaks the token";; *) passed=$((passed + 1));; esac

expect_exit 1 "check --json finds the token" -- "$SLIPWAY" check --json "$whl"
case "$out$err" in *"$body"*) failed=$((failed + 1)); echo "FAIL: JSON output leaks the token";; *) passed=$((passed + 1));; esac
fingerprint=$(printf '%s' "$out" | /usr/bin/python3 -c '
import json, re, sys
for report in json.load(sys.stdin):
    for f in report["findings"]:
        if f["code"] == "S005":
            m = re.search(r"\(fingerprint (S005:[^ )]+)\)", f["message"])
            print(m.group(1) if m else "")
')
expect_match "$fingerprint" '^S005:demo/__init__\.py:2:[0-9a-f]{16}$' "the finding carries its fingerprint"

expect_exit 0 "an overridden fingerprint no longer fails the check" -- "$SLIPWAY" check --json --ignore "$fingerprint" "$whl"
ignored=$(printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
print([f["ignored"] for r in json.load(sys.stdin) for f in r["findings"] if f["code"] == "S005"])')
expect_match "$ignored" '^\[True\]$' "the S005 finding is kept, marked ignored"

expect_exit 1 "another fingerprint does not override it" -- "$SLIPWAY" check --ignore "S005:demo/__init__.py:2:0000000000000000" "$whl"

finish
