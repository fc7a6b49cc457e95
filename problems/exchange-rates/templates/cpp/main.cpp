#include <iostream>
#include <string>
#include <vector>

int main() {
    int m;
    std::cin >> m;
    std::vector<std::string> from(m), to(m);
    std::vector<double> rate(m);
    for (int i = 0; i < m; i++) std::cin >> from[i] >> to[i] >> rate[i];
    int q;
    std::cin >> q;
    for (int i = 0; i < q; i++) {
        std::string a, b;
        std::cin >> a >> b;
        // TODO: ARBITRAGE if a cycle gains money; else the best rate, 1 for a currency to itself, -1 if none
        std::cout << -1 << "\n";
    }
}
