/*
 * index/curl_lib.h — libcurl, loaded on first use.
 *
 * libcurl brings about thirty shared libraries (TLS, Kerberos, LDAP, RTMP,
 * SSH, IDN, compression); loading them costs every process about 5 ms at
 * start, more than a whole native build of a small project. Only commands
 * that talk HTTP need them, so libcurl is opened with dlopen() the first
 * time one does, and its functions are called through this table. The
 * headers still come from libcurl's -dev package, so the types and
 * constants are checked at compile time.
 */
#ifndef SW_INDEX_CURL_LIB_H
#define SW_INDEX_CURL_LIB_H

#include <curl/curl.h>

struct sw_curl {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *handle);
	CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *handle);
	const char *(*easy_strerror)(CURLcode code);
};

/* Loads and initialises libcurl once per process (thread-safe) and points
 * *out at the table. Errors: SW_EIO when libcurl (Debian: libcurl4) is not
 * installed or cannot be initialised, with what to install. */
int sw_curl_load(const struct sw_curl **out);

#endif
