"""The trusted client side of execution: nbgrader's Execute, with caps and the guard's reports.

It runs in the grading worker, outside the sandbox, and talks to the kernel over ZMQ (the IPC
transport when the kernel is sandboxed). Every message from the kernel is untrusted:

- **caps**: per cell at most `Caps.cell_bytes` of output and `Caps.cell_outputs` rich outputs,
  per notebook `Caps.notebook_bytes`; past them an output is dropped, except what nbgrader
  scores (an error, stderr, a test cell's result), which is kept but cut short, so a cap never
  changes a score. Widget (comm) messages are ignored.
- **guard reports**: each guard cell (tag ``dsroles-seed-guard``) must publish exactly one
  report signed with the job's key for its own nonce (`dsroles.grading.guard`); its outputs
  never reach the notebook. ``verdicts`` holds, per guard cell, the report or the problem.
- **progress**: the cell being executed, in ``progress.json`` (for "the kernel died in cell 7").
"""

from __future__ import annotations

import hmac
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

from dsroles.grading import guard
from dsroles.grading.notebook import GUARD_TAG, has_tag, is_grade

NONCE = re.compile(r"check\('([0-9a-f]+)'\)")
SHORT = "\n... cut short by dsroles grade (the output limit) ...\n"
CUT = "\n... output truncated by dsroles grade (more than {kb} KB in one cell, or the notebook's limit) ...\n"


@dataclass(frozen=True)
class Caps:
    """What one notebook's outputs may hold (docs/isolation.md states these numbers)."""

    cell_bytes: int = 256 * 1024
    cell_outputs: int = 20
    notebook_bytes: int = 2 * 1024 * 1024
    kept_chars: int = 2000  # of an output kept over the caps because nbgrader scores it
    kept_over: int = 3  # such outputs per cell (nbgrader's score is decided by the first one)


def _size(content: dict) -> int:
    return len(json.dumps(content, default=str))


def shorten(msg: dict, chars: int) -> dict:
    """The message with its text cut to `chars` (what a score needs survives)."""
    content = dict(msg["content"])
    if "text" in content:
        content["text"] = str(content["text"])[:chars] + SHORT
    if "evalue" in content:
        content["evalue"] = str(content["evalue"])[:chars]
        content["traceback"] = [str(line)[:chars] for line in (content.get("traceback") or [])[-10:]]
    if "data" in content:
        plain = str((content.get("data") or {}).get("text/plain", ""))[:chars]
        content["data"], content["metadata"] = {"text/plain": plain}, {}
    return {**msg, "content": content}


class Budget:
    """Bytes and outputs used per cell and per notebook."""

    def __init__(self, caps: Caps):
        self.caps, self.total, self.cells, self.cut, self.over = caps, 0, {}, set(), {}

    def fit(self, msg: dict, cell, index: int) -> dict | None:
        """`msg` if it fits, shortened if nbgrader scores it, else None (dropped)."""
        used, count = self.cells.get(index, (0, 0))
        size = _size(msg["content"])
        rich = msg["msg_type"] in ("display_data", "execute_result", "update_display_data")
        fits = (used + size <= self.caps.cell_bytes and self.total + size <= self.caps.notebook_bytes
                and not (rich and count >= self.caps.cell_outputs))
        scored = msg["msg_type"] == "error" or (msg["msg_type"] == "stream" and msg["content"].get("name") == "stderr") \
            or (msg["msg_type"] == "execute_result" and is_grade(cell))
        over = self.over.get(index, 0)
        if not fits and (not scored or over >= self.caps.kept_over):  # the first scored ones decide the score
            self.cut.add(index)
            return None
        if not fits:
            msg = shorten(msg, self.caps.kept_chars)
            size = _size(msg["content"])
            self.over[index] = over + 1
        self.cells[index] = (used + size, count + rich)
        self.total += size
        return msg


def execute_class(job_dir: Path, key: bytes, caps: Caps, verdicts: dict, sockets: Path, ipc: bool):
    """nbgrader's Execute with caps, guard reports (into `verdicts`) and progress notes. The
    connection file (and the guard key beside it) is in `sockets`; with `ipc`, the kernel's
    sockets are unix sockets there too (ZMQ's IPC transport), not TCP ports."""
    from nbclient.util import run_sync
    from nbgrader.preprocessors import Execute

    class GradingExecute(Execute):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.on_cell_execute = self._note
            self.budget = Budget(caps)

        def preprocess(self, nb, resources=None, *args, **kwargs):
            verdicts["guards"] = [i for i, c in enumerate(nb.cells) if has_tag(c, GUARD_TAG)]
            nb, resources = super().preprocess(nb, resources, *args, **kwargs)
            verdicts["executed"] = nb
            return nb, resources

        def create_kernel_manager(self):
            km = super().create_kernel_manager()
            km.connection_file = str(sockets / "kernel.json")
            if ipc:
                km.transport, km.ip = "ipc", str(sockets / "k")
            return km

        async def async_execute_cell(self, *args, **kwargs):
            from nbclient.exceptions import DeadKernelError

            try:
                return await super().async_execute_cell(*args, **kwargs)
            except DeadKernelError:
                verdicts["kernel_exit"] = self._exit_status()
                raise

        execute_cell = run_sync(async_execute_cell)  # nbclient binds its own at class creation

        def _exit_status(self):
            """How the kernel's process ended: its exit status, or minus the signal that ended it."""
            process = getattr(getattr(self.km, "provisioner", None), "process", None)
            for _ in range(20):
                code = process.poll() if process is not None else None
                if code is not None:
                    return code
                time.sleep(0.05)
            return None

        def on_cell_executed(self, **kwargs):
            reply = kwargs.get("execute_reply") or {}
            if reply.get("content", {}).get("status") == "error":  # a reply is as untrusted as output
                reply["content"] = shorten({"content": reply["content"]}, caps.kept_chars)["content"]
            return super().on_cell_executed(**kwargs)

        def _note(self, cell, cell_index, **_):
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            (job_dir / "progress.json").write_text(
                json.dumps({"index": cell_index, "grade_id": gid, "first_line": first[:80], "started": time.time(),
                            "source": cell.source[:20000]}))

        def process_message(self, msg, cell, cell_index):
            original, kind = msg, msg["msg_type"]
            if kind.startswith("comm"):
                return None
            if has_tag(cell, GUARD_TAG) and kind in ("display_data", "execute_result", "stream", "error",
                                                      "update_display_data", "clear_output"):
                self._guard_output(msg, cell, cell_index)
                return None
            if kind in ("stream", "display_data", "execute_result", "error", "update_display_data"):
                first_cut = cell_index not in self.budget.cut
                msg = self.budget.fit(msg, cell, cell_index)
                if msg is None:
                    if first_cut and cell_index in self.budget.cut:
                        notice = {"name": "stdout", "text": CUT.format(kb=caps.cell_bytes // 1024)}
                        header = {**original["header"], "msg_type": "stream"}
                        super().process_message({**original, "msg_type": "stream", "header": header,
                                                 "content": notice}, cell, cell_index)
                    return None
            return super().process_message(msg, cell, cell_index)

        def _guard_output(self, msg, cell, index):
            found = NONCE.search(cell.source)
            verdict = verdicts.setdefault("reports", {}).setdefault(index, {"report": None, "problem": None})
            payload = (msg["content"].get("data") or {}).get(guard.MIME) if msg["msg_type"] == "display_data" else None
            if msg["msg_type"] == "error":
                verdict["problem"] = verdict["problem"] or f"the guard cell failed ({msg['content'].get('ename')})"
                return
            if payload is None:
                return
            try:
                nonce, report, mac = payload["nonce"], payload["report"], payload["mac"]
                good = found and nonce == found.group(1) and hmac.compare_digest(mac, guard.sign(key, nonce, report))
            except (KeyError, TypeError):
                good = False
            if not good or verdict["report"] is not None:
                verdict["problem"] = "a forged or repeated guard report"
            else:
                verdict["report"] = report

    return GradingExecute


def guard_problem(verdicts: dict) -> str | None:
    """What went wrong with the guards of an executed notebook (None: every report came, clean)."""
    seen: set = set()
    for index in verdicts.get("guards", []):
        verdict = verdicts.get("reports", {}).get(index) or {}
        if verdict.get("problem"):
            return verdict["problem"]
        report = verdict.get("report")
        if report is None:
            return "the check before a test cell never reported (the notebook changed how cells run)"
        if report.get("changed"):
            return ", ".join(report["changed"][:4])
        uses = {tuple(use) for use in report.get("answer_key", [])}
        if not seen <= uses:  # the record only grows: something took entries out
            return "the record of answer-key uses was edited"
        seen = uses
    return None


def answer_key_uses(verdicts: dict) -> dict[int, list[str]]:
    """{cell index: what of the answer key it used} for cells that are not tests, guards or locked set-up."""
    from dsroles.grading import notebook as nbk

    nb = verdicts["executed"]
    by_count = {cell.get("execution_count"): i for i, cell in enumerate(nb.cells)
                if cell.get("cell_type") == "code" and cell.get("execution_count") is not None}
    uses: dict[int, list[str]] = {}
    for verdict in verdicts.get("reports", {}).values():
        for count, what in (verdict.get("report") or {}).get("answer_key", []):
            index = by_count.get(count)
            if index is None:
                continue
            cell = nb.cells[index]
            locked = nbk.nbg(cell).get("locked") and not nbk.is_solution(cell)
            if nbk.is_test(cell) or has_tag(cell, GUARD_TAG) or locked:
                continue
            uses.setdefault(index, [])
            if what not in uses[index]:
                uses[index].append(what)
    return uses
