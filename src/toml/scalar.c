/*
 * toml/scalar.c — the unquoted scalar values of TOML 1.0: booleans,
 * integers (decimal, 0x, 0o, 0b; underscores between digits; 64-bit range),
 * floats (fraction, exponent, inf, nan) and the four date-time forms with
 * calendar checks. Float text is converted without depending on the locale.
 */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "toml_int.h"

/* Longest float text converted from a stack buffer; longer goes to the arena. */
#define FLOAT_STACK 128

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int is_oct(unsigned char c)
{
	return c >= '0' && c <= '7';
}

static int is_bin(unsigned char c)
{
	return c == '0' || c == '1';
}

/* Whether a value may end before `c`. */
static int ends_value(const struct parser *P, const char *p)
{
	unsigned char c = (unsigned char)*p;
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ']' ||
	       c == '}' || c == '#' || (c == 0 && p >= P->end);
}

/* Reports what follows a value that should have ended at p. */
static int bad_end(const struct parser *P, const char *p, const char *what)
{
	unsigned char c = (unsigned char)*p;
	if (c > 0x20 && c < 0x7F)
		return perr(P, p, "invalid character '%c' in %s", c, what);
	return perr(P, p, "invalid character in %s", what);
}

/* Skips digits of a class with single underscores between them; p is on
 * the first digit (checked by the caller). */
static int scan_digits(const struct parser *P, const char **pp, int (*dig)(unsigned char))
{
	const char *p = *pp + 1;
	for (;;) {
		if (dig((unsigned char)*p)) {
			p++;
		} else if (*p == '_') {
			if (!dig((unsigned char)p[1]))
				return perr(P, p,
				            "an underscore in a number must be between two digits");
			p += 2;
		} else {
			break;
		}
	}
	*pp = p;
	return 0;
}

double text_to_double(const char *s, size_t len, char *scratch)
{
	/* strtod() honours LC_NUMERIC: hand it the locale's decimal point. */
	const char *dp = localeconv()->decimal_point;
	size_t dpl = dp ? strlen(dp) : 0, j = 0;
	if (dpl == 0 || dpl > 7) {
		dp = ".";
		dpl = 1;
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			memcpy(scratch + j, dp, dpl);
			j += dpl;
		} else if (s[i] != '_') {
			scratch[j++] = s[i];
		}
	}
	scratch[j] = '\0';
	return strtod(scratch, NULL);
}

/* Converts float text [s, e) (with underscores) to n->v.f. */
static int float_value(const struct parser *P, const char *s, const char *e, sw_toml_node *n)
{
	size_t len = (size_t)(e - s);
	char stack[FLOAT_STACK], *buf = stack;
	if (len + 8 > FLOAT_STACK) {
		buf = arena_alloc(&P->st->arena, len + 8);
		if (!buf)
			return perr_code(P, SW_ENOMEM, s, "out of memory");
	}
	n->type = SW_TOML_FLOAT;
	n->v.f = text_to_double(s, len, buf);
	return 0;
}

/* Converts decimal integer text [s, e) to n->v.i, checking the range. */
static int int_value(const struct parser *P, const char *s, const char *e, sw_toml_node *n)
{
	const char *p = s;
	int neg = 0;
	uint64_t v = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; p < e; p++) {
		unsigned d;
		if (*p == '_')
			continue;
		d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			goto range;
		v = v * 10 + d;
	}
	if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
		goto range;
	n->type = SW_TOML_INTEGER;
	n->v.i = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
range:
	return perr(P, s, "integer %.*s does not fit in 64 bits", (int)(e - s > 40 ? 40 : e - s),
	            s);
}

/* Scans 0x / 0o / 0b integers at p (on the '0'). */
static int scan_radix(const struct parser *P, const char **pp, sw_toml_node *n)
{
	static const struct {
		char letter;
		unsigned shift;
		int (*dig)(unsigned char);
		const char *name;
	} radix[] = {
	        {'x', 4, is_hex, "hexadecimal"},
	        {'o', 3, is_oct, "octal"},
	        {'b', 1, is_bin, "binary"},
	};
	const char *s = *pp, *p = s + 2;
	size_t r = 0;
	uint64_t v = 0;
	int err;
	while (radix[r].letter != s[1])
		r++;
	if (!radix[r].dig((unsigned char)*p))
		return perr(P, p, "expected a %s digit after 0%c", radix[r].name, s[1]);
	if ((err = scan_digits(P, &p, radix[r].dig)) < 0)
		return err;
	if (!ends_value(P, p))
		return bad_end(P, p, "an integer");
	for (const char *q = s + 2; q < p; q++) {
		if (*q == '_')
			continue;
		if (v >> (63 - radix[r].shift))
			return perr(P, s, "integer %.*s does not fit in 64 bits",
			            (int)(p - s > 40 ? 40 : p - s), s);
		v = (v << radix[r].shift) |
		    (uint64_t)(is_digit((unsigned char)*q) ? *q - '0' : (*q | 0x20) - 'a' + 10);
	}
	n->type = SW_TOML_INTEGER;
	n->v.i = (int64_t)v;
	*pp = p;
	return 0;
}

/* Scans inf / nan after an optional sign. */
static int scan_special(const struct parser *P, const char **pp, const char *p, int neg,
                        sw_toml_node *n)
{
	int inf = p[0] == 'i';
	p += 3;
	if (!ends_value(P, p))
		return bad_end(P, p, "a float");
	n->type = SW_TOML_FLOAT;
	n->v.f = inf ? (neg ? -HUGE_VAL : HUGE_VAL) : (neg ? -NAN : NAN);
	*pp = p;
	return 0;
}

/* Scans a decimal integer or a float. */
static int scan_number(const struct parser *P, const char **pp, sw_toml_node *n)
{
	const char *s = *pp, *p = s;
	int sign = 0, is_float = 0, err;
	if (*p == '+' || *p == '-') {
		sign = 1;
		p++;
	}
	if ((p[0] == 'i' && p[1] == 'n' && p[2] == 'f') ||
	    (p[0] == 'n' && p[1] == 'a' && p[2] == 'n'))
		return scan_special(P, pp, p, *s == '-', n);
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o' || p[1] == 'b')) {
		if (sign)
			return perr(
			        P, s,
			        "a sign is not allowed on hexadecimal, octal or binary integers");
		return scan_radix(P, pp, n);
	}
	if (!is_digit((unsigned char)*p))
		return perr(P, s, "invalid value");
	if (p[0] == '0' && (is_digit((unsigned char)p[1]) || p[1] == '_'))
		return perr(P, p, "leading zeros are not allowed in a number");
	if ((err = scan_digits(P, &p, is_digit)) < 0)
		return err;
	if (*p == '.') {
		if (!is_digit((unsigned char)*++p))
			return perr(P, p, "expected a digit after the decimal point");
		if ((err = scan_digits(P, &p, is_digit)) < 0)
			return err;
		is_float = 1;
	}
	if (*p == 'e' || *p == 'E') {
		if (*++p == '+' || *p == '-')
			p++;
		if (!is_digit((unsigned char)*p))
			return perr(P, p, "expected a digit in the exponent");
		if ((err = scan_digits(P, &p, is_digit)) < 0)
			return err;
		is_float = 1;
	}
	if (!ends_value(P, p))
		return bad_end(P, p, is_float ? "a float" : "an integer");
	*pp = p;
	return is_float ? float_value(P, s, p, n) : int_value(P, s, p, n);
}

/* ---- dates and times ---------------------------------------------------- */

static int digits_at(const char *p, int count)
{
	for (int i = 0; i < count; i++)
		if (!is_digit((unsigned char)p[i]))
			return 0;
	return 1;
}

static int num2(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* Checks "YYYY-MM-DD" at p (shape already seen: 4 digits and '-'). */
static int scan_date(const struct parser *P, const char *p)
{
	int year, month, day;
	if (!digits_at(p + 5, 2) || p[7] != '-' || !digits_at(p + 8, 2))
		return perr(P, p, "invalid date: expected YYYY-MM-DD");
	year = num2(p) * 100 + num2(p + 2);
	month = num2(p + 5);
	day = num2(p + 8);
	if (month < 1 || month > 12)
		return perr(P, p + 5, "invalid date: month %02d", month);
	if (day < 1 || day > days_in_month(year, month))
		return perr(P, p + 8, "invalid date: %.10s has no day %02d", p, day);
	return 0;
}

/* Scans "HH:MM:SS[.fraction]" at *pp. */
static int scan_time(const struct parser *P, const char **pp)
{
	const char *p = *pp;
	if (!digits_at(p, 2) || p[2] != ':' || !digits_at(p + 3, 2) || p[5] != ':' ||
	    !digits_at(p + 6, 2))
		return perr(P, p, "invalid time: expected HH:MM:SS");
	if (num2(p) > 23)
		return perr(P, p, "invalid time: hour %02d", num2(p));
	if (num2(p + 3) > 59)
		return perr(P, p + 3, "invalid time: minute %02d", num2(p + 3));
	if (num2(p + 6) > 59)
		return perr(P, p + 6, "invalid time: second %02d", num2(p + 6));
	p += 8;
	if (*p == '.') {
		if (!is_digit((unsigned char)*++p))
			return perr(P, p, "invalid time: expected digits after '.'");
		while (is_digit((unsigned char)*p))
			p++;
	}
	*pp = p;
	return 0;
}

/* Scans an optional offset "Z" or "+HH:MM" at *pp; *has tells if found. */
static int scan_offset(const struct parser *P, const char **pp, int *has)
{
	const char *p = *pp;
	*has = 1;
	if (*p == 'Z' || *p == 'z') {
		*pp = p + 1;
		return 0;
	}
	if (*p != '+' && *p != '-') {
		*has = 0;
		return 0;
	}
	if (!digits_at(p + 1, 2) || p[3] != ':' || !digits_at(p + 4, 2))
		return perr(P, p, "invalid time offset: expected +HH:MM or -HH:MM");
	if (num2(p + 1) > 23 || num2(p + 4) > 59)
		return perr(P, p, "invalid time offset %.6s", p);
	*pp = p + 6;
	return 0;
}

/* Scans one of the four date-time forms at *pp. */
static int scan_datetime(const struct parser *P, const char **pp, sw_toml_node *n)
{
	const char *p = *pp;
	int err, has_offset;
	if (p[2] == ':') {
		if ((err = scan_time(P, &p)) < 0)
			return err;
		n->type = SW_TOML_TIME_LOCAL;
	} else {
		if ((err = scan_date(P, p)) < 0)
			return err;
		p += 10;
		n->type = SW_TOML_DATE_LOCAL;
		if (*p == 'T' || *p == 't' || (*p == ' ' && digits_at(p + 1, 2) && p[3] == ':')) {
			p++;
			if ((err = scan_time(P, &p)) < 0 ||
			    (err = scan_offset(P, &p, &has_offset)) < 0)
				return err;
			n->type = has_offset ? SW_TOML_DATETIME : SW_TOML_DATETIME_LOCAL;
		}
	}
	if (!ends_value(P, p))
		return bad_end(P, p, "a date-time");
	*pp = p;
	return 0;
}

void datetime_fields(const char *p, const char *end, sw_toml_datetime_fields *dt)
{
	memset(dt, 0, sizeof(*dt));
	if (end - p >= 10 && p[4] == '-') {
		dt->year = num2(p) * 100 + num2(p + 2);
		dt->month = num2(p + 5);
		dt->day = num2(p + 8);
		if (end - p <= 10)
			return;
		p += 11;
	}
	if (end - p < 8 || p[2] != ':')
		return;
	dt->hour = num2(p);
	dt->minute = num2(p + 3);
	dt->second = num2(p + 6);
	p += 8;
	if (p < end && *p == '.') {
		uint32_t scale = 100000000;
		for (p++; p < end && is_digit((unsigned char)*p); p++, scale /= 10)
			dt->nanosecond += (uint32_t)(*p - '0') * scale;
	}
	if (end - p >= 6 && (*p == '+' || *p == '-'))
		dt->offset_minutes = (*p == '-' ? -1 : 1) * (num2(p + 1) * 60 + num2(p + 4));
}

/* ---- dispatch ----------------------------------------------------------- */

int scan_scalar(const struct parser *P, const char **pp, sw_toml_node *n)
{
	const char *p = *pp;
	if ((p[0] == 't' && p[1] == 'r' && p[2] == 'u' && p[3] == 'e') ||
	    (p[0] == 'f' && p[1] == 'a' && p[2] == 'l' && p[3] == 's' && p[4] == 'e')) {
		int t = *p == 't';
		p += t ? 4 : 5;
		if (!ends_value(P, p))
			return bad_end(P, p, "a boolean");
		n->type = SW_TOML_BOOL;
		n->v.b = t;
		*pp = p;
		return 0;
	}
	if (digits_at(p, 2) && (p[2] == ':' || (digits_at(p + 2, 2) && p[4] == '-')))
		return scan_datetime(P, pp, n);
	if (is_digit((unsigned char)*p) || *p == '+' || *p == '-' || *p == 'i' || *p == 'n')
		return scan_number(P, pp, n);
	if (*p == '\n' || *p == '\r' || *p == '#' || (*p == 0 && p >= P->end))
		return perr(P, p, "expected a value");
	return perr(P, p, "invalid value");
}
