def main():
    print("demo-tool says hello")
