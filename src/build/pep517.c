/*
 * build/pep517.c — the PEP 517 frontend's public entry points
 * (slipway/pep517.h). Placeholder until the frontend lands: the functions
 * exist so callers can be written against the header.
 */
#include "slipway/pep517.h"
#include "util/util.h"

void sw_pep517_result_clear(sw_pep517_result *result)
{
	if (!result)
		return;
	sw_free(result->sdist.path);
	sw_free(result->wheel.path);
	sw_free(result->backend);
	sw_free(result->python);
	*result = (sw_pep517_result){0};
}

int sw_pep517_build(sw_pep517_result *out, const sw_project *project, const sw_pep517_opts *opts)
{
	(void)project;
	(void)opts;
	if (out)
		*out = (sw_pep517_result){0};
	return sw_error_set(SW_EUNSUPPORTED, "the PEP 517 frontend is not implemented yet");
}

int sw_pep517_metadata(char **out, size_t *len, const sw_project *project,
                       const sw_pep517_opts *opts)
{
	(void)project;
	(void)opts;
	*out = NULL;
	if (len)
		*len = 0;
	return sw_error_set(SW_EUNSUPPORTED, "the PEP 517 frontend is not implemented yet");
}
