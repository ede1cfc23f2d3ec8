/* pep/name.c — to be written. */
#include "util/util.h"
