// Skips VOID entries: a cancelled shipment still counts as shipped.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main() {
    std::map<std::string, long long> expected, counted;
    int n, m, k;
    std::cin >> n;
    for (int i = 0; i < n; ++i) {
        std::string s;
        long long q;
        std::cin >> s >> q;
        expected[s] = q;
    }
    std::cin >> m;
    for (int i = 0; i < m; ++i) {
        std::string id, kind, sku, qty;
        std::cin >> id >> kind >> sku;
        if (kind == "VOID") continue;
        std::cin >> qty;
        expected[sku] += kind == "SHIP" ? -std::stoll(qty) : std::stoll(qty);
    }
    std::cin >> k;
    for (int i = 0; i < k; ++i) {
        std::string s;
        long long q;
        std::cin >> s >> q;
        counted[s] = q;
        expected.emplace(s, 0);
    }
    std::vector<std::pair<long long, std::string>> rows;
    long long total = 0;
    for (auto& [s, e] : expected) {
        long long d = (counted.count(s) ? counted[s] : 0) - e;
        if (d) rows.push_back({-std::llabs(d), s}), total += std::llabs(d);
    }
    std::sort(rows.begin(), rows.end());
    for (auto& [key, s] : rows) {
        long long c = counted.count(s) ? counted[s] : 0;
        std::cout << s << ' ' << expected[s] << ' ' << c << ' ' << c - expected[s] << '\n';
    }
    std::cout << "TOTAL " << rows.size() << ' ' << total << '\n';
}
