// A small RFC 4180 field splitter (quoted fields, "" escapes), money in integer cents.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

static std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out(1);
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                out.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                out.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.emplace_back();
        } else {
            out.back() += c;
        }
    }
    return out;
}

static long long cents(const std::string& price) {
    size_t dot = price.find('.');
    return std::stoll(price.substr(0, dot)) * 100 + std::stoll(price.substr(dot + 1));
}

static std::string money(long long c) {
    char buf[40];
    snprintf(buf, sizeof buf, "%s%lld.%02lld", c < 0 ? "-" : "", llabs(c) / 100, llabs(c) % 100);
    return buf;
}

struct Region {
    std::set<std::string> orders;
    long long units = 0, revenue = 0;
};

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    std::getline(std::cin, line);  // header
    std::set<std::pair<std::string, std::string>> seen;
    std::set<std::string> allOrders;
    std::map<std::string, Region> regions;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        auto f = fields(line);
        if (!seen.insert({f[0], f[3]}).second) continue;
        Region& r = regions[f[2]];
        long long q = std::stoll(f[4]);
        r.orders.insert(f[0]);
        r.units += q;
        r.revenue += q * cents(f[5]);
        allOrders.insert(f[0]);
    }
    std::vector<std::pair<std::string, Region*>> sorted;
    long long units = 0, revenue = 0;
    for (auto& [name, r] : regions) {
        sorted.push_back({name, &r});
        units += r.units;
        revenue += r.revenue;
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](auto& a, auto& b) { return a.second->revenue > b.second->revenue; });
    for (auto& [name, r] : sorted)
        std::cout << name << ',' << r->orders.size() << ',' << r->units << ',' << money(r->revenue) << '\n';
    std::cout << "TOTAL," << allOrders.size() << ',' << units << ',' << money(revenue) << '\n';
}
