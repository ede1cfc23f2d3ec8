# Sources of the bump module (see src/CMakeLists.txt).
list(APPEND SW_CORE_SOURCES
)
