# Sources of the build module (see src/CMakeLists.txt).
list(APPEND SW_CORE_SOURCES
)
