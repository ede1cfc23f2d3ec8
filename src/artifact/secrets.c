/*
 * artifact/secrets.c — the streaming secret scanner: it sniffs the start of
 * a member for binary content, splits the rest into lines (long lines into
 * overlapping windows, so memory stays bounded), hands each line to the
 * content rules of secrets_rules.c, and turns a match into a report whose
 * message, excerpt and fingerprint never contain the secret. It also holds
 * the rules that judge a member by its name alone (.env, .pypirc, ...).
 */
#include <math.h>
#include <string.h>

#include "artifact/lint_int.h"
#include "slipway/hash.h"
#include "util/util.h"

/* Bytes of a long line's window kept for the next window, so a secret cut
 * by the window's end is seen whole in the next one. */
#define WINDOW_OVERLAP 1024
#define MSG_MAX        2048

struct sw_secret_scanner {
	char *member;
	sw_lint_emit_fn emit;
	void *ctx;
	char *sniff; /* the first SW_SECRETS_SNIFF bytes, until judged */
	size_t sniff_len;
	int judged; /* 0 sniffing, 1 text, 2 binary */
	char *line;
	size_t line_len;
	unsigned lineno;
	unsigned col_base;
	int failed; /* the emitter's first error */
	sw_secrets_line state;
	sw_buf msg, fp;
};

/* Config-style files, where `key = value` needs no quotes to be a value. */
static const char *const config_suffixes[] = {
        ".env",    ".ini",   ".cfg",  ".conf", ".yaml", ".yml", ".properties",
        ".pypirc", ".netrc", ".toml", ".sh",   ".bash", ".zsh",
};

/* The last path component of a member. */
static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* 1 if `name` ends with `suffix`, ignoring ASCII case. */
static int ends_with_ci(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);
	if (s > n)
		return 0;
	for (size_t i = 0; i < s; i++) {
		char a = name[n - s + i], b = suffix[i];
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

/* 1 if a member holds configuration rather than code. */
static int is_config_like(const char *member)
{
	const char *base = base_name(member);
	if (strncmp(base, ".env", 4) == 0)
		return 1;
	for (size_t i = 0; i < SW_ARRAY_LEN(config_suffixes); i++)
		if (ends_with_ci(base, config_suffixes[i]))
			return 1;
	return 0;
}

double sw_secrets_entropy(const char *str, size_t len)
{
	size_t counts[256] = {0};
	double h = 0.0;
	if (len == 0)
		return 0.0;
	for (size_t i = 0; i < len; i++)
		counts[(unsigned char)str[i]]++;
	for (size_t i = 0; i < 256; i++) {
		if (counts[i] == 0)
			continue;
		double p = (double)counts[i] / (double)len;
		h -= p * log2(p);
	}
	return h;
}

int sw_secrets_fingerprint(sw_buf *out, const char *rule, const char *member, unsigned line,
                           const char *secret, size_t len)
{
	unsigned char digest[SW_HASH_MAX_SIZE];
	char hex[SW_HASH_HEX_SIZE];
	int err = sw_hash_bytes(digest, SW_HASH_SHA256, secret, len);
	if (err < 0)
		return err;
	sw_hex_encode(hex, digest, 8);
	return sw_buf_printf(out, "%s:%s:%u:%s", rule, member ? member : "", line, hex);
}

/* Code points in `len` bytes of UTF-8 (continuation bytes not counted). */
static unsigned count_cols(const char *s, size_t len)
{
	unsigned n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int sw_secrets_report(const sw_secrets_line *l, const char *code, const char *what, size_t at,
                      const char *secret, size_t slen, const char *shown, size_t shown_len)
{
	sw_lint_hit hit = {.code = code, .severity = SW_LINT_ERROR, .member = l->member};
	int err;
	hit.line = l->line;
	hit.col = l->col_base + count_cols(l->text, at) + 1;
	sw_buf_clear(l->msg);
	sw_buf_clear(l->fp);
	sw_buf_printf(l->msg, "%s at line %u, column %u: ", what, hit.line, hit.col);
	if (shown_len)
		sw_buf_put(l->msg, shown, shown_len);
	sw_buf_printf(l->msg, "[redacted, %zu characters]", slen);
	if ((err = sw_secrets_fingerprint(l->fp, code, l->member, l->line, secret, slen)) < 0)
		return err;
	if ((err = sw_buf_error(l->msg)) < 0 || (err = sw_buf_error(l->fp)) < 0)
		return err;
	hit.message = sw_buf_cstr(l->msg);
	hit.fingerprint = sw_buf_cstr(l->fp);
	hit.hint = "Remove the secret from the file (and revoke it: it may already be "
	           "public); if it is not real, override this finding with `slipway check "
	           "--ignore FINGERPRINT`.";
	return l->emit(l->ctx, &hit);
}

int sw_secret_scanner_new(sw_secret_scanner **out, const char *member, sw_lint_emit_fn emit,
                          void *ctx)
{
	sw_secret_scanner *sc = sw_calloc(1, sizeof(*sc));
	*out = NULL;
	if (!sc)
		return sw_error_set(SW_ENOMEM, "out of memory");
	sc->member = sw_strdup(member ? member : "");
	sc->sniff = sw_malloc(SW_SECRETS_SNIFF);
	sc->line = sw_malloc(SW_SECRETS_LINE_MAX);
	if (!sc->member || !sc->sniff || !sc->line) {
		sw_secret_scanner_free(sc);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	sc->emit = emit;
	sc->ctx = ctx;
	sc->lineno = 1;
	sw_buf_init(&sc->msg, MSG_MAX);
	sw_buf_init(&sc->fp, MSG_MAX);
	sc->state.member = sc->member;
	sc->state.config_like = is_config_like(sc->member);
	sc->state.emit = emit;
	sc->state.ctx = ctx;
	sc->state.msg = &sc->msg;
	sc->state.fp = &sc->fp;
	*out = sc;
	return 0;
}

void sw_secret_scanner_free(sw_secret_scanner *sc)
{
	if (!sc)
		return;
	sw_free(sc->member);
	sw_free(sc->sniff);
	sw_free(sc->line);
	sw_buf_free(&sc->msg);
	sw_buf_free(&sc->fp);
	sw_free(sc);
}

int sw_secret_scanner_is_binary(const sw_secret_scanner *sc)
{
	return sc->judged == 2;
}

/* Scans the buffered line (or window of it); `final` says the line ended. */
static int scan_buffered(sw_secret_scanner *sc, int final)
{
	sw_secrets_line *l = &sc->state;
	size_t len = sc->line_len;
	int err;
	if (final && len && sc->line[len - 1] == '\r')
		len--;
	l->text = sc->line;
	l->len = len;
	l->report_below = final ? len : len - WINDOW_OVERLAP;
	l->line = sc->lineno;
	l->col_base = sc->col_base;
	if ((err = sw_secrets_scan_line(l)) < 0)
		return err;
	if (final) {
		sc->line_len = 0;
		sc->col_base = 0;
		sc->lineno++;
		return 0;
	}
	sc->col_base += count_cols(sc->line, len - WINDOW_OVERLAP);
	memmove(sc->line, sc->line + len - WINDOW_OVERLAP, WINDOW_OVERLAP);
	sc->line_len = WINDOW_OVERLAP;
	return 0;
}

/* Splits text bytes into lines and scans each. */
static int feed_text(sw_secret_scanner *sc, const char *p, size_t len)
{
	int err;
	while (len) {
		const char *nl = memchr(p, '\n', len);
		size_t take = nl ? (size_t)(nl - p) : len;
		size_t room = SW_SECRETS_LINE_MAX - sc->line_len;
		if (take > room)
			take = room;
		memcpy(sc->line + sc->line_len, p, take);
		sc->line_len += take;
		p += take;
		len -= take;
		if (len && *p == '\n') {
			p++;
			len--;
			err = scan_buffered(sc, 1);
		} else if (sc->line_len == SW_SECRETS_LINE_MAX) {
			err = scan_buffered(sc, 0);
		} else {
			err = 0;
		}
		if (err < 0)
			return err;
	}
	return 0;
}

/* Decides text or binary from the sniffed bytes, then scans them if text. */
static int judge(sw_secret_scanner *sc)
{
	sc->judged = memchr(sc->sniff, 0, sc->sniff_len) ? 2 : 1;
	if (sc->judged == 2)
		return 0;
	return feed_text(sc, sc->sniff, sc->sniff_len);
}

int sw_secret_scanner_feed(sw_secret_scanner *sc, const void *data, size_t len)
{
	const char *p = data;
	int err = sc->failed;
	if (err < 0 || sc->judged == 2)
		return err;
	if (!sc->judged) {
		size_t take = SW_SECRETS_SNIFF - sc->sniff_len;
		if (take > len)
			take = len;
		memcpy(sc->sniff + sc->sniff_len, p, take);
		sc->sniff_len += take;
		p += take;
		len -= take;
		if (sc->sniff_len < SW_SECRETS_SNIFF)
			return 0;
		if ((err = judge(sc)) < 0 || sc->judged == 2)
			goto done;
	}
	err = feed_text(sc, p, len);
done:
	if (err < 0)
		sc->failed = err;
	return err;
}

int sw_secret_scanner_finish(sw_secret_scanner *sc)
{
	int err = sc->failed;
	if (err < 0)
		return err;
	if (!sc->judged && (err = judge(sc)) < 0)
		goto done;
	if (sc->judged == 1 && sc->line_len)
		err = scan_buffered(sc, 1);
done:
	if (err < 0)
		sc->failed = err;
	return err;
}

int sw_secrets_scan_buffer(const char *member, const void *data, size_t len, sw_lint_emit_fn emit,
                           void *ctx)
{
	sw_secret_scanner *sc = NULL;
	int err;
	if ((err = sw_secret_scanner_new(&sc, member, emit, ctx)) < 0)
		return err;
	if ((err = sw_secret_scanner_feed(sc, data, len)) < 0)
		goto done;
	err = sw_secret_scanner_finish(sc);
done:
	sw_secret_scanner_free(sc);
	return err;
}

/* A member whose name alone says it holds credentials. */
struct name_rule {
	const char *code;
	const char *what;
	int (*match)(const char *base);
};

static int is_dotenv(const char *base)
{
	static const char *const harmless[] = {".example",  ".sample", ".template", ".dist",
	                                       ".defaults", ".tmpl",   ".in"};
	if (strcmp(base, ".env") == 0)
		return 1;
	if (strncmp(base, ".env.", 5) != 0)
		return 0;
	for (size_t i = 0; i < SW_ARRAY_LEN(harmless); i++)
		if (ends_with_ci(base, harmless[i]))
			return 0;
	return 1;
}

static int is_pypirc(const char *base)
{
	return strcmp(base, ".pypirc") == 0 || strcmp(base, "pypirc") == 0;
}

static int is_netrc(const char *base)
{
	return strcmp(base, ".netrc") == 0 || strcmp(base, "_netrc") == 0 ||
	       strcmp(base, ".git-credentials") == 0;
}

static int is_ssh_key(const char *base)
{
	static const char *const keys[] = {"id_rsa",     "id_dsa",      "id_ecdsa",
	                                   "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"};
	for (size_t i = 0; i < SW_ARRAY_LEN(keys); i++)
		if (strcmp(base, keys[i]) == 0)
			return 1;
	return 0;
}

static const struct name_rule name_rules[] = {
        {.code = "S101",
         .what = "environment file (.env) that usually holds secrets",
         .match = is_dotenv},
        {.code = "S102", .what = ".pypirc, which holds index credentials", .match = is_pypirc},
        {.code = "S103", .what = "netrc or git-credentials file with passwords", .match = is_netrc},
        {.code = "S104", .what = "SSH private key file", .match = is_ssh_key},
};

int sw_secrets_check_name(const char *member, sw_lint_emit_fn emit, void *ctx)
{
	const char *base = base_name(member);
	sw_buf msg, fp;
	int err = 0;
	sw_buf_init(&msg, MSG_MAX);
	sw_buf_init(&fp, MSG_MAX);
	for (size_t i = 0; i < SW_ARRAY_LEN(name_rules) && err == 0; i++) {
		const struct name_rule *r = &name_rules[i];
		sw_lint_hit hit = {.code = r->code, .severity = SW_LINT_ERROR, .member = member};
		if (!r->match(base))
			continue;
		sw_buf_clear(&msg);
		sw_buf_clear(&fp);
		sw_buf_printf(&msg, "the archive contains %s: %s", r->what, member);
		if ((err = sw_secrets_fingerprint(&fp, r->code, member, 0, member,
		                                  strlen(member))) < 0)
			break;
		if ((err = sw_buf_error(&msg)) < 0 || (err = sw_buf_error(&fp)) < 0)
			break;
		hit.message = sw_buf_cstr(&msg);
		hit.fingerprint = sw_buf_cstr(&fp);
		hit.hint = "Exclude the file from the build (it should never be published); if "
		           "it holds no secret, override this finding with `slipway check "
		           "--ignore FINGERPRINT`.";
		err = emit(ctx, &hit);
	}
	sw_buf_free(&msg);
	sw_buf_free(&fp);
	return err;
}
