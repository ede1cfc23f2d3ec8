def basic():
    return 1
