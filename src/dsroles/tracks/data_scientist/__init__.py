"""The data scientist track (``course/4_data_scientist``): lessons ``role``, ``leakage_splits``,
``model_evaluation``, ``ab_test`` (exercises ``ds.*``), the assessment ``exam`` (``ds_exam.*``)
with its inputs (``exam_data``) and answer key (``references``), and the track's shared
parts: ``data``, ``declared``, ``segments``, ``splits``, ``models``, ``evaluation``,
``abtests``, ``experiments``. Each shared part checks one kind of answer and names the
common mistakes behind a wrong one."""
