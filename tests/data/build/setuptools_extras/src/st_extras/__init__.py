def gui():
    print("st-extras gui")
    return 0
