# SPDX-License-Identifier: MIT
__version__ = "v2.0.0rc1"
