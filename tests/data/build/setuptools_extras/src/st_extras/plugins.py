def alpha(): return "a"
