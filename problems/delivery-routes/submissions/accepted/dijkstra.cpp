// Reference in C++: Dijkstra with a binary heap and path counts modulo 1e9+7.
#include <cstdio>
#include <functional>
#include <queue>
#include <vector>

int main() {
    const long long MOD = 1000000007LL, INF = (long long)4e18;
    int n, m;
    if (std::scanf("%d %d", &n, &m) != 2) return 0;
    std::vector<std::vector<std::pair<int, int>>> adj(n + 1);
    for (int i = 0; i < m; i++) {
        int a, b, w;
        std::scanf("%d %d %d", &a, &b, &w);
        adj[a].push_back({b, w});
    }
    std::vector<long long> dist(n + 1, INF), ways(n + 1, 0);
    dist[1] = 0;
    ways[1] = 1;
    std::priority_queue<std::pair<long long, int>, std::vector<std::pair<long long, int>>, std::greater<>> heap;
    heap.push({0, 1});
    while (!heap.empty()) {
        auto [d, city] = heap.top();
        heap.pop();
        if (d > dist[city]) continue;
        for (auto [next, w] : adj[city]) {
            long long nd = d + w;
            if (nd < dist[next]) { dist[next] = nd; ways[next] = ways[city]; heap.push({nd, next}); }
            else if (nd == dist[next]) ways[next] = (ways[next] + ways[city]) % MOD;
        }
    }
    int k;
    std::scanf("%d", &k);
    for (int i = 0; i < k; i++) {
        int c;
        std::scanf("%d", &c);
        if (dist[c] == INF) std::printf("-1 0\n");
        else std::printf("%lld %lld\n", dist[c], ways[c]);
    }
}
