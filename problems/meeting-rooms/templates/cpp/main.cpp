#include <cstdio>
#include <utility>
#include <vector>

// Fewest rooms for meetings [s, e) (back-to-back meetings can share a room).
int minRooms(const std::vector<std::pair<long long, long long>>& meetings) {
    // TODO: your solution here
    return 0;
}

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    std::vector<std::pair<long long, long long>> meetings(n);
    for (auto& [s, e] : meetings) std::scanf("%lld %lld", &s, &e);
    std::printf("%d\n", minRooms(meetings));
}
