NAME = "widgets"
