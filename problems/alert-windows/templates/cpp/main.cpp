#include <iostream>
#include <vector>

// Number of windows of codes with at most k distinct values.
long long countWindows(int k, const std::vector<int>& codes) {
    // TODO: your solution here
    return 0;
}

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, k;
    std::cin >> n >> k;
    std::vector<int> codes(n);
    for (auto& c : codes) std::cin >> c;
    std::cout << countWindows(k, codes) << '\n';
}
