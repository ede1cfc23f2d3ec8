# no __init__: not found with namespaces = false
