/*
 * artifact/readme_rst.c — checking a reStructuredText description the way
 * PyPI does: /usr/bin/python3 runs readme_renderer's rst renderer (or, when
 * only docutils is installed, docutils with readme_renderer's settings:
 * halt on the first warning, raw HTML and file insertion disabled) on the
 * text given on stdin, and prints one line per docutils message and a
 * verdict. Each message becomes an M010 finding with its line, as `twine
 * check` reports them (a description that renders to nothing is one too,
 * with readme_renderer's words).
 */
#include <stdlib.h>
#include <string.h>

#include "artifact/lint_int.h"
#include "slipway/proc.h"
#include "util/util.h"

#define OUT_MAX        ((size_t)1 << 20)
#define RST_TIMEOUT_MS 60000

/* Prints "MSG <line> <LEVEL> <text>" lines, then "OK" or "FAIL", or
 * "UNAVAILABLE" when neither readme_renderer nor docutils imports. */
static const char script[] =
        "import io, re, sys\n"
        "def w(t):\n"
        "    sys.stdout.buffer.write((t + '\\n').encode('utf-8', 'replace'))\n"
        "src = sys.stdin.buffer.read().decode('utf-8', 'replace')\n"
        "s = io.StringIO()\n"
        "try:\n"
        "    import readme_renderer.rst as rr\n"
        "    out = rr.render(src, stream=s)\n"
        "except ImportError:\n"
        "    try:\n"
        "        from docutils.core import publish_parts\n"
        "        from docutils.utils import SystemMessage\n"
        "    except ImportError:\n"
        "        w('UNAVAILABLE')\n"
        "        sys.exit(0)\n"
        "    st = dict(cloak_email_addresses=True, doctitle_xform=True,\n"
        "              sectsubtitle_xform=True, initial_header_level=2,\n"
        "              file_insertion_enabled=False, halt_level=2,\n"
        "              math_output='MathJax /dummy.js', raw_enabled=False,\n"
        "              report_level=5, smart_quotes=True, strip_comments=True,\n"
        "              syntax_highlight='short', field_name_limit=0,\n"
        "              warning_stream=s)\n"
        "    try:\n"
        "        p = publish_parts(src, writer_name='html5', settings_overrides=st)\n"
        "        out = p.get('docinfo', '') + p.get('fragment', '')\n"
        "    except SystemMessage:\n"
        "        out = None\n"
        "    out = out or None\n"
        "if len(sys.argv) > 1 and sys.argv[1] == 'html':\n"
        "    w('HTML' if out is not None else 'FAIL')\n"
        "    sys.stdout.buffer.write((out or '').encode('utf-8', 'replace'))\n"
        "    sys.exit(0)\n"
        "text = s.getvalue()\n"
        "found = False\n"
        "for m in re.finditer(r'^<string>:(\\d*): \\((\\w+)/\\d\\) (.*?)(?=^<string>:|\\Z)',\n"
        "                     text, re.S | re.M):\n"
        "    found = True\n"
        "    w('MSG %s %s %s' % (m.group(1) or '0', m.group(2), ' '.join(m.group(3).split())))\n"
        "if out is None and not found:\n"
        "    w('MSG 0 ERROR ' + (' '.join(text.split()) or 'No content rendered from RST "
        "source.'))\n"
        "w('OK' if out is not None else 'FAIL')\n";

/* Turns one "MSG line LEVEL text" line into an M010 finding. */
static int report_message(const char *line, sw_lint_emit_fn emit, void *ctx, sw_buf *msg)
{
	const char *p = line + 4, *level, *text;
	unsigned long n = 0;
	sw_lint_hit hit = {.code = "M010", .severity = SW_LINT_ERROR};
	while (*p >= '0' && *p <= '9' && n < 100000000ul)
		n = n * 10 + (unsigned long)(*p++ - '0');
	if (*p++ != ' ')
		return 0;
	level = p;
	text = strchr(level, ' ');
	if (!text)
		return 0;
	sw_buf_clear(msg);
	if (n)
		sw_buf_printf(msg,
		              "the reStructuredText description does not render (line %lu: ", n);
	else
		sw_buf_puts(msg, "the reStructuredText description does not render (");
	sw_buf_put(msg, level, (size_t)(text - level));
	sw_buf_printf(msg, ":%s)", text);
	if (sw_buf_error(msg) < 0)
		return sw_buf_error(msg);
	hit.line = (unsigned)n;
	hit.message = sw_buf_cstr(msg);
	hit.hint = "Fix the markup (PyPI would refuse the upload), or check it with "
	           "`python3 -m readme_renderer README.rst`.";
	return emit(ctx, &hit);
}

/* Reads the script's output: reports messages, sets *ok; SW_EUNSUPPORTED
 * when it said UNAVAILABLE, SW_ESUBPROCESS when it gave no verdict. */
static int read_verdict(const char *out, int *ok, sw_lint_emit_fn emit, void *ctx)
{
	sw_buf msg;
	int err = SW_ESUBPROCESS;
	sw_buf_init(&msg, 8192);
	for (const char *line = out; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *one = sw_strndup(line, len);
		if (!one) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			break;
		}
		if (strncmp(one, "MSG ", 4) == 0) {
			int e = report_message(one, emit, ctx, &msg);
			if (e < 0) {
				sw_free(one);
				err = e;
				break;
			}
		} else if (strcmp(one, "OK") == 0 || strcmp(one, "FAIL") == 0) {
			*ok = one[0] == 'O';
			err = 0;
		} else if (strcmp(one, "UNAVAILABLE") == 0) {
			err = SW_EUNSUPPORTED;
		}
		sw_free(one);
		line = nl ? nl + 1 : line + len;
	}
	sw_buf_free(&msg);
	return err;
}

/* Runs the script on `text` (with "html" as its argument if `html`),
 * its output into `out` (initialised by the caller). */
static int run_script(sw_buf *out, const char *text, size_t len, int html)
{
	const char *const argv[] = {"/usr/bin/python3",   "-I", "-c", script,
	                            html ? "html" : NULL, NULL};
	sw_proc_opts opts = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	sw_buf err_out;
	int err;
	sw_buf_init(&err_out, OUT_MAX);
	opts.stdin_data = text;
	opts.stdin_len = len;
	opts.out_buf = out;
	opts.err_buf = &err_out;
	opts.timeout_ms = RST_TIMEOUT_MS;
	if ((err = sw_proc_run(&res, argv, &opts)) == 0 &&
	    (!res.exited || res.exit_code != 0 || res.out_truncated))
		err = sw_error_set(SW_ESUBPROCESS, "the rst check (python3) failed: %s",
		                   res.out_truncated ? "too much output" : sw_buf_cstr(&err_out));
	sw_buf_free(&err_out);
	return err;
}

int sw_readme_rst_check_docutils(void *rst_ctx, int *ok, const char *text, size_t len,
                                 sw_lint_emit_fn emit, void *ctx)
{
	sw_buf out;
	int err;
	(void)rst_ctx;
	*ok = 1;
	sw_buf_init(&out, OUT_MAX);
	if ((err = run_script(&out, text, len, 0)) == 0) {
		err = read_verdict(sw_buf_cstr(&out), ok, emit, ctx);
		if (err == SW_ESUBPROCESS)
			sw_error_set(err, "the rst check (python3) gave no verdict");
	}
	sw_buf_free(&out);
	return err;
}

int sw_readme_rst_html(sw_buf *html, const char *text, size_t len)
{
	sw_buf out;
	int err;
	sw_buf_init(&out, html->max + 8);
	if ((err = run_script(&out, text, len, 1)) == 0) {
		if (strncmp(sw_buf_cstr(&out), "HTML\n", 5) == 0)
			err = sw_buf_put(html, out.ptr + 5, out.len - 5);
		else
			err = SW_EUNSUPPORTED;
	}
	sw_buf_free(&out);
	return err;
}
