// Counts rejected requests in the window too: a client that keeps retrying stays blocked forever.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <vector>

int main() {
    long n, limit;
    long long window;
    scanf("%ld %ld %lld", &n, &limit, &window);
    std::map<std::string, std::deque<long long>> recent;
    std::map<std::string, std::pair<long, long>> stats;
    char name[64];
    long total = 0;
    for (long i = 0; i < n; ++i) {
        long long t;
        scanf("%lld %63s", &t, name);
        auto& q = recent[name];
        auto& s = stats[name];
        while (!q.empty() && q.front() <= t - window) q.pop_front();
        if ((long)q.size() < limit) ++s.first;
        else ++s.second, ++total;
        q.push_back(t);
    }
    std::vector<std::pair<std::string, std::pair<long, long>>> rows;
    for (auto& kv : stats)
        if (kv.second.second) rows.push_back(kv);
    std::stable_sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second.second > b.second.second; });
    printf("%ld %ld\n", n - total, total);
    for (auto& [k, s] : rows) printf("%s %ld %ld\n", k.c_str(), s.first, s.second);
}
