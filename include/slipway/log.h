/*
 * slipway/log.h — where the core's log messages go.
 *
 * The core never prints. It hands log lines to one process-wide callback;
 * the CLI prints them to stderr with -v, the UI shows them in its log pane.
 * With no callback set, messages are dropped.
 */
#ifndef SLIPWAY_LOG_H
#define SLIPWAY_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

enum sw_log_level { SW_LOG_ERROR = 0, SW_LOG_WARN = 1, SW_LOG_INFO = 2, SW_LOG_DEBUG = 3 };

/* Receives one message (no trailing newline). `userdata` is what was given
 * to sw_log_set(). May be called from worker threads. */
typedef void (*sw_log_fn)(enum sw_log_level level, const char *message, void *userdata);

/* Installs the log callback and the most verbose level it wants. Passing
 * NULL removes it. Not thread-safe against concurrent logging: set it once
 * at start-up. */
void sw_log_set(sw_log_fn fn, enum sw_log_level max_level, void *userdata);

/* Returns the short name of a level ("error", "warn", "info", "debug"). */
const char *sw_log_level_name(enum sw_log_level level);

#ifdef __cplusplus
}
#endif
#endif
