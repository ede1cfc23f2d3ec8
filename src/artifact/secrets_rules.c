/*
 * artifact/secrets_rules.c — the content rules of the secret scanner, run
 * over one line at a time: tokens recognised by a public prefix and a body
 * of a known alphabet and length (PyPI, AWS, GitHub, GitLab, Slack,
 * Stripe), private key blocks (a PEM header followed by a base64 body),
 * the AWS secret key paired with its name, and generic `password = "..."`
 * assignments whose value is long, random-looking and not a placeholder.
 * Rules favour missing a contrived secret over flagging ordinary code.
 *
 * Codes (all errors): S001 private key block, S002 PyPI API token, S003
 * AWS access key ID, S004 AWS secret access key, S005 GitHub token, S006
 * GitLab token, S007 Slack token, S008 Slack webhook URL, S009 Stripe live
 * key, S010 credential assigned in plain text. The name rules of
 * secrets.c: S101 .env, S102 .pypirc, S103 .netrc / .git-credentials,
 * S104 SSH private key file.
 */
#include <string.h>

#include "artifact/lint_int.h"
#include "util/util.h"

enum charset { CS_B64URL, CS_ALNUM, CS_UPPER_DIGIT, CS_ALNUM_UNDER, CS_ALNUM_DASH, CS_HOOK };

/* A token known by its prefix. */
struct token_rule {
	const char *code;
	const char *what;
	const char *prefix;
	size_t plen; /* strlen(prefix) */
	enum charset cs;
	size_t min, max; /* body length after the prefix */
};

/* Rules with the same first byte are next to each other (see token_start). */
static const struct token_rule token_rules[] = {
        {"S002", "PyPI API token", "pypi-AgE", sizeof("pypi-AgE") - 1, CS_B64URL, 60, 4096},
        {"S003", "AWS access key ID", "AKIA", sizeof("AKIA") - 1, CS_UPPER_DIGIT, 16, 16},
        {"S003", "AWS temporary access key ID", "ASIA", sizeof("ASIA") - 1, CS_UPPER_DIGIT, 16, 16},
        {"S005", "GitHub personal access token", "ghp_", sizeof("ghp_") - 1, CS_ALNUM, 36, 251},
        {"S005", "GitHub OAuth token", "gho_", sizeof("gho_") - 1, CS_ALNUM, 36, 251},
        {"S005", "GitHub user-to-server token", "ghu_", sizeof("ghu_") - 1, CS_ALNUM, 36, 251},
        {"S005", "GitHub server-to-server token", "ghs_", sizeof("ghs_") - 1, CS_ALNUM, 36, 251},
        {"S005", "GitHub refresh token", "ghr_", sizeof("ghr_") - 1, CS_ALNUM, 36, 251},
        {"S005", "GitHub fine-grained token", "github_pat_", sizeof("github_pat_") - 1,
         CS_ALNUM_UNDER, 70, 255},
        {"S006", "GitLab personal access token", "glpat-", sizeof("glpat-") - 1, CS_ALNUM_DASH, 20,
         255},
        {"S007", "Slack bot token", "xoxb-", sizeof("xoxb-") - 1, CS_ALNUM_DASH, 20, 255},
        {"S007", "Slack user token", "xoxp-", sizeof("xoxp-") - 1, CS_ALNUM_DASH, 20, 255},
        {"S007", "Slack app token", "xoxa-", sizeof("xoxa-") - 1, CS_ALNUM_DASH, 20, 255},
        {"S007", "Slack refresh token", "xoxr-", sizeof("xoxr-") - 1, CS_ALNUM_DASH, 20, 255},
        {"S007", "Slack token", "xoxs-", sizeof("xoxs-") - 1, CS_ALNUM_DASH, 20, 255},
        {"S008", "Slack webhook URL", "https://hooks.slack.com/services/",
         sizeof("https://hooks.slack.com/services/") - 1, CS_HOOK, 30, 255},
        {"S009", "Stripe live secret key", "sk_live_", sizeof("sk_live_") - 1, CS_ALNUM, 20, 255},
        {"S009", "Stripe live restricted key", "rk_live_", sizeof("rk_live_") - 1, CS_ALNUM, 20,
         255},
};

/* Words of a key name that mean its value is a credential. */
static const char *const secret_words[] = {
        "password", "passwd",     "secret",      "token",    "api_key",     "apikey",
        "api-key",  "access_key", "private_key", "auth_key", "credentials",
};

/* Values that are placeholders, not secrets (lower-case substrings). */
static const char *const placeholders[] = {
        "changeme",    "change_me", "change-me", "xxx",      "***",    "...",      "example",
        "placeholder", "dummy",     "your",      "redacted", "secret", "password", "passwd",
        "token",       "test",      "fake",      "sample",   "mock",   "foo",      "bar",
        "baz",         "none",      "null",      "todo",     "insert", "replace",  "here",
        "demo",        "default",   "<",         ">",        "${",     "$(",       "{{",
        "%(",          "%s",        "{",         "}",        "0000",   "1234",     "abcd",
        "qwerty",      "lorem",     "hunter2",   "env",      "getenv", "http",     "/",
        "\\",
};

static int is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int in_charset(enum charset cs, unsigned char c)
{
	switch (cs) {
	case CS_B64URL:
		return is_alnum(c) || c == '-' || c == '_';
	case CS_ALNUM:
		return is_alnum(c);
	case CS_UPPER_DIGIT:
		return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
	case CS_ALNUM_UNDER:
		return is_alnum(c) || c == '_';
	case CS_ALNUM_DASH:
		return is_alnum(c) || c == '-' || c == '_';
	case CS_HOOK:
		return is_alnum(c) || c == '/' || c == '_';
	}
	return 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Finds `needle` in `hay` from `from`, ignoring ASCII case if `ci`. */
static const char *find(const char *hay, size_t len, size_t from, const char *needle, int ci)
{
	size_t n = strlen(needle);
	if (!ci) {
		while (from + n <= len) {
			const char *p = memchr(hay + from, needle[0], len - n + 1 - from);
			if (!p)
				return NULL;
			if (memcmp(p, needle, n) == 0)
				return p;
			from = (size_t)(p - hay) + 1;
		}
		return NULL;
	}
	for (size_t i = from; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && (ci ? lower(hay[i + k]) == needle[k] : hay[i + k] == needle[k]))
			k++;
		if (k == n)
			return hay + i;
	}
	return NULL;
}

/* 1 if `s` contains a placeholder word. */
static int has_placeholder(const char *s, size_t len)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(placeholders); i++)
		if (find(s, len, 0, placeholders[i], 1))
			return 1;
	return 0;
}

/* 1 if every byte of the body is the same character class run (xxxx, 0000). */
static int looks_random(const char *s, size_t len, double min_entropy)
{
	return sw_secrets_entropy(s, len) >= min_entropy && !find(s, len, 0, "EXAMPLE", 0) &&
	       !find(s, len, 0, "XXXX", 1);
}

/* For a byte that starts some rule's prefix, 1 + the first such rule. */
static const unsigned char token_start[256] = {
        ['p'] = 1, ['A'] = 2, ['g'] = 4, ['x'] = 11, ['h'] = 16, ['s'] = 17, ['r'] = 18,
};

/* If rule `r` matches at `at`, the end of the token, else 0. */
static size_t token_at(const sw_secrets_line *l, const struct token_rule *r, size_t at)
{
	size_t plen = r->plen, end = at + plen, body;
	if (end > l->len || memcmp(l->text + at, r->prefix, plen) != 0)
		return 0;
	while (end < l->len && end - at - plen < r->max &&
	       in_charset(r->cs, (unsigned char)l->text[end]))
		end++;
	body = end - at - plen;
	if (body < r->min || (end < l->len && in_charset(r->cs, (unsigned char)l->text[end])))
		return 0;
	if (!looks_random(l->text + at + plen, body, r->cs == CS_UPPER_DIGIT ? 3.0 : 3.5))
		return 0;
	return end;
}

/* The token at `at`, if any rule matches there: reports it and returns
 * its end (> at), or 0. */
static size_t token_here(const sw_secrets_line *l, size_t at, int *err)
{
	unsigned char c = (unsigned char)l->text[at];
	if (at > 0 && (is_alnum((unsigned char)l->text[at - 1]) || l->text[at - 1] == '_'))
		return 0;
	for (size_t i = token_start[c] - 1u; i < SW_ARRAY_LEN(token_rules); i++) {
		const struct token_rule *r = &token_rules[i];
		size_t end;
		if ((unsigned char)r->prefix[0] != c)
			break;
		if ((end = token_at(l, r, at)) == 0)
			continue;
		*err = sw_secrets_report(l, r->code, r->what, at, l->text + at, end - at, r->prefix,
		                         r->plen);
		return end;
	}
	return 0;
}

/* Length of a run of base64 characters at `p`. */
static size_t b64_run(const char *p, size_t len)
{
	size_t n = 0;
	while (n < len &&
	       (is_alnum((unsigned char)p[n]) || p[n] == '+' || p[n] == '/' || p[n] == '='))
		n++;
	return n;
}

/* Skips what may sit between a PEM header and its body: spaces, quotes,
 * literal "\n" escapes, string concatenation. */
static size_t skip_pem_glue(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len) {
		if (p[i] == '\\' && i + 1 < len && (p[i + 1] == 'n' || p[i + 1] == 'r'))
			i += 2;
		else if (strchr(" \t\"'+,(b", p[i]))
			i++;
		else
			break;
	}
	return i;
}

/* Reports a private key when `p` starts a base64 body (40+ characters). */
static int pem_body(sw_secrets_line *l, const char *p, size_t len, int *found)
{
	size_t skip = skip_pem_glue(p, len);
	size_t run = b64_run(p + skip, len - skip);
	sw_secrets_line at = *l;
	*found = 0;
	if (run < 40 || !looks_random(p + skip, run, 4.0))
		return 0;
	*found = 1;
	at.line = l->pem_line;
	at.col_base = l->pem_col;
	at.text = "";
	return sw_secrets_report(&at, "S001", "private key", 0, p + skip, run, "", 0);
}

/* Private key blocks: a header line, then (maybe after PEM headers) base64. */
static int scan_private_key(sw_secrets_line *l)
{
	const char *begin = find(l->text, l->len, 0, "-----BEGIN ", 0);
	int found = 0, err;
	if (l->pem_line) {
		size_t skip = skip_pem_glue(l->text, l->len);
		const char *rest = l->text + skip;
		size_t rlen = l->len - skip;
		if (rlen == 0 || find(rest, rlen < 12 ? rlen : 12, 0, "Proc-Type:", 0) ||
		    find(rest, rlen < 12 ? rlen : 12, 0, "DEK-Info:", 0) ||
		    find(rest, rlen < 12 ? rlen : 12, 0, "Version:", 0) ||
		    find(rest, rlen < 12 ? rlen : 12, 0, "Comment:", 0))
			return 0;
		err = pem_body(l, l->text, l->len, &found);
		l->pem_line = 0;
		if (err < 0 || found)
			return err;
	}
	if (!begin || (size_t)(begin - l->text) >= l->report_below)
		return 0;
	const char *end = find(begin, l->len - (size_t)(begin - l->text), 0, "PRIVATE KEY", 0);
	if (!end || end - begin > 40)
		return 0;
	const char *dashes = find(end, l->len - (size_t)(end - l->text), 0, "-----", 0);
	if (!dashes || dashes - end > 20)
		return 0;
	l->pem_line = l->line;
	l->pem_col = l->col_base;
	for (const char *c = l->text; c < begin; c++)
		l->pem_col += ((unsigned char)*c & 0xC0) != 0x80;
	dashes += 5;
	err = pem_body(l, dashes, l->len - (size_t)(dashes - l->text), &found);
	if (found)
		l->pem_line = 0;
	return err;
}

/* 1 if a key names the AWS secret access key. */
static int is_aws_secret_key(const char *key, size_t len)
{
	return (find(key, len, 0, "aws", 1) && find(key, len, 0, "secret", 1)) ||
	       find(key, len, 0, "secretaccesskey", 1);
}

/* The AWS secret access key (40 base64 characters) after its name; the
 * value starts at `at`. 1 if reported (or failed: *err). */
static int aws_secret(const sw_secrets_line *l, size_t at, int *err)
{
	size_t run;
	while (at < l->len && strchr(" \t\"'`", l->text[at]))
		at++;
	run = b64_run(l->text + at, l->len - at);
	if (run != 40 || !looks_random(l->text + at, run, 4.0))
		return 0;
	*err = sw_secrets_report(l, "S004", "AWS secret access key", at, l->text + at, run, "", 0);
	return 1;
}

/* 1 if a key name contains one of the secret words. */
static int is_secret_key(const char *name, size_t len)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(secret_words); i++)
		if (find(name, len, 0, secret_words[i], 1))
			return 1;
	return 0;
}

/* 1 if a value looks like a real credential rather than code or a word. */
static int credential_like(const char *v, size_t len)
{
	int digit = 0, alpha = 0;
	if (len < 10 || len > 256)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c <= ' ' || c >= 0x7F)
			return 0;
		digit |= c >= '0' && c <= '9';
		alpha |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}
	return digit && alpha && !has_placeholder(v, len) && sw_secrets_entropy(v, len) >= 3.0;
}

/* 1 if a token rule already reports this value. */
static int token_in_value(const char *v, size_t vlen)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(token_rules); i++)
		if (find(v, vlen, 0, token_rules[i].prefix, 0))
			return 1;
	return 0;
}

/* Reads the value after an assignment operator at `i`; sets *v, *vlen. */
static int read_value(const sw_secrets_line *l, size_t i, size_t *v, size_t *vlen)
{
	const char *t = l->text;
	char q;
	while (i < l->len && (t[i] == ' ' || t[i] == '\t'))
		i++;
	if (i >= l->len)
		return 0;
	q = t[i];
	if (q == '"' || q == '\'' || q == '`') {
		const char *close = memchr(t + i + 1, q, l->len - i - 1);
		if (!close)
			return 0;
		*v = i + 1;
		*vlen = (size_t)(close - (t + i + 1));
		return 1;
	}
	if (!l->config_like)
		return 0;
	*v = i;
	while (i < l->len && !strchr(" \t#;,", t[i]))
		i++;
	*vlen = i - *v;
	return *vlen > 0;
}

/* The key before an assignment operator at `op`: [*start, *end). */
static int key_before(const char *t, size_t op, size_t *start, size_t *end)
{
	size_t i = op;
	while (i > 0 && strchr(" \t\"']", t[i - 1]))
		i--;
	*end = i;
	while (i > 0 && (is_alnum((unsigned char)t[i - 1]) || t[i - 1] == '_' || t[i - 1] == '-'))
		i--;
	*start = i;
	return *end > *start;
}

/* An assignment operator at `op`: a generic credential (S010) or the AWS
 * secret key after its name (S004). 1 if reported (or failed: *err). */
static int assignment_here(const sw_secrets_line *l, size_t op, int *err)
{
	const char *t = l->text;
	size_t start, end, v, vlen, after = op + 1;
	if (after < l->len && (t[after] == '=' || (t[op] == ':' && t[after] == ':')))
		return 0;
	if (!key_before(t, op, &start, &end) || start >= l->report_below ||
	    !is_secret_key(t + start, end - start))
		return 0;
	after += (after < l->len && t[after] == '>') ? 1 : 0;
	if (is_aws_secret_key(t + start, end - start))
		return aws_secret(l, after, err);
	if (!read_value(l, after, &v, &vlen) || !credential_like(t + v, vlen) ||
	    token_in_value(t + v, vlen))
		return 0;
	*err = sw_secrets_report(l, "S010", "credential assigned in plain text", v, t + v, vlen, "",
	                         0);
	return 1;
}

/* What a byte may start: a token prefix (1) or an assignment (2). */
static const unsigned char byte_class[256] = {
        ['p'] = 1, ['A'] = 1, ['g'] = 1, ['x'] = 1, ['h'] = 1,
        ['s'] = 1, ['r'] = 1, ['='] = 2, [':'] = 2,
};

/* Tokens and assignments in one pass; one assignment report per line. */
static int scan_tokens_and_assignments(const sw_secrets_line *l)
{
	int err = 0, assigned = 0;
	for (size_t at = 0; at < l->len && err == 0; at++) {
		unsigned char cls = byte_class[(unsigned char)l->text[at]];
		size_t end;
		if (!cls)
			continue;
		if ((cls & 1) && at < l->report_below && (end = token_here(l, at, &err)) > 0)
			at = end - 1;
		else if ((cls & 2) && !assigned)
			assigned = assignment_here(l, at, &err);
	}
	return err;
}

int sw_secrets_scan_line(sw_secrets_line *l)
{
	int err;
	if ((err = scan_private_key(l)) < 0)
		return err;
	return scan_tokens_and_assignments(l);
}
