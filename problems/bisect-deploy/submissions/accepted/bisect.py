def main() -> None:
    t = int(input())
    for _ in range(t):
        n = int(input())
        lo, hi = 1, n  # the first bad commit is in lo..hi
        while lo < hi:
            mid = (lo + hi) // 2
            print(f"? {mid}", flush=True)
            if input().strip() == "bad":
                hi = mid
            else:
                lo = mid + 1
        print(f"! {lo}", flush=True)


main()
