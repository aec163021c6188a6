"""The machine learning engineer track (``course/5_ml_engineer``): lessons ``role``,
``maintainable``, ``unit_tests``, ``behaviour``, ``skew`` (exercises ``mle.*``), the assessment
``exam`` (``mle_exam.*``) with its inputs (``exam_data``) and answer key (``references``), and
the track's shared parts: ``data`` (the seed's tables and artefact), ``testkit`` and
``suites`` (learners' pytest suites, graded by the ``mutants`` they catch), ``candidates``
(models for behavioural tests and the release gate) and ``servings`` (serving functions with
and without training-serving skew)."""
