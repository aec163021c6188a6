"""The ``dsroles`` sub-commands, one module each: ``add_arguments(parser)`` and ``run(args)``.

A command only parses and prints; the work is done by the package's functions
(``dsroles.grading``, ``dsroles.churn``, ``dsroles.team``), which tests call directly.
"""
