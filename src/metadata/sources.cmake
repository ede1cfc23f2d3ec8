# Sources of the metadata module (core metadata: record, emitter, parser).
list(APPEND SW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/check.c
  ${CMAKE_CURRENT_LIST_DIR}/record.c
  ${CMAKE_CURRENT_LIST_DIR}/emit.c
  ${CMAKE_CURRENT_LIST_DIR}/parse.c
  ${CMAKE_CURRENT_LIST_DIR}/json.c
  ${CMAKE_CURRENT_LIST_DIR}/reqfmt.c
  ${CMAKE_CURRENT_LIST_DIR}/people.c
  ${CMAKE_CURRENT_LIST_DIR}/from_project.c
)
