"""The product engineer track (``course/6_product_engineer``): lessons ``serve_secure``,
``available_released``, ``monitor``, ``beyond_server`` (exercises ``pe.*``) and the
assessment ``exam`` (``pe_exam.*``) with its inputs (``exam_data``) and answer key
(``references``). Shared parts: ``data`` (the seed's artefact, customers and
batches), ``harness`` (a learner's app under uvicorn), ``service_checks`` and
``service_judges`` (what is sent and how it is judged), ``faults``, ``releases`` (CI workflow
and release history), ``monitoring`` (drift job, alerts and their routing), ``devices`` (ONNX)."""
