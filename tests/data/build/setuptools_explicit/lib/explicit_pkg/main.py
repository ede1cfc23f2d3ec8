def run():
    print("st-explicit ran")
    return 0
