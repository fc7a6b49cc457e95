// Treats meetings as closed intervals: one ending at 10:00 and one starting at 10:00 get two rooms.
#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<std::pair<long long, int>> ev;
    for (int i = 0; i < n; ++i) {
        long long s, e;
        scanf("%lld %lld", &s, &e);
        ev.push_back({s, -1});  // start sorts BEFORE an end at the same time
        ev.push_back({e, +1});
    }
    std::sort(ev.begin(), ev.end());
    int rooms = 0, best = 0;
    for (auto& [t, kind] : ev) {
        rooms -= kind;
        best = std::max(best, rooms);
    }
    printf("%d\n", best);
}
