# Sources of the project module.
list(APPEND SW_CORE_SOURCES
)
