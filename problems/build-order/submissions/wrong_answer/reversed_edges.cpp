// Reads "A B" as "B depends on A": prints dependents before their dependencies.
#include <iostream>
#include <map>
#include <string>
#include <vector>

int main() {
    int n, m;
    std::cin >> n >> m;
    std::vector<std::string> names(n);
    std::map<std::string, int> index;
    for (int i = 0; i < n; ++i) std::cin >> names[i], index[names[i]] = i;
    std::vector<std::vector<int>> users(n);
    std::vector<int> pending(n);
    for (int k = 0; k < m; ++k) {
        std::string a, b;
        std::cin >> a >> b;
        users[index[a]].push_back(index[b]);
        ++pending[index[b]];
    }
    std::vector<int> order;
    for (int i = 0; i < n; ++i)
        if (!pending[i]) order.push_back(i);
    for (size_t h = 0; h < order.size(); ++h)
        for (int x : users[order[h]])
            if (--pending[x] == 0) order.push_back(x);
    if ((int)order.size() < n) {
        std::cout << "CYCLE\n";
        return 0;
    }
    for (int i : order) std::cout << names[i] << '\n';
}
