"""The shared toy ML project: Kestrel Streaming and its customer churn.

Every role track works on this one project. The modules, one stage each:

- ``params``    the business, its calendar, catalogue and money figures;
- ``simulate``  the documented behavioural model that produces the true data;
- ``defects``   the realistic defects injected into the raw sources, with an answer key;
- ``generate``  writes the raw sources (``generate_sources``) as a company would have them;
- ``ingest``    reads CSV, SQLite (with SQL) and usage events;
- ``clean``     fixes each documented defect;
- ``validate``  pandera schemas at the pipeline boundary;
- ``features``  point-in-time monthly snapshots with the churn label;
- ``pii``       pseudonymisation;
- ``train``     the scikit-learn pipeline on a time-based split;
- ``evaluate``  AUC, calibration and expected profit;
- ``artefact``  the versioned model file with its metadata;
- ``service``   the FastAPI prediction service;
- ``monitor``   drift statistics (PSI, KS) between batches;
- ``accounts``  the account events: why each paid subscription ended;
- ``flags``     the flag store: results that contradict the business, for their owners;
- ``lineage``   one prediction traced back to its source rows and steps;
- ``explain``   reading a fitted model (steps, contributions, partial dependence);
- ``pipeline``  the whole reference pipeline end to end.

Nothing is imported here, so ``import dsroles.churn`` stays instant.
"""
