# ATTACK: reach the network: TCP to 1.1.1.1 and to the docker host gateway 172.17.0.1 (the engine's
#         API ports too), UDP datagrams, a DNS lookup, IPv6, raw and packet sockets, and the host's
#         abstract unix sockets.
# EXPECT: every attempt fails (network "none": loopback only; no CAP_NET_RAW): each line says BLOCKED;
#         the only interface is lo; verdict OK.
import os
import socket


def attempt(label, action):
    try:
        action()
    except OSError as exc:
        print("BLOCKED", label, exc.__class__.__name__, exc.errno, flush=True)
    except Exception as exc:  # noqa: BLE001
        print("BLOCKED", label, repr(exc), flush=True)
    else:
        print("ALLOWED", label, flush=True)


def tcp(host, port, family=socket.AF_INET):
    def go():
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(2)
            sock.connect((host, port))
    return go


def udp(host, port):
    def go():
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(1)
            sock.sendto(b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x07example\x03com\x00\x00\x01\x00\x01",
                        (host, port))
            sock.recvfrom(512)
    return go


def raw(family, kind, proto):
    def go():
        socket.socket(family, kind, proto).close()
    return go


def unix(path):
    def go():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(path)
    return go


def unix_dgram(path):
    def go():
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
            sock.sendto(b"x", path)
    return go


attempt("tcp 1.1.1.1:443", tcp("1.1.1.1", 443))
attempt("tcp 1.1.1.1:53", tcp("1.1.1.1", 53))
attempt("tcp 172.17.0.1:2375", tcp("172.17.0.1", 2375))
attempt("tcp 172.17.0.1:2376", tcp("172.17.0.1", 2376))
attempt("tcp 172.17.0.1:22", tcp("172.17.0.1", 22))
attempt("tcp 172.17.0.1:80", tcp("172.17.0.1", 80))
attempt("tcp 169.254.169.254:80", tcp("169.254.169.254", 80))
attempt("tcp [2606:4700:4700::1111]:443", tcp("2606:4700:4700::1111", 443, socket.AF_INET6))
attempt("udp 1.1.1.1:53", udp("1.1.1.1", 53))
attempt("udp 172.17.0.1:53", udp("172.17.0.1", 53))
attempt("udp 255.255.255.255:67", udp("255.255.255.255", 67))
attempt("dns example.com", lambda: socket.getaddrinfo("example.com", 443))
attempt("dns host.docker.internal", lambda: socket.getaddrinfo("host.docker.internal", 80))
attempt("raw icmp", raw(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
attempt("raw tcp", raw(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_TCP))
attempt("packet", raw(socket.AF_PACKET, socket.SOCK_RAW, 0x0300))
attempt("unix /var/run/docker.sock", unix("/var/run/docker.sock"))
attempt("unix /run/containerd/containerd.sock", unix("/run/containerd/containerd.sock"))
# abstract sockets live in the network namespace: the host's (dockerd, containerd-shim) are invisible
attempt("abstract unix @9059d", unix_dgram("\0" + "9059d"))
attempt("abstract unix @/containerd-shim", unix("\0/containerd-shim"))
print("INTERFACES", sorted(name for _index, name in socket.if_nameindex()))
print("ROUTES", open("/proc/net/route").read().count("\n") - 1 if os.path.exists("/proc/net/route") else "n/a")
