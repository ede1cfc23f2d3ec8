# Sources of the toml module (lossless TOML 1.0 document).
list(APPEND SW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/arena.c
  ${CMAKE_CURRENT_LIST_DIR}/scan.c
  ${CMAKE_CURRENT_LIST_DIR}/scalar.c
  ${CMAKE_CURRENT_LIST_DIR}/parse.c
  ${CMAKE_CURRENT_LIST_DIR}/doc.c
  ${CMAKE_CURRENT_LIST_DIR}/query.c
  ${CMAKE_CURRENT_LIST_DIR}/write.c
  ${CMAKE_CURRENT_LIST_DIR}/json.c
  ${CMAKE_CURRENT_LIST_DIR}/splice.c
  ${CMAKE_CURRENT_LIST_DIR}/edit.c
  ${CMAKE_CURRENT_LIST_DIR}/edit_ops.c
  ${CMAKE_CURRENT_LIST_DIR}/edit_list.c
  ${CMAKE_CURRENT_LIST_DIR}/edit_table.c
)
