// Sort by start; a min-heap of end times holds the rooms in use.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <queue>
#include <utility>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<std::pair<long long, long long>> m(n);
    for (auto& [s, e] : m) scanf("%lld %lld", &s, &e);
    std::sort(m.begin(), m.end());
    std::priority_queue<long long, std::vector<long long>, std::greater<long long>> busy;
    size_t best = 0;
    for (auto& [s, e] : m) {
        while (!busy.empty() && busy.top() <= s) busy.pop();
        busy.push(e);
        best = std::max(best, busy.size());
    }
    printf("%zu\n", best);
}
