/*
 * unit/test_secrets.c — the secret scanner: fake secrets of every kind
 * (generated at run time, so this file holds none) must be found with the
 * right rule, line and column, whether fed whole, byte by byte or inside a
 * long line; placeholders and ordinary code must not be; no report may
 * carry the secret; fingerprints follow their documented form; binary
 * members are skipped; allocation failures are reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "artifact/lint_int.h"
#include "slipway/hash.h"
#include "support/failing_alloc.h"
#include "util/util.h"

#define MAX_HITS 16

struct hits {
	size_t n;
	struct {
		char code[8];
		unsigned line, col;
		char msg[512];
		char fp[512];
		char hint[512];
	} h[MAX_HITS];
};

static int collect(void *ctx, const sw_lint_hit *hit)
{
	struct hits *hs = ctx;
	if (hs->n == MAX_HITS)
		return 0;
	snprintf(hs->h[hs->n].code, sizeof(hs->h[0].code), "%s", hit->code);
	hs->h[hs->n].line = hit->line;
	hs->h[hs->n].col = hit->col;
	snprintf(hs->h[hs->n].msg, sizeof(hs->h[0].msg), "%s", hit->message);
	snprintf(hs->h[hs->n].fp, sizeof(hs->h[0].fp), "%s",
	         hit->fingerprint ? hit->fingerprint : "");
	snprintf(hs->h[hs->n].hint, sizeof(hs->h[0].hint), "%s", hit->hint ? hit->hint : "");
	assert_int_equal(hit->severity, SW_LINT_ERROR);
	hs->n++;
	return 0;
}

/* A deterministic random string over an alphabet (xorshift). */
static void fake(char *out, size_t n, const char *alphabet, unsigned seed)
{
	unsigned long long x = 0x9E3779B97F4A7C15ull ^ seed;
	size_t a = strlen(alphabet);
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		out[i] = alphabet[x % a];
	}
	out[n] = 0;
}

#define ALNUM  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define UPDIG  "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
#define B64    ALNUM "+/"
#define B64URL ALNUM "-_"

struct positive {
	const char *member;
	const char *fmt;    /* %s is the secret (prefix + body) */
	const char *prefix; /* public part, may appear in reports */
	const char *alphabet;
	size_t body;
	const char *code;
	unsigned line, col;
};

static const struct positive positives[] = {
        {"pkg/config.py", "TOKEN = \"%s\"\n", "pypi-AgEIcHlwaS5vcmc", B64URL, 150, "S002", 1, 10},
        {"pkg/cfg.py", "x = 1\ny = 'pypi-AgENdGVzdC5weXBpLm9yZw%s'\n", "", B64URL, 120, "S002", 2,
         6},
        {"creds.ini", "[default]\naws_access_key_id = %s\n", "AKIA", UPDIG, 16, "S003", 2, 21},
        {"a.py", "k='%s'", "ASIA", UPDIG, 16, "S003", 1, 4},
        {"creds", "aws_secret_access_key = %s\n", "", B64, 40, "S004", 1, 25},
        {"pkg/gh.py", "GH = \"%s\"  # ci\n", "ghp_", ALNUM, 36, "S005", 1, 7},
        {"pkg/gh.py", "\n\n    auth=(\"%s\")\n", "gho_", ALNUM, 36, "S005", 3, 12},
        {"x.txt", "%s", "ghs_", ALNUM, 36, "S005", 1, 1},
        {"x.txt", "héllo %s", "ghr_", ALNUM, 36, "S005", 1, 7},
        {"x.md", "use %s\n", "github_pat_11ABCDEFG0", ALNUM "_", 72, "S005", 1, 5},
        {"x.yml", "token: %s\n", "glpat-", B64URL, 20, "S006", 1, 8},
        {"bot.py", "SLACK='%s'\n", "xoxb-123456789012-1234567890123-", ALNUM, 24, "S007", 1, 8},
        {"hook.py", "URL = '%s'\n", "https://hooks.slack.com/services/T01ABCDEF/B01ABCDEF/", ALNUM,
         24, "S008", 1, 8},
        {"pay.py", "stripe.api_key = \"%s\"\n", "sk_live_", ALNUM, 24, "S009", 1, 19},
        {"server.pem", "-----BEGIN RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----\n", "",
         B64, 64, "S001", 1, 1},
        {"k.pem", "-----BEGIN OPENSSH PRIVATE KEY-----\r\n%s\r\n", "", B64, 70, "S001", 1, 1},
        {"keys.py", "KEY = \"-----BEGIN PRIVATE KEY-----\\n%s\\n\"\n", "", B64, 64, "S001", 1, 8},
        {"enc.key",
         "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n%s\n",
         "", B64, 64, "S001", 1, 1},
        {"settings.py", "DB_PASSWORD = \"k9%s\"\n", "", ALNUM, 14, "S010", 1, 16},
        {".env", "# local\nAPI_KEY=Zq%s\n", "", ALNUM, 20, "S010", 2, 9},
        {"conf.json", "{\"client_secret\": \"7f%s\"}", "", ALNUM, 30, "S010", 1, 20},
};

/* Builds the text of a positive vector; `secret` gets the secret itself. */
static size_t build(char *text, size_t size, char *secret, const struct positive *p, unsigned seed)
{
	char body[512];
	int n;
	fake(body, p->body, p->alphabet, seed);
	/* make sure the body is not all letters or all digits */
	body[0] = 'Q';
	body[1] = '7';
	snprintf(secret, 600, "%s%s", p->prefix, body);
	n = snprintf(text, size, p->fmt, secret);
	assert_true(n > 0 && (size_t)n < size);
	return (size_t)n;
}

/* Asserts no report contains any 8-byte piece of the secret's body. */
static void assert_no_leak(const struct hits *hs, const char *secret, size_t public_len)
{
	size_t len = strlen(secret);
	for (size_t i = 0; i < hs->n; i++) {
		for (size_t k = public_len; k + 8 <= len; k++) {
			char piece[9];
			memcpy(piece, secret + k, 8);
			piece[8] = 0;
			assert_null(strstr(hs->h[i].msg, piece));
			assert_null(strstr(hs->h[i].fp, piece));
			assert_null(strstr(hs->h[i].hint, piece));
		}
	}
}

static void positives_whole_and_bytewise(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof(positives) / sizeof(positives[0]); v++) {
		const struct positive *p = &positives[v];
		char text[2048], secret[600];
		size_t len = build(text, sizeof(text), secret, p, (unsigned)v + 1);
		for (int mode = 0; mode < 2; mode++) {
			struct hits hs = {0};
			if (mode == 0) {
				assert_int_equal(
				        sw_secrets_scan_buffer(p->member, text, len, collect, &hs),
				        0);
			} else {
				sw_secret_scanner *sc;
				assert_int_equal(
				        sw_secret_scanner_new(&sc, p->member, collect, &hs), 0);
				for (size_t i = 0; i < len; i++)
					assert_int_equal(sw_secret_scanner_feed(sc, text + i, 1),
					                 0);
				assert_int_equal(sw_secret_scanner_finish(sc), 0);
				sw_secret_scanner_free(sc);
			}
			if (hs.n != 1)
				fail_msg("vector %zu (%s) mode %d: %zu hits", v, p->code, mode,
				         hs.n);
			assert_string_equal(hs.h[0].code, p->code);
			assert_int_equal(hs.h[0].line, p->line);
			if (hs.h[0].col != p->col)
				fail_msg("vector %zu: column %u, expected %u", v, hs.h[0].col,
				         p->col);
			assert_no_leak(&hs, secret, strlen(p->prefix));
		}
	}
}

static void fingerprint_form(void **state)
{
	char text[256], secret[600], hex[SW_HASH_HEX_SIZE], want[256];
	unsigned char d[SW_HASH_MAX_SIZE];
	struct hits hs = {0};
	const struct positive *p = &positives[5]; /* ghp_ */
	const char *start;
	size_t len = build(text, sizeof(text), secret, p, 6);
	(void)state;
	assert_int_equal(sw_secrets_scan_buffer("pkg/gh.py", text, len, collect, &hs), 0);
	assert_int_equal(hs.n, 1);
	start = strstr(text, "ghp_");
	assert_int_equal(sw_hash_bytes(d, SW_HASH_SHA256, start, 40), 0);
	sw_hex_encode(hex, d, 8);
	snprintf(want, sizeof(want), "S005:pkg/gh.py:1:%s", hex);
	assert_string_equal(hs.h[0].fp, want);
	assert_int_equal(strlen(hex), 16);
}

static void long_line_windows(void **state)
{
	/* a token past several windows of a line, and one straddling a window
	 * boundary: both found once, with their columns */
	size_t total = 3 * SW_SECRETS_LINE_MAX;
	char *text = malloc(total + 200);
	char tok[64], tok2[64];
	size_t at1 = 20000, at2 = SW_SECRETS_LINE_MAX - 10;
	struct hits hs = {0};
	(void)state;
	memset(text, 'a', total);
	for (size_t i = 0; i < total; i += 2)
		text[i] = ' ';
	fake(tok + 4, 36, ALNUM, 77);
	memcpy(tok, "ghp_", 4);
	memcpy(tok2, tok, 40);
	tok2[5] = 'Z';
	memcpy(text + at1, tok, 40);
	memcpy(text + at2, tok2, 40);
	text[at1 + 40] = ' ';
	text[at2 + 40] = ' ';
	text[at1 - 1] = ' ';
	text[at2 - 1] = ' ';
	assert_int_equal(sw_secrets_scan_buffer("min.js", text, total, collect, &hs), 0);
	assert_int_equal(hs.n, 2);
	assert_int_equal(hs.h[0].col, at2 + 1);
	assert_int_equal(hs.h[1].col, at1 + 1);
	free(text);
}

/* Texts that must give no finding at all. */
static const struct {
	const char *member, *text;
} negatives[] = {
        {"a.py", "password = getpass.getpass()\n"},
        {"a.py", "password = \"changeme\"\n"},
        {"a.py", "API_TOKEN = \"<your-token-here>\"\n"},
        {"a.py", "token = \"${PYPI_TOKEN}\"\n"},
        {"a.py", "secret = \"xxxxxxxxxxxxxxxxxxxx\"\n"},
        {"a.py", "token = \"Name.Builtin\"\n"},
        {"a.py", "token_type = \"bearer\"\n"},
        {"a.py", "if password == \"k9Xq2mP7vL4wZ8rT\":\n"},
        {"a.py", "secret_key = os.environ[\"SECRET_KEY\"]\n"},
        {"a.py", "password = hashlib.sha256(x).hexdigest()\n"},
        {"docs.rst", "Use AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.\n"},
        {"t.py", "t = 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'\n"},
        {"t.py", "t = 'ghp_000000000000000000000000000000000000'\n"},
        {"t.py", "PREFIX = 'pypi-AgEIcHlwaS5vcmc'\n"},
        {"pem.py",
         "if line.startswith('-----BEGIN RSA PRIVATE KEY-----'):\n    return parse(line)\n"},
        {"pem.py",
         "BEGIN = \"-----BEGIN PRIVATE KEY-----\"\nEND = \"-----END PRIVATE KEY-----\"\n"},
        {"pem.txt", "-----BEGIN PUBLIC "
                    "KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n"},
        {"a.py", "password: str = field(default='')\n"},
        {"a.cfg", "password = %(DB_PASSWORD)s\n"},
        {".env.example", "API_KEY=your-api-key-here\n"},
        {"a.py", "tokens = tokenize(source, 'utf-8')\n"},
        {"a.py", "AUTH_TOKEN_URL = 'https://example.org/oauth2/token'\n"},
        {"a.py", "mysk_live_abcdefghijklmnopqrstuvwx1234 = 1\n"},
};

static void negatives_are_clean(void **state)
{
	(void)state;
	for (size_t v = 0; v < sizeof(negatives) / sizeof(negatives[0]); v++) {
		struct hits hs = {0};
		assert_int_equal(sw_secrets_scan_buffer(negatives[v].member, negatives[v].text,
		                                        strlen(negatives[v].text), collect, &hs),
		                 0);
		if (hs.n)
			fail_msg("negative %zu gave %s: %s", v, hs.h[0].code, hs.h[0].msg);
	}
}

static void binary_is_skipped(void **state)
{
	char text[256], secret[600];
	struct hits hs = {0};
	sw_secret_scanner *sc;
	size_t len = build(text, sizeof(text), secret, &positives[5], 3);
	(void)state;
	text[2] = 0;
	assert_int_equal(sw_secret_scanner_new(&sc, "x.so", collect, &hs), 0);
	assert_int_equal(sw_secret_scanner_feed(sc, text, len), 0);
	assert_int_equal(sw_secret_scanner_finish(sc), 0);
	assert_int_equal(sw_secret_scanner_is_binary(sc), 1);
	assert_int_equal(hs.n, 0);
	sw_secret_scanner_free(sc);
}

static void names(void **state)
{
	static const struct {
		const char *member, *code;
	} v[] = {
	        {".env", "S101"},        {"pkg-1.0/.env.local", "S101"},
	        {".env.example", NULL},  {"a/.pypirc", "S102"},
	        {"x/.netrc", "S103"},    {".git-credentials", "S103"},
	        {"keys/id_rsa", "S104"}, {"id_ed25519", "S104"},
	        {"id_rsa.pub", NULL},    {"environment.py", NULL},
	        {"pkg/envs.py", NULL},   {"pypirc.py", NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct hits hs = {0};
		assert_int_equal(sw_secrets_check_name(v[i].member, collect, &hs), 0);
		if (!v[i].code) {
			assert_int_equal(hs.n, 0);
			continue;
		}
		assert_int_equal(hs.n, 1);
		assert_string_equal(hs.h[0].code, v[i].code);
		assert_non_null(strstr(hs.h[0].fp, v[i].code));
	}
}

static void entropy(void **state)
{
	char all[256];
	(void)state;
	for (int i = 0; i < 256; i++)
		all[i] = (char)i;
	assert_true(sw_secrets_entropy("aaaa", 4) == 0.0);
	assert_true(sw_secrets_entropy("abab", 4) > 0.999 && sw_secrets_entropy("abab", 4) < 1.001);
	assert_true(sw_secrets_entropy("abcd", 4) > 1.999 && sw_secrets_entropy("abcd", 4) < 2.001);
	assert_true(sw_secrets_entropy(all, 256) > 7.999);
	assert_true(sw_secrets_entropy("", 0) == 0.0);
}

static int stop_first(void *ctx, const sw_lint_hit *hit)
{
	(void)hit;
	++*(int *)ctx;
	return SW_ECANCELLED;
}

static void emitter_error_stops(void **state)
{
	char text[512], secret[600];
	int calls = 0;
	size_t len = build(text, sizeof(text), secret, &positives[5], 9);
	(void)state;
	assert_int_equal(sw_secrets_scan_buffer("a.py", text, len, stop_first, &calls),
	                 SW_ECANCELLED);
	assert_int_equal(calls, 1);
}

static void allocation_sweep(void **state)
{
	char text[512], secret[600];
	size_t len = build(text, sizeof(text), secret, &positives[0], 1);
	(void)state;
	for (long n = 1;; n++) {
		struct hits hs = {0};
		int err;
		fa_arm(n, 0);
		err = sw_secrets_scan_buffer("a.py", text, len, collect, &hs);
		fa_disarm();
		if (!fa_failed()) {
			assert_int_equal(err, 0);
			assert_int_equal(hs.n, 1);
			break;
		}
		assert_int_equal(err, SW_ENOMEM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(positives_whole_and_bytewise),
	        cmocka_unit_test(fingerprint_form),
	        cmocka_unit_test(long_line_windows),
	        cmocka_unit_test(negatives_are_clean),
	        cmocka_unit_test(binary_is_skipped),
	        cmocka_unit_test(names),
	        cmocka_unit_test(entropy),
	        cmocka_unit_test(emitter_error_stops),
	        cmocka_unit_test(allocation_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
