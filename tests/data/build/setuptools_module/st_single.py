def main():
    print("st-single ok")
    return 0
