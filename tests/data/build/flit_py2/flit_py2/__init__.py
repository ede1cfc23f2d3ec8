def hook():
    return "hook"
