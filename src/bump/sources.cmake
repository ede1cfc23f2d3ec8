# Sources of the bump module (see src/CMakeLists.txt).
list(APPEND SW_CORE_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/backends.c
  ${CMAKE_CURRENT_LIST_DIR}/git.c
  ${CMAKE_CURRENT_LIST_DIR}/index.c
  ${CMAKE_CURRENT_LIST_DIR}/lock.c
  ${CMAKE_CURRENT_LIST_DIR}/plan.c
  ${CMAKE_CURRENT_LIST_DIR}/problem.c
  ${CMAKE_CURRENT_LIST_DIR}/pyscan.c
  ${CMAKE_CURRENT_LIST_DIR}/sites.c
  ${CMAKE_CURRENT_LIST_DIR}/write.c
)
