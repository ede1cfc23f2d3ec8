# Sources of the project module.
list(APPEND SW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/arena.c
  ${CMAKE_CURRENT_LIST_DIR}/diag.c
  ${CMAKE_CURRENT_LIST_DIR}/edit.c
  ${CMAKE_CURRENT_LIST_DIR}/edit_lists.c
  ${CMAKE_CURRENT_LIST_DIR}/edit_ops.c
  ${CMAKE_CURRENT_LIST_DIR}/edit_util.c
  ${CMAKE_CURRENT_LIST_DIR}/files.c
  ${CMAKE_CURRENT_LIST_DIR}/glob.c
  ${CMAKE_CURRENT_LIST_DIR}/groups.c
  ${CMAKE_CURRENT_LIST_DIR}/init.c
  ${CMAKE_CURRENT_LIST_DIR}/load.c
  ${CMAKE_CURRENT_LIST_DIR}/load_view.c
  ${CMAKE_CURRENT_LIST_DIR}/spdx.c
  ${CMAKE_CURRENT_LIST_DIR}/util.c
  ${CMAKE_CURRENT_LIST_DIR}/validate.c
  ${CMAKE_CURRENT_LIST_DIR}/validate_deps.c
  ${CMAKE_CURRENT_LIST_DIR}/validate_groups.c
  ${CMAKE_CURRENT_LIST_DIR}/validate_license.c
  ${CMAKE_CURRENT_LIST_DIR}/validate_meta.c
  ${CMAKE_CURRENT_LIST_DIR}/validate_misc.c
  ${CMAKE_CURRENT_LIST_DIR}/data/spdx_data.c
  ${CMAKE_CURRENT_LIST_DIR}/data/trove_data.c
)
