# ATTACK: endless output on stdout.
# EXPECT: the agent stops the program at the output cap: verdict OLE; the returned stdout is at most the
#         cap; the host's memory stays bounded.
import sys

chunk = b"A" * 65536
while True:
    sys.stdout.buffer.write(chunk)
