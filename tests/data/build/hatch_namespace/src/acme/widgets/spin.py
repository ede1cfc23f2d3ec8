def spin():
    return 2
