# A+B: the trivial problem. Input: two integers. Output: their sum.
a, b = map(int, input().split())
print(a + b)
