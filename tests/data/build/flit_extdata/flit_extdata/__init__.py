"""External data demo."""


def main():
    print("extdata-tool ok")
    return 0
