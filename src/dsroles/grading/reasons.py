"""Why a notebook was not graded, in words, from what actually happened: how the grading worker
ended (finished, killed at the deadline, killed by a signal), what the worker found (the kernel's
exit status or signal, nbgrader's own exception, tampering), and the cell it was running."""

from __future__ import annotations

import json
from pathlib import Path

from dsroles.grading.limits import Limits


INTERPRETER = ("builtins", "__builtins__", "sys")


def interpreter_patches(source: str) -> list[str]:
    """What a cell assigns or deletes on the interpreter itself (``builtins.len = ...``,
    ``sys.stdout = None``, ``del sys.stdout.write``), read with ast; [] if none or unreadable."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
        for target in targets:
            text = ast.unparse(target)
            if isinstance(target, (ast.Attribute, ast.Subscript)) and text.split(".")[0].split("[")[0] in INTERPRETER:
                found.append(text)
    return list(dict.fromkeys(found))


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def failure_reason(outcome: dict | None, ended: dict, job_dir: Path, limits: Limits, deadline: float) -> str:
    """Words for a job nbgrader could not finish, from what happened, naming the cell it was running."""
    where, patched = "a cell", []
    try:
        progress = json.loads((job_dir / "progress.json").read_text())
        label = progress["grade_id"] or f"cell {progress['index'] + 1}"
        where = f"cell {label!r} (`{progress['first_line']}`)"
        patched = interpreter_patches(progress.get("source", ""))
    except (OSError, ValueError, KeyError):
        pass
    again = "Run the notebook top to bottom yourself (Kernel > Restart Kernel and Run All Cells), remove the cause, and grade again."
    loop = ("a loop that catches KeyboardInterrupt, or a long call that cannot be interrupted. "
            "Make the cell finish in a few seconds, run the notebook top to bottom yourself, and grade again.")
    if patched and (ended.get("killed") or (outcome or {}).get("failure") == "unresponsive"):
        return (f"the kernel stopped answering while it was running {where}, which replaces "
                f"{', '.join(patched)}: that breaks the Python kernel itself (it is not a slow loop). " + again)
    if ended.get("killed"):
        return (f"grading was stopped after {deadline:.0f} s while it was running {where}: it did not "
                f"stop when interrupted at the {limits.cell_timeout} s limit per cell, probably " + loop)
    code = ended.get("exitcode")
    if outcome is None:
        how = (f"was killed by {_signal_name(-code)}" if isinstance(code, int) and code < 0
               else f"exited with status {code}")
        return (f"the grading worker {how} while it was running {where}, before it could score the notebook "
                "(without the sandbox, code in the notebook can signal the grader). " + again)
    failure = outcome.get("failure")
    log = (outcome.get("log") or "").strip()
    if failure == "tampered":
        return f"the notebook changed the grading machinery ({log}). Remove that code and grade again."
    elapsed = outcome.get("elapsed")
    if failure == "unresponsive" and elapsed is not None and elapsed < limits.cell_timeout:
        return (f"the kernel stopped answering {outcome['elapsed']:.0f} s into {where}, under the "
                f"{limits.cell_timeout} s limit per cell: the code broke the kernel's own machinery (patched "
                "builtins, a replaced sys.stdout or kernel object). " + again)
    if failure == "unresponsive":
        return (f"{where} ran past the {limits.cell_timeout} s limit per cell and did not stop when "
                "interrupted, probably " + loop)
    if failure == "kernel_died":
        return f"the Python kernel {kernel_end(outcome.get('kernel_exit'), limits)} while running {where}. " + again
    if failure == "metadata":
        return ("nbgrader found its cell metadata corrupted; take a fresh copy of the assessment from "
                "assessments/, paste your answers into it, and grade again.")
    if failure == "worker_memory":
        return (f"the grading worker ran out of memory (its limit is {outcome.get('memory_mb', '?')} MB) while "
                f"handling {where}: the notebook sent more output than the grader holds. " + again)
    return f"nbgrader could not grade it: {nbgrader_error(log)}. " + again


def kernel_end(code, limits: Limits) -> str:
    """How the kernel ended, in words, from its exit status (bwrap passes a signal on as 128 + N)."""
    limits_hit = (f"memory {limits.memory_mb} MB, CPU {limits.cpu_seconds} s, "
                  f"{limits.processes} processes")
    if isinstance(code, int) and (code < 0 or code > 128):
        number = -code if code < 0 else code - 128
        name = _signal_name(number)
        cause = {"SIGXCPU": f"it used up its CPU time ({limits.cpu_seconds} s)",
                 "SIGKILL": f"killed from outside, or by a limit ({limits_hit})",
                 "SIGSEGV": "a crash in compiled code", "SIGABRT": "a crash in compiled code"}.get(name, "")
        return f"was ended by {name}" + (f" ({cause})" if cause else "")
    if isinstance(code, int):
        return (f"exited with status {code}: the code ended the process (os._exit({code}), exit(), "
                f"sys.exit())")
    return (f"died: the code exited the process (os._exit, exit()), crashed, or hit a limit ({limits_hit})")


def nbgrader_error(log: str) -> str:
    """The exception behind nbgrader's failure (the last one raised), not 'see the above traceback'."""
    import re

    lines = [re.sub(r"^\[[A-Z]+\]\s*", "", ln.strip()) for ln in log.splitlines() if ln.strip()]
    raised = [ln for ln in lines if re.match(r"^[\w.]*(Error|Exception|Exit|Interrupt)\b", ln)
              and "NbGraderException" not in ln]
    said = [ln for ln in lines if "above traceback" not in ln and not ln.startswith(("File ", "Traceback", "^"))]
    return (raised or said or ["no log"])[-1][:500]
