/*
 * ui/screens.c — the screen registry, in tab order. A screen is one file
 * (ui/screen_<name>.c) exporting a `const struct ui_screen`; the screens not
 * written yet come from placeholders.c and say honestly what will be there.
 * Adding a screen: write its file, drop its placeholder, keep this table.
 */
#include "screens.h"

const struct ui_screen *const ui_screens[] = {
        &ui_screen_guide,   &ui_screen_project, &ui_screen_build,
        &ui_screen_inspect, &ui_screen_publish, &ui_screen_version,
};
const size_t ui_nscreens = sizeof ui_screens / sizeof ui_screens[0];
