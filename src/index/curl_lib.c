/*
 * index/curl_lib.c — opens libcurl with dlopen() on first use, looks up the
 * functions slipway calls and runs curl_global_init() once, under
 * pthread_once so worker threads may race to it. See curl_lib.h for why.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "index/curl_lib.h"
#include "util/util.h"

#define LIBCURL_SONAME "libcurl.so.4"

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static struct sw_curl api;
static int load_ok;
static char load_error[256];

/* Looks up one symbol into a function pointer (memcpy: ISO C has no cast
 * from an object pointer to a function pointer). */
static int sym(void *lib, const char *name, void *fn_ptr, size_t fn_size)
{
	void *p = dlsym(lib, name);
	if (!p) {
		snprintf(load_error, sizeof(load_error), "%s lacks %s", LIBCURL_SONAME, name);
		return 0;
	}
	memcpy(fn_ptr, &p, fn_size);
	return 1;
}

#define SYM(lib, field, name) sym(lib, name, &api.field, sizeof(api.field))

static void load(void)
{
	CURLcode (*global_init)(long flags) = NULL;
	void *lib = dlopen(LIBCURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *why = dlerror();
		snprintf(load_error, sizeof(load_error), "%s", why ? why : "not found");
		return;
	}
	if (!SYM(lib, easy_init, "curl_easy_init") || !SYM(lib, easy_setopt, "curl_easy_setopt") ||
	    !SYM(lib, easy_perform, "curl_easy_perform") ||
	    !SYM(lib, easy_getinfo, "curl_easy_getinfo") ||
	    !SYM(lib, easy_cleanup, "curl_easy_cleanup") ||
	    !SYM(lib, easy_strerror, "curl_easy_strerror") ||
	    !sym(lib, "curl_global_init", &global_init, sizeof(global_init)))
		return; /* the library stays open: harmless, and it is process-wide */
	if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(load_error, sizeof(load_error), "curl_global_init failed");
		return;
	}
	load_ok = 1;
}

int sw_curl_load(const struct sw_curl **out)
{
	*out = NULL;
	if (pthread_once(&load_once, load) != 0 || !load_ok)
		return sw_error_set(SW_EIO,
		                    "cannot use libcurl (%s); network features need it: install "
		                    "libcurl4 (apt-get install libcurl4)",
		                    load_error[0] ? load_error : "initialisation failed");
	*out = &api;
	return 0;
}
