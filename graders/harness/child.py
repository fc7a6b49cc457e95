"""The candidate's side of the unit-test harness: a separate process that imports the candidate's
modules and answers the harness's requests, one at a time, over a private pair of pipes.

Started by assay_unittest.py (fresh for every test) as

    python3 -I -B -c <this file's text> <candidate folder> <request fd> <reply fd> [<memory bytes>]

Everything in this process is untrusted the moment the candidate's code has been imported: the
candidate may replace any of this. That is fine by design; the harness trusts nothing it receives
here beyond "a value, encoded": it decodes strictly into plain data and remote handles and never
runs code of this process. This file only has to be correct for honest candidates.

Frames in both directions: a 4-byte big-endian length, then that many bytes of UTF-8 JSON.
Values: JSON null/bool/str/int/float/list as themselves; everything else tagged as an object with
a "$" key (tuple, set, frozenset, dict, bytes, bytearray, complex, big int, non-finite float) or,
when it is not plain data, a remote reference {"$": "ref", "id": n, "type": ..., "repr": ...}.
"""

from __future__ import annotations

import base64
import importlib
import json
import math
import operator
import os
import sys
from typing import Any

MAX_DEPTH = 64
INT_LIMIT = 1 << 63
REPR_CHARS = 300
TRACEBACK_CHARS = 8000


class _Refs:
    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}  # the candidate's objects, used dynamically (called, iterated...)
        self.next_id = 1

    def add(self, obj: object) -> dict:
        ref_id = self.next_id
        self.next_id += 1
        self.objects[ref_id] = obj
        try:
            text = repr(obj)
        except BaseException as exc:
            text = f"<repr failed: {type(exc).__name__}>"
        if not isinstance(text, str):
            text = "<repr returned a non-string>"
        return {"$": "ref", "id": ref_id, "type": _type_name(obj), "repr": text[:REPR_CHARS]}

    def get(self, ref_id: int) -> Any:
        try:
            return self.objects[ref_id]
        except KeyError:
            raise LookupError(f"no candidate object #{ref_id} in this process") from None


def _type_name(obj: object) -> str:
    cls = type(obj)
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", None) or getattr(cls, "__name__", "?")
    return str(name) if module in ("builtins", "") else f"{module}.{name}"


def encode(value: object, refs: _Refs, depth: int = 0) -> object:
    """Plain data as itself; anything else (or anything nested too deeply) as a reference."""
    kind = type(value)  # exact types below: a subclass of a plain type is not plain data
    if value is None or type(value) is bool or type(value) is str:
        return value
    if type(value) is int:
        return value if -INT_LIMIT < value < INT_LIMIT else {"$": "int", "v": format(value, "x")}
    if type(value) is float:
        return value if math.isfinite(value) else {"$": "float", "v": repr(value)}
    if depth >= MAX_DEPTH:
        return refs.add(value)
    if type(value) is list:
        return [encode(item, refs, depth + 1) for item in value]
    if type(value) is tuple:
        return {"$": "tuple", "v": [encode(item, refs, depth + 1) for item in value]}
    if type(value) is set or type(value) is frozenset:
        return {"$": kind.__name__, "v": [encode(item, refs, depth + 1) for item in value]}
    if type(value) is dict:
        return {"$": "dict", "v": [[encode(k, refs, depth + 1), encode(v, refs, depth + 1)]
                                   for k, v in value.items()]}
    if type(value) is bytes or type(value) is bytearray:
        return {"$": kind.__name__, "v": base64.b64encode(value).decode("ascii")}
    if type(value) is complex:
        return {"$": "complex", "re": encode(value.real, refs), "im": encode(value.imag, refs)}
    return refs.add(value)


def decode(node: Any, refs: _Refs) -> Any:  # node: a JSON value from the harness
    """The harness's arguments: plain data and references to objects of this process."""
    if node is None or isinstance(node, (bool, str, int, float)):
        return node
    if isinstance(node, list):
        return [decode(item, refs) for item in node]
    tag = node["$"]
    if tag == "ref":
        return refs.get(node["id"])
    if tag == "int":
        return int(node["v"], 16)
    if tag == "float":
        return float(node["v"])
    if tag == "tuple":
        return tuple(decode(item, refs) for item in node["v"])
    if tag == "set":
        return {decode(item, refs) for item in node["v"]}
    if tag == "frozenset":
        return frozenset(decode(item, refs) for item in node["v"])
    if tag == "dict":
        return {decode(k, refs): decode(v, refs) for k, v in node["v"]}
    if tag == "bytes":
        return base64.b64decode(node["v"])
    if tag == "bytearray":
        return bytearray(base64.b64decode(node["v"]))
    if tag == "complex":
        return complex(decode(node["re"], refs), decode(node["im"], refs))
    raise ValueError(f"unknown value tag {tag!r}")


def _read_exact(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _send(fd: int, message: dict) -> None:
    data = json.dumps(message, allow_nan=False).encode("utf-8")
    data = len(data).to_bytes(4, "big") + data
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _flush_outputs() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _error(exc: BaseException) -> dict:
    import traceback

    cls = type(exc)
    try:
        summary = traceback.TracebackException(cls, exc, exc.__traceback__)
        # This file runs as "<string>": its own frames are noise in the candidate's traceback.
        summary.stack = traceback.StackSummary.from_list(
            [frame for frame in summary.stack if frame.filename != "<string>"])
        text = "".join(summary.format())
    except Exception:
        text = f"{cls.__name__}: <traceback unavailable>"
    try:
        message = str(exc)
    except Exception:
        message = "<str() failed>"
    return {
        "type": getattr(cls, "__name__", "?"),
        "module": getattr(cls, "__module__", ""),
        "message": message[:TRACEBACK_CHARS],
        "args": list(getattr(exc, "args", ())),
        "traceback": text[-TRACEBACK_CHARS:],
    }


def _take(iterator: Any, count: int) -> tuple[list, bool]:
    items = []
    for _ in range(count):
        try:
            items.append(next(iterator))
        except StopIteration:
            return items, True
    return items, False


def handle(request: dict, refs: _Refs) -> object:
    op = request["op"]
    target: Any = refs.get(request["target"]) if request.get("target") is not None else None
    args = decode(request.get("args", []), refs)
    if op == "import":
        return importlib.import_module(request["name"])
    if op == "getattr":
        return getattr(target, request["name"])
    if op == "setattr":
        setattr(target, request["name"], args[0])
        return None
    if op == "delattr":
        delattr(target, request["name"])
        return None
    if op == "call":
        kwargs = decode(request.get("kwargs", {"$": "dict", "v": []}), refs)
        return target(*args, **kwargs)
    if op == "method":
        return getattr(target, request["name"])(*args)
    if op == "operator":
        return getattr(operator, request["name"])(*args)
    if op == "len":
        return len(target)
    if op == "bool":
        return bool(target)
    if op == "str":
        return str(target)
    if op == "iter":
        return iter(target)
    if op == "take":
        items, done = _take(target, int(request["count"]))
        return {"$": "dict", "v": [["items", encode(items, refs)], ["done", done]]}
    raise ValueError(f"unknown operation {op!r}")


def main() -> None:
    folder, request_fd, reply_fd = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    memory_bytes = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    if memory_bytes > 0:  # the candidate's memory limit (address space: MemoryError, not an OOM kill)
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:  # this process, not the harness, is the one the OOM killer should pick
        with open("/proc/self/oom_score_adj", "w") as handle_:
            handle_.write("1000")
    except OSError:
        pass
    os.chdir(folder)
    sys.path.insert(0, folder)
    sys.argv = [os.path.join(folder, "main.py")]
    refs = _Refs()
    _send(reply_fd, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            size = int.from_bytes(_read_exact(request_fd, 4), "big")
            request = json.loads(_read_exact(request_fd, size))
        except EOFError:
            return
        seq = request.get("seq")
        try:
            value = handle(request, refs)
            encoded: object
            if request["op"] in ("import", "iter"):
                encoded = refs.add(value)  # a reference even if the object happens to be plain data
            elif request["op"] == "take":
                encoded = value
            else:
                encoded = encode(value, refs)
            reply = {"seq": seq, "ok": encoded}
        except BaseException as exc:
            try:
                info = _error(exc)
                info["args"] = encode(info["args"], refs)
            except BaseException as inner:
                info = {"type": "RuntimeError", "module": "builtins", "args": [],
                        "message": f"the exception could not be reported: {type(inner).__name__}",
                        "traceback": ""}
            reply = {"seq": seq, "raise": info}
        _flush_outputs()
        _send(reply_fd, reply)


if __name__ == "__main__":
    main()
