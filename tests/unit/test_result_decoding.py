"""Regression tests for the sandbox findings of issue 13 (items 7 and 8): the interactive relay under
back-pressure, a container leaked when the second acquire fails, and quadratic buffer copying while
decoding a job's result. Real Docker (the session's runc sandbox); each test says what it guards."""

from __future__ import annotations

import struct
import time

from sandbox import agent as protocol
from sandbox.container import _StreamReader


class _FakeSocket:
    """Feeds a pre-built docker attach stream in small chunks (what a slow link delivers)."""

    def __init__(self, data: bytes, chunk: int) -> None:
        self.data = memoryview(data)
        self.chunk = chunk

    def settimeout(self, timeout: float) -> None:
        pass

    def recv(self, size: int) -> bytes:
        piece = bytes(self.data[: min(size, self.chunk)])
        self.data = self.data[len(piece):]
        return piece


def _attach_stream(payload: bytes, frame: int) -> bytes:
    out = bytearray()
    for at in range(0, len(payload), frame):
        piece = payload[at: at + frame]
        out += struct.pack(">BxxxL", 1, len(piece)) + piece
    return bytes(out)


def _decode_time(size: int) -> float:
    nonce = "n" * 32
    meta = b'{"status": "exited"}'
    stdout = b"y" * size
    body = protocol.result_marker(nonce) + b"%d %d 0 0\n" % (len(meta), len(stdout)) + meta + stdout
    reader = _StreamReader(_FakeSocket(_attach_stream(body, 4096), 4096 + 8), nonce, "t" * 32, size + (1 << 20))
    started = time.process_time()  # this process's CPU: what the decoding costs, whatever else runs
    while reader.result is None:
        assert reader.pump(1.0) is not None
    assert reader.result[1] == stdout
    return time.process_time() - started


def test_result_decoding_is_linear_in_the_output_size():
    """Guards issue 13 item 8: every chunk received re-copied the whole pending buffer and, once the
    result header was seen, the whole frame (bytes(stdout[frame:]) then a full decode): quadratic in
    the output size (a 16 MiB output took ~minutes of host CPU). Four times the size must cost about
    four times the CPU (quadratic: sixteen). CPU time of this process, the best of three: the bound
    holds however busy the machine is (issue 29)."""
    small = min(_decode_time(2 << 20) for _ in range(3))
    large = min(_decode_time(8 << 20) for _ in range(3))
    print(f"decode CPU: 2 MiB {small:.3f} s, 8 MiB {large:.3f} s")
    assert large < 8 * max(small, 0.01), (small, large)  # linear: ~4x; quadratic: ~16x


# ---------------------------------------------------------------------- item 2: the default runtime
