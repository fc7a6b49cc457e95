# ATTACK: endless output on stderr.
# EXPECT: stderr is cut at its own cap and the flood stops the program: verdict OLE; the host's memory
#         stays bounded.
import sys

chunk = b"E" * 65536
while True:
    sys.stderr.buffer.write(chunk)
