"""Exercise namespaces: the exercises ``<ns>.<name>`` live in module ``dsroles.exercises.<ns>``,
or in the module ``NAMESPACES`` names for a short namespace."""

# short namespace -> module (relative to this package), for ids shorter than their module's name
NAMESPACES = {
    "de": "data_engineer",
    "ds": "data_scientist",
}
