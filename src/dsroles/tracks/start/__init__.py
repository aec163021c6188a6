"""The start lesson (``course/0_start``): the ``demo.*`` exercises of ``welcome``."""
