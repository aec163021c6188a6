"""The data engineer track (``course/3_data_engineer``): lessons ``role``, ``ingest_clean``,
``data_tests``, ``pipelines``, ``volume`` (exercises ``de.*``), the assessment ``exam``
(``de_exam.*``) with its inputs (``exam_data``) and answer key (``references``), and the
track's shared parts: ``data`` (the seed's tables), ``schemas``, ``privacy``."""
