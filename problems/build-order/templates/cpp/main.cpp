#include <iostream>
#include <string>
#include <utility>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, m;
    std::cin >> n >> m;
    std::vector<std::string> names(n);
    for (auto& name : names) std::cin >> name;
    std::vector<std::pair<std::string, std::string>> deps(m);  // first needs second
    for (auto& [a, b] : deps) std::cin >> a >> b;
    // TODO: print a build order, one name per line, or CYCLE and the targets of a cycle
    for (auto& name : names) std::cout << name << '\n';
}
