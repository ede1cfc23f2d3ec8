CORE = True
