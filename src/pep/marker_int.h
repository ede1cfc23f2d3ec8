/*
 * pep/marker_int.h — the parsed form of a marker, shared by the parser and
 * printer (marker.c) and the evaluator (marker_eval.c). It mirrors
 * packaging's MarkerList: a list of atoms joined by "and"/"or", where an
 * atom is a comparison or a nested (parenthesised) list.
 */
#ifndef SW_PEP_MARKER_INT_H
#define SW_PEP_MARKER_INT_H

#include <stddef.h>

#include "slipway/pep508.h"

/* Operators in the order of marker.c's name table (MK_IN and MK_NOT_IN
 * last: the others are the OP token's). */
enum mk_op {
	MK_ARBITRARY,
	MK_EQ,
	MK_COMPATIBLE,
	MK_NE,
	MK_LE,
	MK_GE,
	MK_LT,
	MK_GT,
	MK_IN,
	MK_NOT_IN
};

/* One side of a comparison: a variable (its canonical name, static) or a
 * string value (owned). */
struct mk_term {
	const char *var;
	char *value;
};

enum mk_kind { MK_CMP, MK_LIST };

struct mk_node {
	enum mk_kind kind;
	/* MK_CMP */
	struct mk_term lhs, rhs;
	enum mk_op op;
	/* MK_LIST: child[i] joined to child[i-1] by "or" if is_or[i] */
	struct mk_node **child;
	unsigned char *is_or;
	size_t count, cap;
};

struct sw_marker {
	struct mk_node *root; /* always an MK_LIST */
};

/* The operator as packaging prints it, e.g. "not in". */
const char *mk_op_name(enum mk_op op);

void mk_node_free(struct mk_node *node);

#endif
