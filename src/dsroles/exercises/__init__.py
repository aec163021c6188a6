"""Exercise namespaces: module ``dsroles.exercises.<ns>`` declares the exercises ``<ns>.<name>``."""
