"""Tampering detection inside the grading kernel (best effort: see docs/isolation.md).

Before any learner code runs, the kernel launcher calls ``install(shell, key)``: it snapshots
the machinery a test cell relies on (IPython's input transformers, AST transformers, event
callbacks, custom exception handlers, display hook and traits, ``sys`` hooks, the builtins,
the code of ``dsroles.checks`` and of every kit module loaded, pandas' and numpy's functions).
``sys.displayhook`` and ``sys.excepthook`` are not compared: IPython sets them again around
every cell, so a change made in an answer cell does not outlive that cell.
The guard cell nbgrader runs before each test cell (``guard_source``) sets the grading seed
again and calls ``check(nonce)``, which compares everything with the snapshot and publishes
one report (a display output of type ``MIME``) signed with the run's key. The trusted client
(``dsroles.grading.execute``) requires one valid report per guard cell: a changed machinery,
a missing, unsigned or replayed report makes the notebook "not graded".

All of this lives in the learner's process: code that knows it well enough can still defeat
it (docs/isolation.md says what it cannot stop). It turns the simple attacks into a refusal.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import json
import sys
import types

MIME = "application/vnd.dsroles.guard+json"
MODULE_PREFIXES = ("dsroles.checks", "dsroles.tracks", "dsroles.churn", "dsroles.grading.guard",
                   "dsroles.grading.answerkey")
LIBRARIES = ("pandas", "pandas.testing", "numpy", "numpy.testing", "math", "operator", "functools")
IPYTHON_BUILTINS = {"exit", "quit", "get_ipython", "input", "_", "__", "___"}  # set per cell by IPython/ipykernel
SHELL_TRAITS = ("ast_node_interactivity", "displayhook", "display_pub", "compile", "CustomTB",
                "custom_exceptions", "autocall", "events", "input_transformer_manager", "builtin_trap")
ALLOWED_CALLBACK_MODULES = ("matplotlib.", "matplotlib_inline.", "ipykernel.", "IPython.", "ipywidgets.")
_state: dict = {}


def sign(key: bytes, nonce: str, report: dict) -> str:
    body = json.dumps(report, sort_keys=True)
    return hmac.new(key, f"{nonce}\n{body}".encode(), hashlib.sha256).hexdigest()


def guard_source(seed: int, nonce: str) -> str:
    """The guard cell put before each test cell: the seed again, then the check."""
    return (f"seed = {int(seed)}\n"
            f"__import__('dsroles.grading.guard', fromlist=['check']).check({nonce!r})")


# ------------------------------------------------------------------ the snapshot

def _function_state(fn):
    fn = getattr(fn, "__func__", fn)
    if isinstance(fn, types.FunctionType):
        return (fn, fn.__code__, fn.__defaults__, fn.__kwdefaults__)
    return (fn,)


def _same(a, b) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _namespace(obj) -> dict:
    """name -> the state of each attribute of a module, class or instance dict."""
    try:
        items = list(vars(obj).items())
    except TypeError:
        return {}
    return {name: _function_state(value) for name, value in items}


def _classes(module) -> list:
    return [v for v in vars(module).values()
            if isinstance(v, type) and getattr(v, "__module__", "") == module.__name__]


def _snap_module(snap: dict, name: str, module) -> None:
    snap[f"module {name}"] = (module,)
    snap[f"namespace {name}"] = _namespace(module)
    for cls in _classes(module) if name.startswith("dsroles.") else ():
        snap[f"class {name}.{cls.__name__}"] = _namespace(cls)
    for attr, value in vars(module).items():
        if type(value).__name__ == "Exercise":
            state = {k: v for k, v in _namespace(value).items() if not k.startswith("_")}
            snap[f"exercise {name}.{attr}"] = state


def _transformers(shell) -> dict:
    manager = shell.input_transformer_manager
    lists = {
        "input_transformers_cleanup": shell.input_transformers_cleanup,
        "input transformers (line)": manager.line_transforms,
        "input transformers (token)": getattr(manager, "token_transformers", []),
        "input_transformers_post": shell.input_transformers_post,
        "ast_transformers": shell.ast_transformers,
    }
    return {name: (items, *[part for item in items for part in _function_state(item)])
            for name, items in lists.items()}


def _hooks(shell) -> dict:
    hooks = {
        "sys.settrace": (sys.gettrace(),), "sys.setprofile": (sys.getprofile(),),
        "sys.modules": (sys.modules,), "builtins.__import__": (builtins.__import__,),
    }
    for trait in SHELL_TRAITS:
        hooks[f"the shell's {trait}"] = (getattr(shell, trait, None),)
    for obj in (shell, shell.displayhook, shell.display_pub, shell.events, shell.compile,
                getattr(shell, "kernel", None)):
        if obj is None:
            continue
        for cls in type(obj).__mro__[:-1]:
            hooks[f"class {cls.__module__}.{cls.__qualname__}"] = tuple(
                p for v in vars(cls).values() for p in _function_state(v))
        hooks[f"methods of the {type(obj).__name__}"] = {
            k: _function_state(v) for k, v in getattr(obj, "__dict__", {}).items()
            if callable(v) and not k.startswith(("_save_", "_sys_"))}  # ipykernel's input() swap
    return hooks


def snapshot(shell) -> dict:
    """Everything ``check`` compares later: name -> a tuple (or dict) of objects held by identity."""
    snap = {"builtins": {k: (v,) for k, v in vars(builtins).items() if k not in IPYTHON_BUILTINS}}
    for name, module in list(sys.modules.items()):
        if module is not None and (name.startswith(MODULE_PREFIXES) or name in LIBRARIES):
            _snap_module(snap, name, module)
    for name in ("pandas", "numpy"):
        module = sys.modules.get(name)
        for cls_name in ("DataFrame", "Series", "Index"):
            cls = getattr(module, cls_name, None) if module else None
            if isinstance(cls, type):
                snap[f"class {name}.{cls_name}"] = _namespace(cls)
    snap.update(_transformers(shell))
    snap.update(_hooks(shell))
    snap["event callbacks"] = {event: tuple(cbs) for event, cbs in shell.events.callbacks.items()}
    return snap


def module_loaded(name: str, module) -> None:
    """Add a kit module loaded after the snapshot (an exam module a test cell imports)."""
    if "snapshot" in _state:
        _snap_module(_state["snapshot"], name, module)


# ------------------------------------------------------------------ the check

def _allowed_callback(cb) -> bool:
    """A callback a library registers by itself (the inline plotting backend, widgets, autoreload):
    a function of one of those modules, or a method of a class defined there, as it is."""
    fn = getattr(cb, "__func__", cb)
    owner = type(cb.__self__) if hasattr(cb, "__self__") and hasattr(cb, "__func__") else None
    module = (owner.__module__ if owner is not None else getattr(fn, "__module__", "")) or ""
    if not module.startswith(ALLOWED_CALLBACK_MODULES) or module not in sys.modules:
        return False
    if owner is not None:
        return getattr(owner, getattr(fn, "__name__", ""), None) is fn
    home = sys.modules[module]
    return any(getattr(home, name, None) is fn for name in dir(home))


def _differences(before: dict, now: dict) -> list[str]:
    changed = []
    for name, old in before.items():
        new = now.get(name)
        if name == "event callbacks":
            for event, cbs in (new or {}).items():
                old_cbs = old.get(event, ())
                added = [cb for cb in cbs if not any(cb is o for o in old_cbs)]
                if any(not any(o is cb for cb in cbs) for o in old_cbs) or \
                        any(not _allowed_callback(cb) for cb in added):
                    changed.append(f"IPython event callbacks ({event})")
        elif isinstance(old, dict):
            if not isinstance(new, dict):
                changed.append(name)
                continue
            keys = [k for k, v in old.items() if k not in new or not _same(v, new[k])]
            if not name.startswith(("namespace ", "builtins")):  # a new attribute can shadow a method
                keys += [k for k in new if k not in old]
            if keys:
                changed.append(f"{name} ({', '.join(sorted(keys)[:5])})" if name != "builtins"
                               else f"builtins ({', '.join(sorted(keys)[:5])})")
        elif new is None or not _same(old, new):
            changed.append(name)
    return changed


def current(shell) -> dict:
    """The same view as ``snapshot``, now, of what the snapshot holds."""
    before = _state["snapshot"]
    now = {"builtins": {k: (v,) for k, v in vars(builtins).items() if k not in IPYTHON_BUILTINS}}
    for name in before:
        kind, _, rest = name.partition(" ")
        if kind in ("module", "namespace") and rest in sys.modules:
            module = sys.modules[rest]
            now[name] = (module,) if kind == "module" else _namespace(module)
        elif kind == "class" and "." in rest:
            module_name, _, cls_name = rest.rpartition(".")
            cls = getattr(sys.modules.get(module_name), cls_name, None)
            if isinstance(cls, type):  # a new attribute counts only if it overrides a base class's
                now[name] = {k: v for k, v in _namespace(cls).items()
                             if k in before[name] or any(k in vars(base) for base in cls.__mro__[1:])}
        elif kind == "exercise":
            module_name, _, attr = rest.rpartition(".")
            value = getattr(sys.modules.get(module_name), attr, None)
            if value is not None:
                now[name] = {k: v for k, v in _namespace(value).items() if not k.startswith("_")}
    now.update(_transformers(shell))
    now.update(_hooks(shell))
    now["event callbacks"] = {event: tuple(cbs) for event, cbs in shell.events.callbacks.items()}
    return now


def check(nonce: str) -> None:
    """Compare the machinery with the snapshot; publish the signed report (the guard cell)."""
    shell = _state.get("shell")
    if shell is None:  # not a grading kernel (validate's replay runs guard cells in-process)
        return
    from dsroles.grading import answerkey

    changed = _differences(_state["snapshot"], current(shell))
    unseen = sorted(n for n in list(sys.modules) if n.startswith(answerkey.WATCHED)
                    and f"module {n}" not in _state["snapshot"])
    if unseen:
        changed.append(f"kit modules imported around the grader's import watcher ({', '.join(unseen[:3])})")

    report = {"changed": changed, "answer_key": answerkey.log()}
    payload = {"nonce": nonce, "report": report, "mac": sign(_state["key"], nonce, report)}
    _state["publish"](data={MIME: payload, "text/plain": "dsroles grading guard"}, metadata={})


def install(shell, key: bytes) -> None:
    """Take the snapshot (call it once, before any learner code runs)."""
    _state.update(shell=shell, key=key, publish=shell.display_pub.publish)
    _state["snapshot"] = snapshot(shell)
