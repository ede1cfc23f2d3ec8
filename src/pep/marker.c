/* pep/marker.c — to be written. */
#include "util/util.h"
