#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, m;
    std::cin >> n >> m;
    std::vector<std::string> names(n);
    std::unordered_map<std::string, int> index;
    for (int i = 0; i < n; ++i) {
        std::cin >> names[i];
        index[names[i]] = i;
    }
    std::vector<std::vector<int>> deps(n), users(n);
    std::vector<int> pending(n, 0);
    for (int k = 0; k < m; ++k) {
        std::string sa, sb;
        std::cin >> sa >> sb;
        int a = index[sa], b = index[sb];
        deps[a].push_back(b);
        users[b].push_back(a);
        ++pending[a];
    }
    std::vector<int> order;
    order.reserve(n);
    for (int i = 0; i < n; ++i)
        if (pending[i] == 0) order.push_back(i);
    for (size_t head = 0; head < order.size(); ++head)
        for (int a : users[order[head]])
            if (--pending[a] == 0) order.push_back(a);
    std::string out;
    if ((int)order.size() == n) {
        for (int i : order) out += names[i] + '\n';
        std::cout << out;
        return 0;
    }
    std::vector<char> built(n, 0);
    for (int i : order) built[i] = 1;
    int start = 0;
    while (built[start]) ++start;
    std::vector<int> seenAt(n, -1), walk{start};
    while (seenAt[walk.back()] < 0) {
        int here = walk.back();
        seenAt[here] = (int)walk.size() - 1;
        for (int d : deps[here])
            if (!built[d]) {
                walk.push_back(d);
                break;
            }
    }
    out = "CYCLE\n";
    for (size_t i = seenAt[walk.back()]; i + 1 < walk.size(); ++i) out += names[walk[i]] + ' ';
    std::cout << out << '\n';
}
