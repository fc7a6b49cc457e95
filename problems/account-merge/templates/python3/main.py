import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    accounts = []
    for i in range(n):
        fields = lines[1 + i].split()
        name, emails = fields[0], fields[2:]
        accounts.append(emails)
    # TODO: group the accounts that share an address (case-insensitively, transitively)
    print(n)
    for i in range(n):
        print(i + 1)


if __name__ == "__main__":
    main()
