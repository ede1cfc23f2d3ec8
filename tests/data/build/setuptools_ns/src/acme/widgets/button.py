class Button: pass
