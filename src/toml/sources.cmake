# Sources of the toml module (lossless TOML 1.0 document).
list(APPEND SW_CORE_SOURCES
)
