def main():
    print("vcs ok")
