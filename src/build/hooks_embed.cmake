# Writes the bytes of IN as a C array `sw_pep517_hooks_runner` (with its
# length) into OUT. Run at build time by pep517_hooks.cmake.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE ${OUT} "/* Generated from hooks_runner.py by hooks_embed.cmake: do not edit. */\n"
  "#include <stddef.h>\n"
  "extern const unsigned char sw_pep517_hooks_runner[];\n"
  "extern const size_t sw_pep517_hooks_runner_len;\n"
  "const unsigned char sw_pep517_hooks_runner[] = {\n${bytes}0x00};\n"
  "const size_t sw_pep517_hooks_runner_len = ${size};\n")
