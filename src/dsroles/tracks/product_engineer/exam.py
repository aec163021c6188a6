"""The product engineer's graded assessment (``pe_exam.<name>``): no hints, no solutions.

The service items start the learner's ``create_app`` under uvicorn on a free loopback port
and send it real HTTP requests (``service_checks``); the release items parse a GitHub
Actions workflow and replay a release history (``releases``); the monitoring items run the
learner's batch job and alert rules on the seed's batches (``monitoring``); the ONNX items
load the learner's export into onnxruntime (``devices``).
"""

from __future__ import annotations

from dsroles.tracks.product_engineer import devices, monitoring, releases
from dsroles.tracks.product_engineer import service_checks as S
from dsroles.tracks.product_engineer import service_judges as J

endpoints = S.service_exercise("pe_exam.endpoints", S.observe_scoring, [
    ("health", J.health, 1), ("one customer", J.single, 1), ("a batch", J.batch, 1)])

bad_requests = S.service_exercise("pe_exam.bad_requests", S.observe_bad_requests, [
    ("bad customers refused", J.refuses_bad_customers, 1),
    ("the 422 names the field", J.names_the_field, 1),
    ("batch size", J.batch_limits, 1)])

api_key = S.service_exercise("pe_exam.api_key", S.observe_auth, [
    ("refused without the key", J.refuses_without_key, 1),
    ("the key from the environment", J.accepts_the_key, 1)])

hostile_input = S.service_exercise("pe_exam.hostile_input", S.observe_hostile, [
    ("413 for large bodies", J.refuses_oversized, 1),
    ("no crash", J.survives_hostile_input, 1)])

no_pii_in_logs = S.service_exercise("pe_exam.no_pii_in_logs", S.observe_bad_requests, [
    ("e-mail addresses", J.no_emails, 1), ("phone numbers", J.no_phones, 1),
    ("names", J.no_names, 1)])

latency = S.service_exercise("pe_exam.latency", S.observe_latency, [
    ("one prediction", J.p95_latency, 1), ("a full batch", J.batch_throughput, 1)])

unavailable = S.service_exercise("pe_exam.unavailable", S.observe_unavailable, [
    ("missing artefact", J.missing_model, 1), ("tampered artefact", J.tampered_model, 1),
    ("a log line says why", J.logs_why, 1)])

timeout = S.service_exercise("pe_exam.timeout", S.observe_timeout, [
    ("gives up in time", J.answers_in_time, 1), ("keeps serving", J.keeps_serving, 1)])

prediction_log = S.service_exercise("pe_exam.prediction_log", S.observe_scoring, [
    ("every prediction", J.every_prediction_logged, 1),
    ("version and score", J.logged_with_version, 1)])

workflow = releases.workflow_exercise("pe_exam.workflow", environment="production")
promote_rollback = releases.release_exercise("pe_exam.promote_rollback")
drift_job = monitoring.drift_job_exercise("pe_exam.drift_job")
alerts = monitoring.alerts_exercise("pe_exam.alerts")
onnx_export = devices.export_exercise("pe_exam.onnx_export")
device_scoring = devices.offers_exercise("pe_exam.device_scoring")
