/* pep/requirement.c — to be written. */
#include "util/util.h"
