"""The least a project can say."""
