"""custom-demo."""
