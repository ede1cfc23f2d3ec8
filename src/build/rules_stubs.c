/*
 * build/rules_stubs.c — placeholders for the rules of the backends whose
 * native support is being written (flit_core, setuptools, uv_build): each
 * refuses the native build, so `slipway build` says the PEP 517 path is
 * needed. Delete a stub when select_<backend>.c lands with the real one.
 */
#include "build/build_int.h"

int bp_rules_uv_build(struct bp *bp)
{
	return bp_unsupported(bp, "not implemented yet");
}
