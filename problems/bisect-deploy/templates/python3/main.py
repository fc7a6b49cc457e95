def ask(commit: int) -> bool:
    """True when the build of commit is bad."""
    print(f"? {commit}", flush=True)
    return input().strip() == "bad"


def main() -> None:
    t = int(input())
    for _ in range(t):
        n = int(input())
        # TODO: find the first bad commit with at most ceil(log2(n)) calls to ask()
        answer = n
        print(f"! {answer}", flush=True)


if __name__ == "__main__":
    main()
