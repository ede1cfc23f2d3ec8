# Sources of the serve module (see src/CMakeLists.txt).
list(APPEND SW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/auth.c
  ${CMAKE_CURRENT_LIST_DIR}/commit.c
  ${CMAKE_CURRENT_LIST_DIR}/dist.c
  ${CMAKE_CURRENT_LIST_DIR}/distname.c
  ${CMAKE_CURRENT_LIST_DIR}/files.c
  ${CMAKE_CURRENT_LIST_DIR}/info.c
  ${CMAKE_CURRENT_LIST_DIR}/multipart.c
  ${CMAKE_CURRENT_LIST_DIR}/post.c
  ${CMAKE_CURRENT_LIST_DIR}/render.c
  ${CMAKE_CURRENT_LIST_DIR}/server.c
  ${CMAKE_CURRENT_LIST_DIR}/store.c
  ${CMAKE_CURRENT_LIST_DIR}/upload.c
  ${CMAKE_CURRENT_LIST_DIR}/validate.c
  ${CMAKE_CURRENT_LIST_DIR}/yank.c
)
# zlib: gzip-encoded pages for clients that accept them.
find_package(ZLIB REQUIRED)
cmake_language(DEFER CALL target_link_libraries slipway_core PUBLIC ZLIB::ZLIB)
