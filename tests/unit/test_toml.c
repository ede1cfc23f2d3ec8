/*
 * unit/test_toml.c — the TOML parser and query API: table-driven valid
 * documents (every grammar feature of TOML 1.0, expected values written
 * from the spec), invalid documents (every rejection rule, with the
 * line:col of the message for most), emit == input round trips over a
 * corpus, the query API, the output helpers and the size/depth limits.
 *
 * Values are compared through a compact rendering built with the public
 * query API only: tables {k=v,...}, arrays [v,...], strings '...' with
 * %HH for control bytes and for % ' " \, integers i:N, floats f:TEXT,
 * booleans b:true, date-times odt:/ldt:/ld:/lt: followed by their text.
 */
#include <dirent.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slipway/toml.h"

/* ---- rendering ----------------------------------------------------------- */

static void render_bytes(sw_buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F || c == '%' || c == '\'' || c == '"' || c == '\\')
			sw_buf_printf(b, "%%%02X", c);
		else
			sw_buf_putc(b, (char)c);
	}
}

static void render_str(sw_buf *b, const char *s, size_t len)
{
	sw_buf_putc(b, '\'');
	render_bytes(b, s, len);
	sw_buf_putc(b, '\'');
}

static void render(sw_buf *b, const sw_toml_node *n)
{
	static const char *const dt_prefix[] = {
	        [SW_TOML_DATETIME] = "odt:",
	        [SW_TOML_DATETIME_LOCAL] = "ldt:",
	        [SW_TOML_DATE_LOCAL] = "ld:",
	        [SW_TOML_TIME_LOCAL] = "lt:",
	};
	const char *s;
	size_t len;
	int64_t i;
	double f;
	int bv;
	switch (sw_toml_type(n)) {
	case SW_TOML_TABLE:
		sw_buf_putc(b, '{');
		for (const sw_toml_node *c = sw_toml_first(n); c; c = sw_toml_next(c)) {
			s = sw_toml_key(c, &len);
			render_bytes(b, s, len);
			sw_buf_putc(b, '=');
			render(b, c);
			if (sw_toml_next(c))
				sw_buf_putc(b, ',');
		}
		sw_buf_putc(b, '}');
		break;
	case SW_TOML_ARRAY:
		sw_buf_putc(b, '[');
		for (const sw_toml_node *c = sw_toml_first(n); c; c = sw_toml_next(c)) {
			render(b, c);
			if (sw_toml_next(c))
				sw_buf_putc(b, ',');
		}
		sw_buf_putc(b, ']');
		break;
	case SW_TOML_STRING:
		sw_toml_string(n, &s, &len);
		render_str(b, s, len);
		break;
	case SW_TOML_INTEGER:
		sw_toml_int(n, &i);
		sw_buf_printf(b, "i:%" PRId64, i);
		break;
	case SW_TOML_FLOAT:
		sw_toml_float(n, &f);
		sw_buf_puts(b, "f:");
		sw_toml_write_float(b, f);
		break;
	case SW_TOML_BOOL:
		sw_toml_bool(n, &bv);
		sw_buf_puts(b, bv ? "b:true" : "b:false");
		break;
	default:
		s = sw_toml_source(n, &len);
		sw_buf_puts(b, dt_prefix[sw_toml_type(n)]);
		sw_buf_put(b, s, len);
		break;
	}
}

/* Parses `text` and returns its rendering (static buffer) or the error. */
static const char *parse_render(const char *text, size_t len)
{
	static char out[4096];
	sw_toml_doc *doc;
	sw_buf b;
	int err = sw_toml_parse(&doc, text, len, NULL);
	if (err < 0) {
		snprintf(out, sizeof(out), "ERROR %s", sw_error_last());
		return out;
	}
	sw_buf_init(&b, sizeof(out) - 1);
	render(&b, sw_toml_root(doc));
	snprintf(out, sizeof(out), "%s", sw_buf_cstr(&b));
	sw_buf_free(&b);
	sw_toml_free(doc);
	return out;
}

/* ---- valid documents ------------------------------------------------------ */

struct valid_case {
	const char *toml;
	const char *want;
};

static const struct valid_case valid_cases[] = {
        /* empty, comments, whitespace, newlines */
        {"", "{}"},
        {"# only a comment", "{}"},
        {"\n\n  \t\n# c\n\n", "{}"},
        {"a = 1", "{a=i:1}"},
        {"a = 1\r\nb = 2\r\n", "{a=i:1,b=i:2}"},
        {"  a\t=\t1  # trailing comment\n", "{a=i:1}"},
        {"a=1#c\nb=2", "{a=i:1,b=i:2}"},
        {"# é ü 日本 \t comment with unicode and tab\na = 1", "{a=i:1}"},
        /* basic strings and escapes */
        {"a = \"hello\"", "{a='hello'}"},
        {"a = \"\\b\\t\\n\\f\\r\\\"\\\\\"", "{a='%08%09%0A%0C%0D%22%5C'}"},
        {"a = \"\\u00e9\\U0001F600\\u0041\"", "{a='é😀A'}"},
        {"a = \"\\u0000x\"", "{a='%00x'}"},
        {"a = \"tab\there\"", "{a='tab%09here'}"},
        {"a = \"it's 'quoted'\"", "{a='it%27s %27quoted%27'}"},
        {"a = \"é日本😀\"", "{a='é日本😀'}"},
        {"a = \"\"", "{a=''}"},
        /* literal strings */
        {"a = 'C:\\path\\\"x\"'", "{a='C:%5Cpath%5C%22x%22'}"},
        {"a = ''", "{a=''}"},
        {"a = '<\\i\\c*\\s*>'", "{a='<%5Ci%5Cc*%5Cs*>'}"},
        /* multi-line basic strings */
        {"a = \"\"\"\nline1\nline2\"\"\"", "{a='line1%0Aline2'}"},
        {"a = \"\"\"\r\nx\r\ny\"\"\"", "{a='x%0Ay'}"},
        {"a = \"\"\"one\"\"\"", "{a='one'}"},
        {"a = \"\"\"\n\nx\"\"\"", "{a='%0Ax'}"},
        {"a = \"\"\"a \\\n   b \\\n\n  c\"\"\"", "{a='a b c'}"},
        {"a = \"\"\"a \\   \n   b\"\"\"", "{a='a b'}"},
        {"a = \"\"\"\\\r\n  x\"\"\"", "{a='x'}"},
        {"a = \"\"\"x\"\"y\"\"\"", "{a='x%22%22y'}"},
        {"a = \"\"\"\"\"x\"\"\"\"\"", "{a='%22%22x%22%22'}"},
        {"a = \"\"\"\"\"\"", "{a=''}"},
        {"a = \"\"\"\"\"\"\"", "{a='%22'}"},
        {"a = \"\"\"tab\t\\t\"\"\"", "{a='tab%09%09'}"},
        /* multi-line literal strings */
        {"a = '''\nraw \\n text'''", "{a='raw %5Cn text'}"},
        {"a = ''''x''''", "{a='%27x%27'}"},
        {"a = '''x''y'''", "{a='x%27%27y'}"},
        {"a = ''''''", "{a=''}"},
        {"a = '''\r\nx\r\ny'''", "{a='x%0Ay'}"},
        /* keys */
        {"\"a b\" = 1\n'c.d' = 2\n\"\" = 3", "{a b=i:1,c.d=i:2,=i:3}"},
        {"\"\\u0041\" = 1", "{A=i:1}"},
        {"'' = 1", "{=i:1}"},
        {"1234 = 1\n-_- = 2\nA-Z_0 = 3", "{1234=i:1,-_-=i:2,A-Z_0=i:3}"},
        {"true = true\ninf = nan\nfalse = 1", "{true=b:true,inf=f:nan,false=i:1}"},
        {"1.2 = 3", "{1={2=i:3}}"},
        {"a.b.c = 1\na.d = 2", "{a={b={c=i:1},d=i:2}}"},
        {"a . b\t.\tc = 1", "{a={b={c=i:1}}}"},
        {"\"a\".'b'.\"c.d\" = 1", "{a={b={c.d=i:1}}}"},
        {"a.''.b = 1", "{a={={b=i:1}}}"},
        /* integers */
        {"a = 0\nb = +0\nc = -0", "{a=i:0,b=i:0,c=i:0}"},
        {"a = 1_000\nb = -17\nc = +99\nd = 5_349_221", "{a=i:1000,b=i:-17,c=i:99,d=i:5349221}"},
        {"a = 0xDEAD_beef\nb = 0o755\nc = 0b1101\nd = 0x0000_0001",
         "{a=i:3735928559,b=i:493,c=i:13,d=i:1}"},
        {"a = 9223372036854775807\nb = -9223372036854775808",
         "{a=i:9223372036854775807,b=i:-9223372036854775808}"},
        {"a = 0x7FFFFFFFFFFFFFFF\nb = 0o777777777777777777777\nc = 0b0",
         "{a=i:9223372036854775807,b=i:9223372036854775807,c=i:0}"},
        /* floats */
        {"a = 1.0\nb = 3.1415\nc = -0.01", "{a=f:1.0,b=f:3.1415,c=f:-0.01}"},
        {"a = 5e+22\nb = 1e06\nc = -2E-2\nd = 6.626e-34",
         "{a=f:5e+22,b=f:1e+06,c=f:-0.02,d=f:6.626e-34}"},
        {"a = 224_617.445_991_228\nb = 1e1_0\nc = 0e0\nd = 0.0\ne = -0.0",
         "{a=f:224617.445991228,b=f:1e+10,c=f:0.0,d=f:0.0,e=f:-0.0}"},
        {"a = inf\nb = +inf\nc = -inf\nd = nan\ne = +nan\nf = -nan",
         "{a=f:inf,b=f:inf,c=f:-inf,d=f:nan,e=f:nan,f=f:nan}"},
        {"a = 1e1000\nb = 0.1", "{a=f:inf,b=f:0.1}"},
        /* booleans */
        {"a = true\nb = false", "{a=b:true,b=b:false}"},
        /* date-times */
        {"a = 1979-05-27T07:32:00Z", "{a=odt:1979-05-27T07:32:00Z}"},
        {"a = 1979-05-27T00:32:00-07:00\nb = 1979-05-27T00:32:00.999999+05:30",
         "{a=odt:1979-05-27T00:32:00-07:00,b=odt:1979-05-27T00:32:00.999999+05:30}"},
        {"a = 1979-05-27 07:32:00Z\nb = 1979-05-27t07:32:00z",
         "{a=odt:1979-05-27 07:32:00Z,b=odt:1979-05-27t07:32:00z}"},
        {"a = 1979-05-27T07:32:00\nb = 1979-05-27T00:32:00.999999",
         "{a=ldt:1979-05-27T07:32:00,b=ldt:1979-05-27T00:32:00.999999}"},
        {"a = 1979-05-27\nb = 2000-02-29\nc = 2024-02-29\nd = 0000-01-01",
         "{a=ld:1979-05-27,b=ld:2000-02-29,c=ld:2024-02-29,d=ld:0000-01-01}"},
        {"a = 07:32:00\nb = 00:32:00.999999\nc = 23:59:59.1234567891",
         "{a=lt:07:32:00,b=lt:00:32:00.999999,c=lt:23:59:59.1234567891}"},
        {"a = 1979-05-27 # a date, then a comment", "{a=ld:1979-05-27}"},
        {"a = [1979-05-27, 07:32:00]", "{a=[ld:1979-05-27,lt:07:32:00]}"},
        /* arrays */
        {"a = [1, 2, 3]\nb = []\nc = [ ]", "{a=[i:1,i:2,i:3],b=[],c=[]}"},
        {"a = [[1, 2], [\"a\", 'b']]", "{a=[[i:1,i:2],['a','b']]}"},
        {"a = [1, \"x\", 1.5, true, [], {}]", "{a=[i:1,'x',f:1.5,b:true,[],{}]}"},
        {"a = [\n  1, # one\n  2,\n]", "{a=[i:1,i:2]}"},
        {"a = [\n# c\n\n]", "{a=[]}"},
        {"a = [ 1 ,2 , ]", "{a=[i:1,i:2]}"},
        {"a = [{x = 1}, {x = 2}]", "{a=[{x=i:1},{x=i:2}]}"},
        {"a = [\r\n1,\r\n2\r\n]", "{a=[i:1,i:2]}"},
        /* inline tables */
        {"a = {}\nb = { }", "{a={},b={}}"},
        {"a = { x = 1, y = \"z\" }", "{a={x=i:1,y='z'}}"},
        {"a = {b = {c = {d = 1}}}", "{a={b={c={d=i:1}}}}"},
        {"a = {b.c = 1, b.d = 2}", "{a={b={c=i:1,d=i:2}}}"},
        {"a = {b = [\n1,\n2\n]}", "{a={b=[i:1,i:2]}}"},
        {"a = {x=1,y=2}", "{a={x=i:1,y=i:2}}"},
        /* tables */
        {"[a]\nx = 1", "{a={x=i:1}}"},
        {"[a.b.c]\nd = 1", "{a={b={c={d=i:1}}}}"},
        {"[ a . \"b c\" . 'd' ]", "{a={b c={d={}}}}"},
        {"[a.b]\nx = 1\n[a]\ny = 2", "{a={b={x=i:1},y=i:2}}"},
        {"[a]\n[a.b]\n[a.c]", "{a={b={},c={}}}"},
        {"x = 1\n[a]\n\n[b] # c\ny = 2", "{x=i:1,a={},b={y=i:2}}"},
        {"[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n"
         "[fruit.apple.texture]\nsmooth = true",
         "{fruit={apple={color='red',taste={sweet=b:true},texture={smooth=b:true}}}}"},
        {"[a.b.c]\n[a]\nb.d = 1", "{a={b={c={},d=i:1}}}"},
        {"a.x = 1\n[a.b]\ny = 2", "{a={x=i:1,b={y=i:2}}}"},
        /* arrays of tables */
        {"[[t]]\nx = 1\n[[t]]\nx = 2\n[[t]]", "{t=[{x=i:1},{x=i:2},{}]}"},
        {"[[t]]\n[t.sub]\nx = 1\n[[t]]\n[t.sub]\nx = 2", "{t=[{sub={x=i:1}},{sub={x=i:2}}]}"},
        {"[[a.b]]\nx = 1\n[[a.b]]\n[a.c]", "{a={b=[{x=i:1},{}],c={}}}"},
        {"[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n"
         "[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits.varieties]]\n"
         "name = \"granny smith\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\n"
         "name = \"plantain\"",
         "{fruits=[{name='apple',physical={color='red'},varieties=[{name='red delicious'},"
         "{name='granny smith'}]},{name='banana',varieties=[{name='plantain'}]}]}"},
        {"[[t]]\nx.y = 1\n[[t]]\nx.y = 2", "{t=[{x={y=i:1}},{x={y=i:2}}]}"},
        {"[[ t ]]", "{t=[{}]}"},
};

static void parses_valid_documents(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++) {
		const struct valid_case *c = &valid_cases[i];
		const char *got = parse_render(c->toml, strlen(c->toml));
		if (strcmp(got, c->want) != 0)
			fail_msg("case %zu: %s\n  want %s\n  got  %s", i, c->toml, c->want, got);
	}
}

/* Documents with bytes that a C string cannot hold. */
static void parses_documents_with_nul_escapes(void **state)
{
	(void)state;
	assert_string_equal(parse_render("a = \"x\\u0000y\"", 14), "{a='x%00y'}");
	assert_string_equal(parse_render("\"\\u0000\" = 1", 12), "{%00=i:1}");
}

/* ---- invalid documents ----------------------------------------------------- */

struct invalid_case {
	const char *toml;
	const char *pos; /* "line:col" or NULL */
	const char *msg; /* a substring of the message */
};

static const struct invalid_case invalid_cases[] = {
        /* strings */
        {"a = \"abc", "1:5", "unterminated string"},
        {"a = \"a\nb\"", "1:5", "unterminated string"},
        {"a = 'ab\n'", "1:5", "unterminated string"},
        {"a = '''x", "1:5", "unterminated string"},
        {"a = \"\"\"x\n", "1:5", "unterminated string"},
        {"a = \"\\q\"", "1:6", "invalid escape sequence \\q"},
        {"a = \"\\x41\"", "1:6", "invalid escape sequence \\x"},
        {"a = \"\\e\"", "1:6", "invalid escape sequence \\e"},
        {"a = \"\\u12\"", "1:6", "needs 4 hexadecimal digits"},
        {"a = \"\\U0001F60\"", "1:6", "needs 8 hexadecimal digits"},
        {"a = \"\\uD800\"", "1:6", "not a Unicode scalar value"},
        {"a = \"\\uDFFF\"", "1:6", "not a Unicode scalar value"},
        {"a = \"\\U00110000\"", "1:6", "not a Unicode scalar value"},
        {"a = \"\x01\"", "1:6", "control character U+0001"},
        {"a = \"\x7f\"", "1:6", "control character U+007F"},
        {"a = '\x1f'", "1:6", "control character U+001F"},
        {"a = \"\"\"\x0b\"\"\"", "1:8", "control character U+000B"},
        {"a = \"\"\"x\"\"\"\"\"\"", "1:14", "too many quotes"},
        {"a = '''x''''''", "1:14", "too many quotes"},
        {"a = \"\"\"\\  x\"\"\"", "1:8", "line-ending backslash"},
        {"a = \"\"\"x\ry\"\"\"", "1:9", "carriage return not followed by a newline"},
        {"a = '''x\ry'''", "1:9", "carriage return not followed by a newline"},
        {"\"\"\"a\"\"\" = 1", "1:1", "multi-line string cannot be a key"},
        {"'''a''' = 1", "1:1", "multi-line string cannot be a key"},
        {"\"a\nb\" = 1", "1:1", "unterminated string"},
        /* UTF-8 */
        {"a = \"\xff\"", "1:6", "invalid UTF-8"},
        {"a = \"\xc0\xaf\"", "1:6", "invalid UTF-8"},
        {"a = \"\xed\xa0\x80\"", "1:6", "invalid UTF-8"},
        {"a = \"\xf4\x90\x80\x80\"", "1:6", "invalid UTF-8"},
        {"a = \"\xe2\x82\"", "1:6", "invalid UTF-8"},
        {"a = '\x80'", "1:6", "invalid UTF-8"},
        {"# \xff", "1:3", "invalid UTF-8 in a comment"},
        {"\xff = 1", "1:1", "invalid UTF-8"},
        {"\xef\xbb\xbf"
         "a = 1",
         "1:1", "byte order mark"},
        /* control characters, newlines */
        {"# \x01", "1:3", "control character U+0001 is not allowed in a comment"},
        {"# \x7f", "1:3", "control character U+007F is not allowed in a comment"},
        {"a = 1 # é\x7f", "1:10", "U+007F"},
        {"a = 1\rb = 2", "1:6", "carriage return not followed by a newline"},
        {"a = 1\n\r", "2:1", "carriage return not followed by a newline"},
        {"# c\r", "1:4", "carriage return not followed by a newline"},
        {"a = [1,\r2]", "1:8", "carriage return not followed by a newline"},
        {"\x01", "1:1", "control character U+0001"},
        /* integers */
        {"a = 01", "1:5", "leading zeros"},
        {"a = -01", "1:6", "leading zeros"},
        {"a = 0_1", "1:5", "leading zeros"},
        {"a = 1__2", "1:6", "underscore"},
        {"a = 1_", "1:6", "underscore"},
        {"a = _1", "1:5", "invalid value"},
        {"a = 0x", "1:7", "expected a hexadecimal digit"},
        {"a = 0x_1", "1:7", "expected a hexadecimal digit"},
        {"a = 0xg", "1:7", "expected a hexadecimal digit"},
        {"a = 0X1", "1:6", "invalid character 'X'"},
        {"a = +0x1", "1:5", "sign is not allowed"},
        {"a = -0o7", "1:5", "sign is not allowed"},
        {"a = 0o8", "1:7", "expected a octal digit"},
        {"a = 0b2", "1:7", "expected a binary digit"},
        {"a = 0b1_", "1:8", "underscore"},
        {"a = 9223372036854775808", "1:5", "does not fit in 64 bits"},
        {"a = -9223372036854775809", "1:5", "does not fit in 64 bits"},
        {"a = 0x8000000000000000", "1:5", "does not fit in 64 bits"},
        {"a = 0b10000000000000000000000000000000000000000000000000000000000000000", "1:5",
         "does not fit in 64 bits"},
        {"a = 99999999999999999999999", "1:5", "does not fit in 64 bits"},
        {"a = 1a", "1:6", "invalid character 'a' in an integer"},
        {"a = 1 2", "1:7", "expected a newline or a comment after the value"},
        /* floats */
        {"a = 1.", "1:7", "expected a digit after the decimal point"},
        {"a = .1", "1:5", "invalid value"},
        {"a = 1.e5", "1:7", "expected a digit after the decimal point"},
        {"a = 1e", "1:7", "expected a digit in the exponent"},
        {"a = 1e_1", "1:7", "expected a digit in the exponent"},
        {"a = 1e+", "1:8", "expected a digit in the exponent"},
        {"a = 01.5", "1:5", "leading zeros"},
        {"a = 1.5_", "1:8", "underscore"},
        {"a = 1._5", "1:7", "expected a digit after the decimal point"},
        {"a = 1.0.0", "1:8", "invalid character '.' in a float"},
        {"a = inf1", "1:8", "invalid character '1' in a float"},
        {"a = Inf", "1:5", "invalid value"},
        {"a = NaN", "1:5", "invalid value"},
        {"a = +", "1:5", "invalid value"},
        /* booleans */
        {"a = True", "1:5", "invalid value"},
        {"a = tru", "1:5", "invalid value"},
        {"a = truex", "1:9", "invalid character 'x' in a boolean"},
        /* date-times */
        {"a = 1979-13-01", "1:10", "month 13"},
        {"a = 1979-00-01", "1:10", "month 00"},
        {"a = 1979-02-30", "1:13", "no day 30"},
        {"a = 2023-02-29", "1:13", "no day 29"},
        {"a = 1900-02-29", "1:13", "no day 29"},
        {"a = 1979-04-31", "1:13", "no day 31"},
        {"a = 1979-05-00", "1:13", "no day 00"},
        {"a = 1979-05-27T25:00:00", "1:16", "hour 25"},
        {"a = 1979-05-27T07:60:00", "1:19", "minute 60"},
        {"a = 1979-05-27T07:32:60", "1:22", "second 60"},
        {"a = 1979-5-27", "1:5", "expected YYYY-MM-DD"},
        {"a = 1979-05-27T07:32", "1:16", "expected HH:MM:SS"},
        {"a = 1979-05-27T", "1:16", "expected HH:MM:SS"},
        {"a = 07:32", "1:5", "expected HH:MM:SS"},
        {"a = 1979-05-27T07:32:00+7:00", "1:24", "expected +HH:MM"},
        {"a = 1979-05-27T07:32:00+24:00", "1:24", "invalid time offset"},
        {"a = 1979-05-27T07:32:00-01:60", "1:24", "invalid time offset"},
        {"a = 1979-05-27T07:32:00.", "1:25", "expected digits after '.'"},
        {"a = 07:32:00Z", "1:13", "invalid character 'Z' in a date-time"},
        {"a = 07:32:00+01:00", "1:13", "invalid character '+' in a date-time"},
        {"a = 1979-05-27X", "1:15", "invalid character 'X' in a date-time"},
        {"a = 1979-05-27 07:32", "1:16", "expected HH:MM:SS"},
        /* arrays */
        {"a = [1, 2", "1:10", "expected ',' or ']' after an array item"},
        {"a = [1 2]", "1:8", "expected ',' or ']'"},
        {"a = [,]", "1:6", "invalid value"},
        {"a = [1,,2]", "1:8", "invalid value"},
        {"a = [", "1:6", "expected a value"},
        {"a = [1}", "1:7", "expected ',' or ']'"},
        /* inline tables */
        {"a = {x = 1,}", "1:12", "trailing comma"},
        {"a = {x = 1\n}", "1:11", "newline in an inline table"},
        {"a = {\nx = 1}", "1:6", "newline in an inline table"},
        {"a = {x = 1,\ny = 2}", "1:12", "newline in an inline table"},
        {"a = {x = 1 # c\n}", "1:12", "expected ',' or '}'"},
        {"a = {x = 1 y = 2}", "1:12", "expected ',' or '}'"},
        {"a = {x = 1, x = 2}", "1:13", "duplicate key 'x'"},
        {"a = {x.y = 1, x = 2}", "1:15", "duplicate key 'x'"},
        {"a = {x = {y = 1}, x.z = 2}", "1:19", "cannot add to 'x': it is already an inline table"},
        {"a = {x = 1}\na.y = 2", "2:1", "cannot add to 'a'"},
        {"a = {x = 1}\n[a]", "2:2", "cannot define table 'a'"},
        {"a = {x = 1}\n[a.b]", "2:2", "cannot define a table under 'a'"},
        {"[a]\nb = {c = 1}\n[a.b.d]", "3:4", "cannot define a table under 'b'"},
        {"a = {", "1:6", "expected a key"},
        /* tables */
        {"[a]\n[a]", "2:2", "cannot define table 'a': it is already a table defined by a [header]"},
        {"[a.b]\n[a.b]", "2:4", "cannot define table 'b'"},
        {"[a]\nb = 1\n[a.b]", "3:4", "cannot define table 'b': it is already a value"},
        {"a.b = 1\n[a]", "2:2", "already a table defined by dotted keys"},
        {"[a]\nb.c = 1\n[a.b]", "3:4", "already a table defined by dotted keys"},
        {"[a]\nb.c.d = 1\n[a.b.c]", "3:6", "already a table defined by dotted keys"},
        {"[a.b]\n[a]\nb = 1", "3:1", "duplicate key 'b'"},
        {"[a.b]\nc = 1\n[a]\nb.d = 2", "4:1", "cannot add to 'b'"},
        {"[[a]]\n[a]", "2:2", "cannot define table 'a': it is already an array of tables"},
        {"[a]\n[[a]]", "2:3", "cannot define array of tables 'a'"},
        {"a = []\n[[a]]", "2:3", "cannot define array of tables 'a': it is already an array"},
        {"a = [1]\n[a.b]", "2:2", "cannot define a table under 'a'"},
        {"[[a.b]]\n[a]\nb.x = 1", "3:1", "cannot add to 'b': it is already an array of tables"},
        {"[[a]]\nb = 1\n[a.b]", "3:4", "it is already a value"},
        {"a = 1\n[a.b]", "2:2", "cannot define a table under 'a': it is already a value"},
        {"[]", "1:2", "invalid character in a key"},
        {"[a.]", "1:4", "invalid character in a key"},
        {"[.a]", "1:2", "invalid character in a key"},
        {"[a..b]", "1:4", "invalid character in a key"},
        {"[a", "1:3", "expected ']'"},
        {"[a]]", "1:4", "expected a newline or a comment after the table header"},
        {"[[a]", "1:4", "expected ']]'"},
        {"[[a] ]", "1:4", "expected ']]'"},
        {"[ [a]]", "1:3", "invalid character in a key"},
        {"[a] x = 1", "1:5", "expected a newline or a comment after the table header"},
        {"[a\nb]", "1:3", "expected ']'"},
        /* keys */
        {"= 1", "1:1", "expected a key before '='"},
        {"a", "1:2", "expected '=' after the key"},
        {"a\n= 1", "1:2", "expected '=' after the key"},
        {"a =", "1:4", "expected a value"},
        {"a = # c", "1:5", "expected a value"},
        {"a = \n1", "1:5", "expected a value"},
        {"a b = 1", "1:3", "expected '=' after the key"},
        {"a. = 1", "1:4", "expected a key"},
        {".a = 1", "1:1", "expected a key, a [table] header or a comment"},
        {"a..b = 1", "1:3", "invalid character in a key"},
        {"a = 1\na = 2", "2:1", "duplicate key 'a': it is already a value (line 1)"},
        {"a.b = 1\na = 2", "2:1", "duplicate key 'a'"},
        {"a = 1\na.b = 2", "2:1", "cannot add to 'a': it is already a value"},
        {"\"a\" = 1\na = 2", "2:1", "duplicate key 'a'"},
        {"a = 1\n'a' = 2", "2:1", "duplicate key ''a''"},
        {"é = 1", "1:1", "expected a key, a [table] header or a comment"},
        {"a = 1\n\x00", "2:1", "control character U+0000"},
        {"a = \"x\x00\"", "1:7", "control character U+0000"},
        {"x = 1\ny = é", "2:5", "invalid value"},
};

/* Checks one invalid document: SW_EPARSE, position and message. */
static void check_invalid(size_t i, const struct invalid_case *c, size_t len)
{
	char prefix[64];
	sw_toml_doc *doc = (sw_toml_doc *)1;
	const char *msg;
	int err = sw_toml_parse(&doc, c->toml, len, "t.toml");
	msg = sw_error_last();
	if (err != SW_EPARSE || doc != NULL)
		fail_msg("case %zu: %s: expected SW_EPARSE, got %d (%s)", i, c->toml, err, msg);
	if (c->pos) {
		snprintf(prefix, sizeof(prefix), "t.toml:%s: ", c->pos);
		if (strncmp(msg, prefix, strlen(prefix)) != 0)
			fail_msg("case %zu: %s: want position %s, got '%s'", i, c->toml, c->pos,
			         msg);
	}
	if (!strstr(msg, c->msg))
		fail_msg("case %zu: %s: want '%s' in '%s'", i, c->toml, c->msg, msg);
	if (strchr(msg, '\n'))
		fail_msg("case %zu: message has more than one line: %s", i, msg);
}

static void rejects_invalid_documents(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(invalid_cases) / sizeof(invalid_cases[0]); i++) {
		const struct invalid_case *c = &invalid_cases[i];
		/* Cases ending in "\x00" mean an embedded NUL: count it. */
		size_t len = strlen(c->toml);
		if (strcmp(c->msg, "control character U+0000") == 0)
			len++;
		check_invalid(i, c, len);
	}
}

/* ---- round trips ---------------------------------------------------------- */

static const char *const roundtrip_docs[] = {
        "",
        "\n",
        "# comment only, no newline",
        "a=1",
        "  a   =   1   # spaced   \n\n\n",
        "a = 1\r\n[b]\r\nc = 'x'\r\n",
        "[ a . b ]  # header comment\n\t x . y = [ 1 ,\n\n # inner\n 2 , ]\n",
        "s1 = \"\\u00e9\"\ns2 = '''\nraw'''\ns3 = \"\"\"\\\n  folded\"\"\"\nn = 0xdead_BEEF\n",
        "n = 1_000\nf = 1e1_0\ni = -inf\nd = 1979-05-27 07:32:00Z\n",
        "t = { a = 1 ,b=2 }\n[[x]]\n[[x]]\n# end",
        "\"quoted\" = 1\n'lit' = 2\n",
};

static void emit_returns_input(const char *text, size_t len, const char *what)
{
	sw_toml_doc *doc;
	sw_buf out;
	size_t tlen;
	const char *t;
	if (sw_toml_parse(&doc, text, len, what) < 0)
		fail_msg("%s: %s", what, sw_error_last());
	sw_buf_init(&out, SW_TOML_MAX_SIZE);
	assert_int_equal(sw_toml_emit(doc, &out), 0);
	if (out.len != len || memcmp(sw_buf_cstr(&out), text, len) != 0)
		fail_msg("%s: emit differs from input", what);
	t = sw_toml_text(doc, &tlen);
	assert_int_equal(tlen, len);
	assert_memory_equal(t, text, len);
	sw_buf_free(&out);
	sw_toml_free(doc);
}

static void emit_roundtrips_inline_corpus(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(roundtrip_docs) / sizeof(roundtrip_docs[0]); i++)
		emit_returns_input(roundtrip_docs[i], strlen(roundtrip_docs[i]), roundtrip_docs[i]);
	for (size_t i = 0; i < sizeof(valid_cases) / sizeof(valid_cases[0]); i++)
		emit_returns_input(valid_cases[i].toml, strlen(valid_cases[i].toml), "valid case");
}

/* Reads a whole file into a malloc'd buffer. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Every .toml file of tests/data/toml/ (valid ones) round-trips. */
static void emit_roundtrips_data_corpus(void **state)
{
	const char *data = getenv("SW_TEST_DATA");
	char dir[4096], path[8192];
	struct dirent *ent;
	size_t count = 0;
	DIR *d;
	(void)state;
	assert_non_null(data);
	snprintf(dir, sizeof(dir), "%s/toml", data);
	d = opendir(dir);
	assert_non_null(d);
	while ((ent = readdir(d)) != NULL) {
		size_t len = 0, n = strlen(ent->d_name);
		char *text;
		if (n < 6 || strcmp(ent->d_name + n - 5, ".toml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, ent->d_name);
		text = slurp(path, &len);
		assert_non_null(text);
		emit_returns_input(text, len, path);
		free(text);
		count++;
	}
	closedir(d);
	assert_true(count >= 25);
}

/* ---- query API ------------------------------------------------------------ */

static const char query_doc[] = "# header\n"
                                "title = \"TOML ü\"\n"
                                "[owner]\n"
                                "name = 'Tom'  # trailing\n"
                                "dob = 1979-05-27T07:32:00.5-08:00\n"
                                "[tool.\"my.tool\"]\n"
                                "ratio = 0.5\n"
                                "on = true\n"
                                "list = [1, 0x10, 3]\n"
                                "x.y = -7\n"
                                "[[srv]]\n"
                                "n = 1\n"
                                "[[srv]]\n"
                                "n = 2\n"
                                "\"é\" = \"ü\" \n";

static void query_api_finds_and_types(void **state)
{
	sw_toml_doc *doc;
	const sw_toml_node *root, *n;
	const char *s;
	size_t len;
	int64_t i;
	double f;
	int b;
	(void)state;
	assert_int_equal(sw_toml_parse(&doc, query_doc, strlen(query_doc), "q.toml"), 0);
	root = sw_toml_root(doc);
	assert_int_equal(sw_toml_type(root), SW_TOML_TABLE);
	assert_int_equal(sw_toml_style(root), SW_TOML_STYLE_ROOT);
	assert_null(sw_toml_parent(root));
	assert_int_equal(sw_toml_count(root), 4);
	/* find by one key */
	n = sw_toml_find(root, "title", 5);
	assert_non_null(n);
	assert_int_equal(sw_toml_string(n, &s, &len), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(s, "TOML ü", 7);
	assert_int_equal(sw_toml_int(n, &i), SW_ETYPE);
	assert_null(sw_toml_find(root, "titl", 4));
	assert_null(sw_toml_find(n, "x", 1));
	/* key arrays */
	{
		const char *k1[] = {"tool", "my.tool", "ratio"};
		const char *k2[] = {"tool", "my.tool", "list"};
		const char *k3[] = {"srv", "n"};
		const char *k4[] = {"owner", "name", "x"};
		n = sw_toml_get(root, k1, 3);
		assert_int_equal(sw_toml_float(n, &f), 0);
		assert_true(f == 0.5);
		n = sw_toml_get(root, k2, 3);
		assert_int_equal(sw_toml_type(n), SW_TOML_ARRAY);
		assert_int_equal(sw_toml_count(n), 3);
		assert_int_equal(sw_toml_int(sw_toml_at(n, 1), &i), 0);
		assert_int_equal(i, 16);
		assert_null(sw_toml_at(n, 3));
		assert_ptr_equal(sw_toml_parent(sw_toml_at(n, 0)), n);
		assert_null(sw_toml_key(sw_toml_at(n, 0), &len));
		s = sw_toml_source(sw_toml_at(n, 1), &len);
		assert_int_equal(len, 4);
		assert_memory_equal(s, "0x10", 4);
		s = sw_toml_source(n, &len);
		assert_int_equal(len, 12);
		assert_memory_equal(s, "[1, 0x10, 3]", 12);
		/* an array of tables stands for its last table */
		n = sw_toml_get(root, k3, 2);
		assert_int_equal(sw_toml_int(n, &i), 0);
		assert_int_equal(i, 2);
		assert_null(sw_toml_get(root, k4, 3));
	}
	/* dotted path strings */
	assert_int_equal(sw_toml_get_path(&n, root, "tool . \"my.tool\".on"), 0);
	assert_int_equal(sw_toml_bool(n, &b), 0);
	assert_int_equal(b, 1);
	assert_int_equal(sw_toml_get_path(&n, root, "tool.'my.tool'.x.y"), 0);
	assert_int_equal(sw_toml_int(n, &i), 0);
	assert_int_equal(i, -7);
	assert_int_equal(sw_toml_get_path(&n, root, "srv.\"é\""), 0);
	assert_int_equal(sw_toml_get_path(&n, root, "tool.my.tool"), SW_ENOTFOUND);
	assert_null(n);
	assert_int_equal(sw_toml_get_path(&n, root, "tool..x"), SW_EPARSE);
	/* styles */
	assert_int_equal(sw_toml_get_path(&n, root, "tool"), 0);
	assert_int_equal(sw_toml_style(n), SW_TOML_STYLE_IMPLICIT);
	assert_null(sw_toml_source(n, &len));
	assert_int_equal(sw_toml_get_path(&n, root, "owner"), 0);
	assert_int_equal(sw_toml_style(n), SW_TOML_STYLE_HEADER);
	assert_int_equal(sw_toml_get_path(&n, root, "tool.\"my.tool\".x"), 0);
	assert_int_equal(sw_toml_style(n), SW_TOML_STYLE_DOTTED);
	assert_int_equal(sw_toml_get_path(&n, root, "srv"), 0);
	assert_int_equal(sw_toml_style(n), SW_TOML_STYLE_AOT);
	assert_int_equal(sw_toml_count(n), 2);
	assert_int_equal(sw_toml_style(sw_toml_first(n)), SW_TOML_STYLE_AOT_ITEM);
	sw_toml_free(doc);
}

static void query_api_datetimes_and_positions(void **state)
{
	sw_toml_doc *doc;
	const sw_toml_node *root, *n;
	sw_toml_datetime_fields dt;
	unsigned line, col;
	const char *s;
	size_t len;
	(void)state;
	assert_int_equal(sw_toml_parse(&doc, query_doc, strlen(query_doc), "q.toml"), 0);
	root = sw_toml_root(doc);
	assert_int_equal(sw_toml_get_path(&n, root, "owner.dob"), 0);
	assert_int_equal(sw_toml_type(n), SW_TOML_DATETIME);
	assert_int_equal(sw_toml_datetime(n, &dt), 0);
	assert_int_equal(dt.year, 1979);
	assert_int_equal(dt.month, 5);
	assert_int_equal(dt.day, 27);
	assert_int_equal(dt.hour, 7);
	assert_int_equal(dt.minute, 32);
	assert_int_equal(dt.second, 0);
	assert_int_equal(dt.nanosecond, 500000000);
	assert_int_equal(dt.offset_minutes, -480);
	s = sw_toml_source(n, &len);
	assert_int_equal(len, 27);
	assert_memory_equal(s, "1979-05-27T07:32:00.5-08:00", 27);
	/* positions: line 5 "dob = ..." */
	assert_int_equal(sw_toml_key_pos(doc, n, &line, &col), 0);
	assert_int_equal(line, 5);
	assert_int_equal(col, 1);
	sw_toml_value_pos(doc, n, &line, &col);
	assert_int_equal(line, 5);
	assert_int_equal(col, 7);
	/* code point columns: line 2 is `title = "TOML ü"` */
	assert_int_equal(sw_toml_get_path(&n, root, "srv.\"é\""), 0);
	assert_int_equal(sw_toml_key_pos(doc, n, &line, &col), 0);
	assert_int_equal(line, 15);
	assert_int_equal(col, 1);
	sw_toml_value_pos(doc, n, &line, &col);
	assert_int_equal(line, 15);
	assert_int_equal(col, 7);
	/* a dotted key: the last segment */
	assert_int_equal(sw_toml_get_path(&n, root, "tool.\"my.tool\".x.y"), 0);
	assert_int_equal(sw_toml_key_pos(doc, n, &line, &col), 0);
	assert_int_equal(line, 10);
	assert_int_equal(col, 3);
	/* a header table: the '[' and the last key segment */
	assert_int_equal(sw_toml_get_path(&n, root, "tool.\"my.tool\""), 0);
	sw_toml_value_pos(doc, n, &line, &col);
	assert_int_equal(line, 6);
	assert_int_equal(col, 1);
	assert_int_equal(sw_toml_key_pos(doc, n, &line, &col), 0);
	assert_int_equal(col, 7);
	assert_int_equal(sw_toml_key_pos(doc, root, &line, &col), SW_ENOTFOUND);
	/* a time and a date */
	sw_toml_free(doc);
	s = "t = 23:59:58.123456789123\nd = 2024-02-29";
	assert_int_equal(sw_toml_parse(&doc, s, strlen(s), NULL), 0);
	assert_int_equal(sw_toml_datetime(sw_toml_find(sw_toml_root(doc), "t", 1), &dt), 0);
	assert_int_equal(dt.hour, 23);
	assert_int_equal(dt.second, 58);
	assert_int_equal(dt.nanosecond, 123456789);
	assert_int_equal(sw_toml_datetime(sw_toml_find(sw_toml_root(doc), "d", 1), &dt), 0);
	assert_int_equal(dt.year, 2024);
	assert_int_equal(dt.day, 29);
	assert_int_equal(dt.hour, 0);
	sw_toml_free(doc);
}

static void path_parse_splits_keys(void **state)
{
	static const struct {
		const char *path;
		size_t n;
		const char *keys[4];
	} cases[] = {
	        {"a", 1, {"a"}},
	        {"a.b.c", 3, {"a", "b", "c"}},
	        {" a . b ", 2, {"a", "b"}},
	        {"tool.\"my.tool\".'x y'", 3, {"tool", "my.tool", "x y"}},
	        {"\"\\u00e9\"", 1, {"é"}},
	        {"\"\"", 1, {""}},
	        {"1.2", 2, {"1", "2"}},
	};
	static const char *const bad[] = {"", "a.", ".a", "a..b", "a b", "\"a", "a.\"\"\"x\"\"\""};
	char **keys;
	size_t n;
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(
		        sw_toml_path_parse(&keys, &n, cases[i].path, strlen(cases[i].path)), 0);
		assert_int_equal(n, cases[i].n);
		for (size_t k = 0; k < n; k++)
			assert_string_equal(keys[k], cases[i].keys[k]);
		assert_null(keys[n]);
		sw_free(keys);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(sw_toml_path_parse(&keys, &n, bad[i], strlen(bad[i])), SW_EPARSE);
		assert_null(keys);
	}
}

/* ---- output --------------------------------------------------------------- */

static void to_json_matches_toml_test_format(void **state)
{
	static const char doc_text[] =
	        "s = \"a\\\"b\\\\c\\n\\u0001é\"\ni = 0x10\nf = 1.5\nn = -nan\nb = false\n"
	        "odt = 1979-05-27 07:32:00z\nldt = 1979-05-27t07:32:00\nld = 1979-05-27\n"
	        "lt = 07:32:00.25\n[t]\narr = [1, [2], {x = 3}]\n[[aot]]\n";
	static const char want[] =
	        "{\"s\": {\"type\": \"string\", \"value\": \"a\\\"b\\\\c\\n\\u0001é\"}, "
	        "\"i\": {\"type\": \"integer\", \"value\": \"16\"}, "
	        "\"f\": {\"type\": \"float\", \"value\": \"1.5\"}, "
	        "\"n\": {\"type\": \"float\", \"value\": \"nan\"}, "
	        "\"b\": {\"type\": \"bool\", \"value\": \"false\"}, "
	        "\"odt\": {\"type\": \"datetime\", \"value\": \"1979-05-27T07:32:00Z\"}, "
	        "\"ldt\": {\"type\": \"datetime-local\", \"value\": \"1979-05-27T07:32:00\"}, "
	        "\"ld\": {\"type\": \"date-local\", \"value\": \"1979-05-27\"}, "
	        "\"lt\": {\"type\": \"time-local\", \"value\": \"07:32:00.25\"}, "
	        "\"t\": {\"arr\": [{\"type\": \"integer\", \"value\": \"1\"}, "
	        "[{\"type\": \"integer\", \"value\": \"2\"}], "
	        "{\"x\": {\"type\": \"integer\", \"value\": \"3\"}}]}, "
	        "\"aot\": [{}]}";
	sw_toml_doc *doc;
	sw_buf out;
	(void)state;
	assert_int_equal(sw_toml_parse(&doc, doc_text, strlen(doc_text), NULL), 0);
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_toml_to_json(sw_toml_root(doc), &out), 0);
	assert_string_equal(sw_buf_cstr(&out), want);
	sw_buf_free(&out);
	sw_toml_free(doc);
}

static void node_text_shows_defining_lines(void **state)
{
	static const char text[] = "a = 1\n[tool.x]\n# c\nk = 1 # t\n[other]\nz = 0\n"
	                           "[tool.x.sub]\nq = [\n  1,\n]\n[tool]\ny.w = 2";
	sw_toml_doc *doc;
	const sw_toml_node *n;
	sw_buf out;
	(void)state;
	assert_int_equal(sw_toml_parse(&doc, text, strlen(text), NULL), 0);
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_toml_get_path(&n, sw_toml_root(doc), "tool"), 0);
	assert_int_equal(sw_toml_node_text(doc, n, &out), 0);
	assert_string_equal(sw_buf_cstr(&out), "[tool.x]\nk = 1 # t\n[tool.x.sub]\nq = [\n  1,\n]\n"
	                                       "[tool]\ny.w = 2\n");
	sw_buf_clear(&out);
	assert_int_equal(sw_toml_get_path(&n, sw_toml_root(doc), "tool.x.sub.q"), 0);
	assert_int_equal(sw_toml_node_text(doc, n, &out), 0);
	assert_string_equal(sw_buf_cstr(&out), "[\n  1,\n]");
	sw_buf_free(&out);
	sw_toml_free(doc);
}

static void write_helpers_spell_toml(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} strs[] = {
	        {"plain", 5, "\"plain\""},
	        {"q\"b\\", 4, "\"q\\\"b\\\\\""},
	        {"\b\t\n\f\r", 5, "\"\\b\\t\\n\\f\\r\""},
	        {"\x01\x1f\x7f", 3, "\"\\u0001\\u001F\\u007F\""},
	        {"a\0b", 3, "\"a\\u0000b\""},
	        {"é日😀", 9, "\"é日😀\""},
	        {"", 0, "\"\""},
	};
	static const struct {
		double v;
		const char *want;
	} floats[] = {
	        {0.1, "0.1"},        {1.0, "1.0"},
	        {-0.0, "-0.0"},      {1e300, "1e+300"},
	        {1.5e-7, "1.5e-07"}, {123456789.0, "123456789.0"},
	        {HUGE_VAL, "inf"},   {-HUGE_VAL, "-inf"},
	        {NAN, "nan"},        {0.30000000000000004, "0.30000000000000004"},
	};
	sw_buf b;
	(void)state;
	sw_buf_init(&b, 1024);
	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		sw_buf_clear(&b);
		assert_int_equal(sw_toml_write_string(&b, strs[i].in, strs[i].len), 0);
		assert_string_equal(sw_buf_cstr(&b), strs[i].want);
	}
	for (size_t i = 0; i < sizeof(floats) / sizeof(floats[0]); i++) {
		sw_buf_clear(&b);
		assert_int_equal(sw_toml_write_float(&b, floats[i].v), 0);
		assert_string_equal(sw_buf_cstr(&b), floats[i].want);
	}
	sw_buf_clear(&b);
	assert_int_equal(sw_toml_write_string(&b, "\xff", 1), SW_EINVAL);
	sw_buf_clear(&b);
	assert_int_equal(sw_toml_write_string(&b, "\xe2\x82", 2), SW_EINVAL);
	sw_buf_clear(&b);
	sw_toml_write_key(&b, "bare-key_1", 10);
	sw_buf_putc(&b, ' ');
	sw_toml_write_key(&b, "a.b", 3);
	sw_buf_putc(&b, ' ');
	sw_toml_write_key(&b, "", 0);
	sw_buf_putc(&b, ' ');
	sw_toml_write_int(&b, INT64_MIN);
	assert_string_equal(sw_buf_cstr(&b), "bare-key_1 \"a.b\" \"\" -9223372036854775808");
	sw_buf_free(&b);
}

/* ---- limits --------------------------------------------------------------- */

static void refuses_documents_over_the_size_limit(void **state)
{
	size_t len = SW_TOML_MAX_SIZE + 1;
	char *big = malloc(len);
	sw_toml_doc *doc;
	(void)state;
	assert_non_null(big);
	memset(big, '\n', len);
	assert_int_equal(sw_toml_parse(&doc, big, len, "big.toml"), SW_ETOOBIG);
	assert_null(doc);
	assert_non_null(strstr(sw_error_last(), "16777216"));
	/* exactly the limit is fine */
	assert_int_equal(sw_toml_parse(&doc, big, len - 1, "big.toml"), 0);
	sw_toml_free(doc);
	free(big);
}

/* Builds `prefix` + `n` copies of `rep` + `suffix` (malloc'd). */
static char *repeat(const char *prefix, const char *rep, size_t n, const char *suffix)
{
	size_t pl = strlen(prefix), rl = strlen(rep), sl = strlen(suffix);
	char *s = malloc(pl + rl * n + sl + 1), *d = s;
	memcpy(d, prefix, pl);
	d += pl;
	for (size_t i = 0; i < n; i++, d += rl)
		memcpy(d, rep, rl);
	memcpy(d, suffix, sl + 1);
	return s;
}

static void refuses_nesting_over_the_depth_limit(void **state)
{
	static const struct {
		const char *prefix, *rep, *suffix;
		size_t ok, bad;
	} cases[] = {
	        {"a = ", "[", "", 0, SW_TOML_MAX_DEPTH + 1},
	        {"a = ", "{b = ", "", 0, SW_TOML_MAX_DEPTH + 1},
	        {"", "a.", "b = 1", SW_TOML_MAX_DEPTH - 1, SW_TOML_MAX_DEPTH},
	        {"[", "a.", "b]", SW_TOML_MAX_DEPTH - 1, SW_TOML_MAX_DEPTH},
	        {"[", "a.", "b]", 0, 100000},
	};
	sw_toml_doc *doc;
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = repeat(cases[i].prefix, cases[i].rep, cases[i].bad, cases[i].suffix);
		assert_int_equal(sw_toml_parse(&doc, s, strlen(s), NULL), SW_ETOOBIG);
		assert_non_null(strstr(sw_error_last(), "nesting deeper than 256 levels"));
		free(s);
		if (!cases[i].ok)
			continue;
		s = repeat(cases[i].prefix, cases[i].rep, cases[i].ok, cases[i].suffix);
		if (sw_toml_parse(&doc, s, strlen(s), NULL) < 0)
			fail_msg("case %zu: %s", i, sw_error_last());
		sw_toml_free(doc);
		free(s);
	}
	/* 256 nested arrays are fine */
	{
		char *open = repeat("a = ", "[", SW_TOML_MAX_DEPTH, "");
		char *s = repeat(open, "]", SW_TOML_MAX_DEPTH, "");
		if (sw_toml_parse(&doc, s, strlen(s), NULL) < 0)
			fail_msg("256 arrays: %s", sw_error_last());
		sw_toml_free(doc);
		free(open);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(parses_valid_documents),
	        cmocka_unit_test(parses_documents_with_nul_escapes),
	        cmocka_unit_test(rejects_invalid_documents),
	        cmocka_unit_test(emit_roundtrips_inline_corpus),
	        cmocka_unit_test(emit_roundtrips_data_corpus),
	        cmocka_unit_test(query_api_finds_and_types),
	        cmocka_unit_test(query_api_datetimes_and_positions),
	        cmocka_unit_test(path_parse_splits_keys),
	        cmocka_unit_test(to_json_matches_toml_test_format),
	        cmocka_unit_test(node_text_shows_defining_lines),
	        cmocka_unit_test(write_helpers_spell_toml),
	        cmocka_unit_test(refuses_documents_over_the_size_limit),
	        cmocka_unit_test(refuses_nesting_over_the_depth_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
