# reserved name: not a module
