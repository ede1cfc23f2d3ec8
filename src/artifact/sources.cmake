# Sources of the artifact module: every .c file of this folder (the reader,
# the checks, and the lints/secrets/readme/diff files of the lints engineer),
# so neither of us edits this list again.
file(GLOB SW_ARTIFACT_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.c)
list(APPEND SW_CORE_SOURCES ${SW_ARTIFACT_SOURCES})

# zlib (inflate for the RECORD check's own zip reader) and, when present,
# libdeflate (faster whole-member inflate). Linked once slipway_core exists.
find_package(ZLIB REQUIRED)
find_library(SW_LIBDEFLATE NAMES deflate)
find_path(SW_LIBDEFLATE_INCLUDE libdeflate.h)
set(SW_ARTIFACT_LIBS ZLIB::ZLIB)
if(SW_LIBDEFLATE AND SW_LIBDEFLATE_INCLUDE)
  list(APPEND SW_ARTIFACT_LIBS ${SW_LIBDEFLATE})
  set_source_files_properties(${SW_ARTIFACT_SOURCES} PROPERTIES
    COMPILE_DEFINITIONS SW_HAVE_LIBDEFLATE=1)
endif()
cmake_language(DEFER CALL target_link_libraries slipway_core PUBLIC ${SW_ARTIFACT_LIBS})

# cmark-gfm's GFM extensions (tables, strikethrough, autolinks, tag filter,
# task lists) for the README check and preview; the library has no .pc file.
find_library(CMARK_GFM_EXT cmark-gfm-extensions REQUIRED)
cmake_language(DEFER CALL target_link_libraries slipway_core PUBLIC ${CMARK_GFM_EXT})
