# ATTACK: memory bomb -- touch 8 MiB chunks until the memory runs out.
# EXPECT: the cgroup OOM killer ends it: verdict MLE (always).
chunks = []
while True:
    chunks.append(b"\x01" * (8 << 20))
