/*
 * fuzz/fuzz_sdist.c — any bytes as an sdist tarball (libarchive's tar
 * formats behind any compression filter, the member list, PKG-INFO and
 * pyproject.toml, the layout and link rules); see artifact_fuzz.h. The
 * corpus holds small sdists with links, devices and odd names, and
 * truncations.
 */
#include "artifact_fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_run(fz_write(data, size, "demo_pkg-1.0.tar.gz"));
	return 0;
}
