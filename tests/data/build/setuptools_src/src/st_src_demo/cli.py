def main():
    print("st-src-demo ok")
    return 0
