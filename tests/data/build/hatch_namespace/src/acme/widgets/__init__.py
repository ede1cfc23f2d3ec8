def run():
    print("widgets run")
