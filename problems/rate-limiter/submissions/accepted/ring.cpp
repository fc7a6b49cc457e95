// Per client, the accepted timestamps still inside the window, in a deque.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

struct Client {
    std::deque<long long> recent;
    long accepted = 0, rejected = 0;
};

int main() {
    long n, limit;
    long long window;
    if (scanf("%ld %ld %lld", &n, &limit, &window) != 3) return 0;
    std::unordered_map<std::string, Client> clients;
    char name[64];
    long totalRejected = 0;
    for (long i = 0; i < n; ++i) {
        long long t;
        scanf("%lld %63s", &t, name);
        Client& c = clients[name];
        while (!c.recent.empty() && c.recent.front() <= t - window) c.recent.pop_front();
        if ((long)c.recent.size() < limit) {
            c.recent.push_back(t);
            ++c.accepted;
        } else {
            ++c.rejected;
            ++totalRejected;
        }
    }
    std::vector<std::pair<std::string, Client*>> rows;
    for (auto& [k, c] : clients)
        if (c.rejected) rows.push_back({k, &c});
    std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) {
        if (a.second->rejected != b.second->rejected) return a.second->rejected > b.second->rejected;
        return a.first < b.first;
    });
    printf("%ld %ld\n", n - totalRejected, totalRejected);
    for (auto& [k, c] : rows) printf("%s %ld %ld\n", k.c_str(), c->accepted, c->rejected);
}
