# Sources of the metadata module.
list(APPEND SW_CORE_SOURCES
)
