"""flit_demo: a test package."""
