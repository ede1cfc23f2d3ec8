/*
 * build/select_hatchling.c — hatchling 1.27's rules (being written).
 */
#include "build/build_int.h"

int bp_rules_hatchling(struct bp *bp)
{
	return bp_unsupported(bp, "not implemented yet");
}

int bp_version_hatchling(struct bp *bp, char **out)
{
	*out = NULL;
	return bp_unsupported(bp, "not implemented yet");
}
