/*
 * ui/screens.h — the screens of the registry (screens.c), one file each.
 */
#ifndef SW_UI_SCREENS_H
#define SW_UI_SCREENS_H

#include "app.h"

extern const struct ui_screen ui_screen_guide;   /* placeholders.c */
extern const struct ui_screen ui_screen_project; /* screen_project.c */
extern const struct ui_screen ui_screen_build;   /* placeholders.c */
extern const struct ui_screen ui_screen_inspect; /* placeholders.c */
extern const struct ui_screen ui_screen_publish; /* placeholders.c */
extern const struct ui_screen ui_screen_version; /* placeholders.c */

#endif
