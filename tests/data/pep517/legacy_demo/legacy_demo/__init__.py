"""legacy-demo."""
