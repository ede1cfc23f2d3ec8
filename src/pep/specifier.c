/* pep/specifier.c — to be written. */
#include "util/util.h"
