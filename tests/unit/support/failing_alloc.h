/*
 * unit/support/failing_alloc.h — an allocator for the failing-allocator
 * sweeps: armed with N, it fails the Nth allocation of the core (and, if
 * asked, every one after it), so a test can prove that every allocation
 * failure is reported as SW_ENOMEM without a crash or a leak.
 */
#ifndef SW_TEST_FAILING_ALLOC_H
#define SW_TEST_FAILING_ALLOC_H

/* Installs the failing allocator: allocation number n (1-based) fails; with
 * keep_failing, every allocation after it fails too. */
void fa_arm(long n, int keep_failing);

/* Restores the C library's allocator. */
void fa_disarm(void);

/* Whether an allocation has failed since the last fa_arm(). A run that
 * finished without a failure means n was past the last allocation. */
int fa_failed(void);

#endif
