# Sources of the artifact module (see src/CMakeLists.txt).
list(APPEND SW_CORE_SOURCES
)
