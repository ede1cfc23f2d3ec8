def main():
    print("helper ok")
    return 0
