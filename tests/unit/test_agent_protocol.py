"""The agent's framing: results are found only under this job's nonce, whatever else is on the stream."""

import io
import os
import tarfile

import pytest

from sandbox import agent
from sandbox.runner import SourceError, pack_files


def frame(nonce: str, meta: bytes, out: bytes = b"", err: bytes = b"", art: bytes = b"") -> bytes:
    return agent.result_marker(nonce) + b"%d %d %d %d\n" % (len(meta), len(out), len(err), len(art)) + (
        meta + out + err + art
    )


def test_result_found_after_junk():
    stream = b"junk from the program\n" + frame("abc", b'{"x": 1}', b"out", b"err", b"ART")
    assert agent.decode_result(stream, "abc") == ({"x": 1}, b"out", b"err", b"ART")


def test_forged_frame_with_other_nonce_is_ignored():
    forged = frame("guess", b'{"verdict": "OK"}')
    real = frame("real", b'{"x": 2}')
    assert agent.decode_result(forged, "real") is None
    assert agent.decode_result(forged + real, "real") == ({"x": 2}, b"", b"", b"")


def test_incomplete_frame_waits_for_more():
    whole = frame("n", b'{"a": 1}', b"0123456789")
    for cut in range(len(whole)):
        assert agent.decode_result(whole[:cut], "n") is None
    assert agent.decode_result(whole, "n") is not None


def test_request_encoding_roundtrip():
    data = agent.encode_request({"argv": ["x"]}, b"FILES", b"STDIN")
    header, rest = data.split(b"\n", 1)
    magic, json_len, files_len, stdin_len = header.split()
    assert magic == agent.REQUEST_MAGIC
    assert rest[int(json_len) :] == b"FILESSTDIN"
    assert (int(files_len), int(stdin_len)) == (5, 5)


def test_pack_and_unpack_tree(tmp_path):
    packed = pack_files({"main.py": "print(1)", "pkg/util.py": b"X = 1"})
    dest = tmp_path / "box"
    agent.unpack_tree(packed, str(dest))
    assert (dest / "main.py").read_text() == "print(1)"
    assert (dest / "pkg" / "util.py").read_bytes() == b"X = 1"
    (dest / "link").symlink_to("/etc/passwd")
    repacked = agent.pack_tree(str(dest), 1 << 20)
    names = tarfile.open(fileobj=io.BytesIO(repacked)).getnames()
    assert sorted(names) == ["main.py", "pkg/util.py"]  # the symlink is never packed


def test_unpack_refuses_escaping_members(tmp_path):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo("../escape")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(ValueError, match="leaves the work directory"):
        agent.unpack_tree(out.getvalue(), str(tmp_path / "box"))
    assert not os.path.exists(tmp_path / "escape")


def test_unpack_refuses_symlinks(tmp_path):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo("evil")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/shadow"
        tar.addfile(info)
    with pytest.raises(ValueError, match="not a regular file"):
        agent.unpack_tree(out.getvalue(), str(tmp_path / "box"))


def test_pack_tree_cap(tmp_path):
    (tmp_path / "big").write_bytes(b"x" * 2048)
    with pytest.raises(OverflowError):
        agent.pack_tree(str(tmp_path), 1024)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no source files"),
        ({"/etc/passwd": "x"}, "not a plain relative path"),
        ({"../x.py": "x"}, "not a plain relative path"),
        ({"a//b.py": "x"}, "not a plain relative path"),
        ({"main.py": "x" * (2 << 20)}, "exceed"),
        ({f"f{i}.py": "" for i in range(100)}, "at most 64"),
    ],
)
def test_pack_files_refuses(files, message):
    with pytest.raises(SourceError, match=message):
        pack_files(files)
