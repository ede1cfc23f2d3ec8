NAME = "findpkg"
