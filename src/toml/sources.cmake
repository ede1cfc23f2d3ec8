# Sources of the toml module.
