#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    std::unordered_map<std::string, long long> expected, counted;
    std::unordered_map<std::string, std::pair<std::string, long long>> live;  // entry id -> (sku, delta)
    int n;
    std::cin >> n;
    for (int i = 0; i < n; ++i) {
        std::string sku;
        long long q;
        std::cin >> sku >> q;
        expected[sku] = q;
    }
    int m;
    std::cin >> m;
    for (int i = 0; i < m; ++i) {
        std::string id, kind, sku;
        std::cin >> id >> kind >> sku;  // for VOID, "sku" is the target entry id
        if (kind == "VOID") {
            auto it = live.find(sku);
            expected[it->second.first] -= it->second.second;
            live.erase(it);
            continue;
        }
        std::string qty;
        std::cin >> qty;
        long long delta = std::stoll(qty);
        if (kind == "SHIP") delta = -delta;
        live[id] = {sku, delta};
        expected[sku] += delta;
    }
    int k;
    std::cin >> k;
    for (int i = 0; i < k; ++i) {
        std::string sku;
        long long q;
        std::cin >> sku >> q;
        counted[sku] = q;
        expected.emplace(sku, 0);
    }
    std::vector<std::tuple<long long, std::string, long long, long long, long long>> rows;
    long long total = 0;
    for (auto& [sku, e] : expected) {
        auto it = counted.find(sku);
        long long c = it == counted.end() ? 0 : it->second;
        if (c != e) {
            rows.emplace_back(-std::llabs(c - e), sku, e, c, c - e);
            total += std::llabs(c - e);
        }
    }
    std::sort(rows.begin(), rows.end());
    std::string out;
    for (auto& [key, sku, e, c, d] : rows)
        out += sku + ' ' + std::to_string(e) + ' ' + std::to_string(c) + ' ' + std::to_string(d) + '\n';
    out += "TOTAL " + std::to_string(rows.size()) + ' ' + std::to_string(total) + '\n';
    std::cout << out;
}
