# Sources of the build module (see src/CMakeLists.txt): every .c file of
# src/build, globbed so each backend's rules can land without editing this.
file(GLOB SW_BUILD_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.c)
list(APPEND SW_CORE_SOURCES ${SW_BUILD_SOURCES})
include(${CMAKE_CURRENT_LIST_DIR}/pep517_hooks.cmake)
