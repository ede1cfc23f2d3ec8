# Sources of the pep module.
