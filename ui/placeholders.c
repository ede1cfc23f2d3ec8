/*
 * ui/placeholders.c — the screens that are not written yet (they wait for
 * the core's build, artifact, publish and bump modules). Each says plainly
 * what it will do and what works meanwhile; none pretends to have content.
 * When a screen is written in its own file, its entry here goes.
 */
#include <string.h>

#include "screens.h"

/* Draws the text of the placeholder named like the current screen. */
static void placeholder_draw(struct ui_app *app, void *state, struct ui_rect area);

#define PLACEHOLDER(var, tab, about_text, body)                                                    \
	static const char *const var##_lines[] = body;                                             \
	const struct ui_screen var = {                                                             \
	        .name = tab,                                                                       \
	        .about = about_text,                                                               \
	        .draw = placeholder_draw,                                                          \
	};

#define LINES(...)                                                                                 \
	{                                                                                          \
		__VA_ARGS__, NULL                                                                  \
	}

PLACEHOLDER(ui_screen_guide, "Release guide", "a checklist from an empty folder to a release",
            LINES("This screen is not written yet.", "",
                  "It will be a checklist that takes a package from an empty folder to a",
                  "release: create the project, fill the metadata that matters, check that",
                  "the README renders, build, check the files, rehearse on a local index,",
                  "publish to TestPyPI and try the install command. Each step will show its",
                  "state, say what it will do, and do it when you press Enter.", "",
                  "Meanwhile: the Project screen (2) edits pyproject.toml, and ':' runs any",
                  "slipway command, e.g. :check --project"))

PLACEHOLDER(ui_screen_build, "Build", "build the sdist and the wheel",
            LINES("This screen is not written yet.", "",
                  "It will build the source distribution (sdist) and the wheel, natively or",
                  "through the project's PEP 517 build backend, show the live log, and list",
                  "the files made with their size and sha256.", "",
                  "Meanwhile: ':' runs slipway commands; see :help for what exists today."))

PLACEHOLDER(ui_screen_inspect, "Inspect", "look inside the built files",
            LINES("This screen is not written yet.", "",
                  "It will list the files in dist/, open one to show its members as a tree,",
                  "view a member (text, or hex for binary), show its METADATA and the",
                  "findings of the checks with a hint for each, and compare two files.", "",
                  "Meanwhile: ':' runs slipway commands; see :help for what exists today."))

PLACEHOLDER(ui_screen_publish, "Publish", "upload to TestPyPI, PyPI or another index",
            LINES("This screen is not written yet.", "",
                  "It will pick a target (TestPyPI by default), take credentials in a masked",
                  "field (never shown, never logged), run a pre-flight checklist, upload each",
                  "file with a progress bar, and end with the project's URL and the command",
                  "that installs it.", "",
                  "Meanwhile: ':' runs slipway commands; see :help for what exists today."))

PLACEHOLDER(ui_screen_version, "Version", "bump the version everywhere it is written",
            LINES("This screen is not written yet.", "",
                  "It will show the current version and every place it is written, offer",
                  "the possible next versions with a preview of each edit, and commit and",
                  "tag if you ask it to.", "",
                  "Meanwhile: the Project screen (2) can set the version field."))

/* The placeholders and their texts, looked up by tab name. */
static const struct {
	const struct ui_screen *screen;
	const char *const *lines;
} placeholders[] = {
        {&ui_screen_guide, ui_screen_guide_lines},
        {&ui_screen_build, ui_screen_build_lines},
        {&ui_screen_inspect, ui_screen_inspect_lines},
        {&ui_screen_publish, ui_screen_publish_lines},
        {&ui_screen_version, ui_screen_version_lines},
};

static void placeholder_draw(struct ui_app *app, void *state, struct ui_rect area)
{
	const struct ui_screen *s = ui_screens[app->current];
	(void)state;
	for (size_t i = 0; i < sizeof placeholders / sizeof placeholders[0]; i++) {
		const char *const *l = placeholders[i].lines;
		if (placeholders[i].screen != s)
			continue;
		ui_text(area.y + 1, area.x + 2, area.w - 4, s->name, UI_S_LABEL);
		ui_text(area.y + 1, area.x + 2 + (int)strlen(s->name), area.w, ": ", UI_S_DIM);
		ui_text(area.y + 1, area.x + 4 + (int)strlen(s->name), area.w, s->about, UI_S_DIM);
		for (int k = 0; l[k] && k + 3 < area.h; k++)
			ui_text(area.y + 3 + k, area.x + 4, area.w - 6, l[k],
			        k == 0 ? UI_S_WARNING : UI_S_NORMAL);
	}
}
