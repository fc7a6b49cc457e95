#include <iostream>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    std::vector<std::vector<std::string>> accounts(n);
    for (int i = 0; i < n; i++) {
        std::string name;
        int k;
        std::cin >> name >> k;
        accounts[i].resize(k);
        for (auto& email : accounts[i]) std::cin >> email;
    }
    // TODO: group the accounts that share an address (case-insensitively, transitively)
    std::cout << n << "\n";
    for (int i = 0; i < n; i++) std::cout << i + 1 << "\n";
}
