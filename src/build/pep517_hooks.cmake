# The PEP 517 frontend's sources, and its hook runner (hooks_runner.py)
# embedded as a C string generated in the build directory at build time.
# Included from src/build/sources.cmake, after the module's own glob.
file(GLOB SW_PEP517_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/pep517*.c)
foreach(src ${SW_PEP517_SOURCES})
  if(NOT src IN_LIST SW_CORE_SOURCES)
    list(APPEND SW_CORE_SOURCES ${src})
  endif()
endforeach()

set(SW_HOOKS_RUNNER_C ${CMAKE_CURRENT_BINARY_DIR}/pep517_hooks_runner.c)
add_custom_command(
  OUTPUT ${SW_HOOKS_RUNNER_C}
  COMMAND ${CMAKE_COMMAND} -DIN=${CMAKE_CURRENT_LIST_DIR}/hooks_runner.py
          -DOUT=${SW_HOOKS_RUNNER_C} -P ${CMAKE_CURRENT_LIST_DIR}/hooks_embed.cmake
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/hooks_runner.py ${CMAKE_CURRENT_LIST_DIR}/hooks_embed.cmake
  COMMENT "Embedding the PEP 517 hook runner"
  VERBATIM)
list(APPEND SW_CORE_SOURCES ${SW_HOOKS_RUNNER_C})
