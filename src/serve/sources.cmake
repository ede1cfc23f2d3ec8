# Sources of the serve module (see src/CMakeLists.txt).
list(APPEND SW_CORE_SOURCES
)
