"""tests/oracle/oracle_env.py — what every oracle test needs first: the
newest reference tools (unpacked by scripts/setup under SW_ORACLE_PREFIX) on
sys.path, the slipway binary under test, and one way to fail.

A missing tool is a failure, never a skip: scripts/setup installs them, so
CI always has them."""
import os
import sys

PREFIX = os.environ.get("SW_ORACLE_PREFIX") or os.path.expanduser("~/.cache/slipway/oracle")
SITE = os.path.join(PREFIX, "usr", "lib", "python3", "dist-packages")
SLIPWAY = os.environ.get("SLIPWAY")


def die(message):
    """Fails the test with a message."""
    print("FAIL: " + message)
    sys.exit(1)


def use_reference_tools(*paths):
    """Puts the reference tools first on sys.path, after checking that each
    of `paths` (package folders relative to the site folder) is there."""
    for path in paths:
        if not os.path.exists(os.path.join(SITE, path)):
            die(f"{path} not found under {SITE}: run scripts/setup")
    sys.path.insert(0, SITE)


def require_slipway():
    """Checks that SLIPWAY names an executable."""
    if not SLIPWAY or not os.access(SLIPWAY, os.X_OK):
        die("SLIPWAY must name the slipway binary")
