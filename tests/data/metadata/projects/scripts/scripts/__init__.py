def main(): pass
def gui(): pass
def one(): pass
