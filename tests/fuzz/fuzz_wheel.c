/*
 * fuzz/fuzz_wheel.c — any bytes as a wheel (the zip reader on libzip, the
 * raw zip structure check, RECORD, WHEEL, entry points, the PyPI rules);
 * see artifact_fuzz.h. The corpus holds small real-style wheels, broken
 * ones (bad RECORD, data descriptors, comments, duplicates) and truncations.
 */
#include "artifact_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_run(fz_write(data, size, "demo_pkg-1.0-py3-none-any.whl"));
	return 0;
}
