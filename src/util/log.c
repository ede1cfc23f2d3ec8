/*
 * util/log.c — forwards core log messages to the one installed callback.
 */
#include <stdio.h>

#include "util.h"

static sw_log_fn log_fn;
static enum sw_log_level log_max = SW_LOG_INFO;
static void *log_userdata;

void sw_log_set(sw_log_fn fn, enum sw_log_level max_level, void *userdata)
{
	log_fn = fn;
	log_max = max_level;
	log_userdata = userdata;
}

const char *sw_log_level_name(enum sw_log_level level)
{
	static const char *const names[] = {"error", "warn", "info", "debug"};
	if ((unsigned)level < SW_ARRAY_LEN(names))
		return names[level];
	return "log";
}

void sw_log(enum sw_log_level level, const char *fmt, ...)
{
	char message[2048];
	va_list ap;
	if (!log_fn || level > log_max)
		return;
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	log_fn(level, message, log_userdata);
}
