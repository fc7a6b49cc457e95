// Reference in C++: union by smaller index, path halving.
#include <algorithm>
#include <iostream>
#include <numeric>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

std::vector<int> parent;
int find(int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n;
    std::cin >> n;
    parent.resize(n);
    std::iota(parent.begin(), parent.end(), 0);
    std::unordered_map<std::string, int> owner;
    owner.reserve(4 * n + 16);
    for (int i = 0; i < n; i++) {
        std::string name;
        int k;
        std::cin >> name >> k;
        for (int j = 0; j < k; j++) {
            std::string email;
            std::cin >> email;
            std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) { return std::tolower(c); });
            auto it = owner.find(email);
            if (it == owner.end()) { owner.emplace(email, i); continue; }
            int a = find(it->second), b = find(i);
            if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
    }
    std::vector<std::vector<int>> groups(n);
    int count = 0;
    for (int i = 0; i < n; i++) {
        int r = find(i);
        if (groups[r].empty()) count++;
        groups[r].push_back(i + 1);
    }
    std::ostringstream out;
    out << count << "\n";
    for (int r = 0; r < n; r++) {
        if (groups[r].empty()) continue;
        for (size_t j = 0; j < groups[r].size(); j++) out << (j ? " " : "") << groups[r][j];
        out << "\n";
    }
    std::cout << out.str();
}
