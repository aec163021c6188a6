"""The business owner track (``course/1_business_owner``): lessons ``business_case``,
``decisions``, ``data_access``, ``steer``, ``decide`` (exercises ``bo.*``), the assessment
``exam`` (``bo_exam.*``) with its inputs (``exam_data``) and answer key (``references``), and
the track's shared parts: ``data`` (the seed's tables and scores), ``money`` (sums, shares,
thresholds), ``access`` (personal columns, who may receive an offer), ``register`` (the
data-access policy) and ``cards`` (model cards)."""
