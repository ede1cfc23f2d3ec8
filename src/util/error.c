/*
 * util/error.c — the thread-local last-error message and code.
 *
 * The message lives in a fixed thread-local array so that reporting an
 * out-of-memory error never needs memory.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"

#define SW_ERROR_MAX 1024

static _Thread_local char last_message[SW_ERROR_MAX];
static _Thread_local int last_code;

static const struct {
	int code;
	const char *name;
} error_names[] = {
        {SW_OK, "no error"},
        {SW_ENOMEM, "out of memory"},
        {SW_EINVAL, "invalid argument"},
        {SW_EPARSE, "parse error"},
        {SW_EIO, "input/output error"},
        {SW_ETOOBIG, "too big"},
        {SW_ENOTFOUND, "not found"},
        {SW_ECONFLICT, "changed on disk"},
        {SW_ECANCELLED, "cancelled"},
        {SW_ETYPE, "wrong type"},
        {SW_EEXISTS, "already exists"},
        {SW_EUNSUPPORTED, "not supported"},
        {SW_ENETWORK, "network error"},
        {SW_EREFUSED, "refused"},
        {SW_ESUBPROCESS, "subprocess failed"},
};

const char *sw_error_name(int code)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(error_names); i++)
		if (error_names[i].code == code)
			return error_names[i].name;
	return "unknown error";
}

const char *sw_error_last(void)
{
	return last_message;
}

int sw_error_last_code(void)
{
	return last_code;
}

void sw_error_clear(void)
{
	last_message[0] = '\0';
	last_code = SW_OK;
}

/* Messages are formatted into a scratch buffer and then copied, so an
 * argument may be sw_error_last() itself (wrapping the previous message). */
static _Thread_local char scratch[SW_ERROR_MAX];

int sw_error_setv(int code, const char *fmt, va_list ap)
{
	last_code = code;
	if (code == SW_ENOMEM && !fmt) {
		snprintf(last_message, sizeof(last_message), "out of memory");
		return code;
	}
	vsnprintf(scratch, sizeof(scratch), fmt, ap);
	memcpy(last_message, scratch, sizeof(last_message));
	return code;
}

int sw_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sw_error_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

int sw_error_set_at(int code, const char *path, unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(scratch, sizeof(scratch), "%s:%u:%u: ", path ? path : "<input>", line,
	                 col);
	last_code = code;
	if (n >= 0 && (size_t)n < sizeof(scratch)) {
		va_start(ap, fmt);
		vsnprintf(scratch + n, sizeof(scratch) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	memcpy(last_message, scratch, sizeof(last_message));
	return code;
}

const char *sw_libslipway_version(void)
{
	return SW_VERSION_STRING;
}
