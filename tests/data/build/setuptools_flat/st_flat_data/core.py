def greet():
    return "hi"


def gui():
    print("gui")
    return 0
