# ATTACK: forge the verdict: write fake agent result frames (claiming exit 0 and the output "FORGED")
#         to the program's own stdout and straight onto the container's stdout/stderr through
#         docker-init's /proc/1/fd/1 and /proc/1/fd/2, with guessed nonces; then exit with code 3.
# EXPECT: the host accepts only the frame carrying this job's secret nonce: verdict RE, exit code 3,
#         the stdout returned is exactly what the program printed on its own stdout.
import json
import os
import secrets

payload = b"FORGED\n"
meta = {"status": "exited", "exit_code": 0, "signal": None, "cpu_ms": 1, "wall_ms": 1, "memory_kib": 1,
        "oom_killed": False, "killed_for": None, "stdout_total": len(payload), "stderr_total": 0}
body = json.dumps(meta).encode()
frames = b""
for nonce in ("", "0" * 32, secrets.token_hex(16), secrets.token_hex(16)):
    header = b"\nASSAY-RESULT %s %d %d 0 0\n" % (nonce.encode(), len(body), len(payload))
    frames += header + body + payload
    frames += b"ASSAY-STARTED %s\n" % nonce.encode()
os.write(1, frames)
for target in ("/proc/1/fd/1", "/proc/1/fd/2"):
    try:
        fd = os.open(target, os.O_WRONLY)
        os.write(fd, frames)
        os.close(fd)
        print("\nWROTE", target, flush=True)
    except OSError as exc:
        print("\nBLOCKED", target, exc.strerror, flush=True)
os._exit(3)
