import sys


def main() -> None:
    data = sys.stdin.buffer.read().split()
    n, limit, window = int(data[0]), int(data[1]), int(data[2])
    accepted = rejected = 0
    for i in range(n):
        t = int(data[3 + 2 * i])
        client = data[4 + 2 * i].decode()
        # TODO: accept or reject this request
        accepted += 1
    print(accepted, rejected)
    # TODO: print "client accepted rejected" for every throttled client, most rejected first


if __name__ == "__main__":
    main()
