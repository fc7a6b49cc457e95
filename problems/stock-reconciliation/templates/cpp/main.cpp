#include <iostream>
#include <string>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, m, k;
    std::string sku, id, kind, arg, qty;
    long long q;
    std::cin >> n;
    for (int i = 0; i < n; ++i) std::cin >> sku >> q;  // opening stock
    std::cin >> m;
    for (int i = 0; i < m; ++i) {
        std::cin >> id >> kind >> arg;  // arg: the SKU, or the target of a VOID
        if (kind != "VOID") std::cin >> qty;  // "+5", "-3" for ADJUST: std::stoll reads both
        // TODO: book the entry
    }
    std::cin >> k;
    for (int i = 0; i < k; ++i) std::cin >> sku >> q;  // physical count
    // TODO: print the differences
    std::cout << "TOTAL 0 0\n";
}
