/* pep/version.c — to be written. */
#include "util/util.h"
