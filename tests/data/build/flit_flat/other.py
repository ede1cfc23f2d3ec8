# not part of the module
