#include <iostream>
#include <string>
#include <vector>

int main() {
    int e, s;
    std::cin >> e >> s;
    std::vector<std::string> names(e);
    std::vector<int> limit(e);
    std::vector<std::vector<int>> shifts(e);
    for (int i = 0; i < e; i++) {
        int k;
        std::cin >> names[i] >> limit[i] >> k;
        shifts[i].resize(k);
        for (auto& shift : shifts[i]) std::cin >> shift;
    }
    // TODO: one engineer per shift, each available for it and within their limit; or IMPOSSIBLE
    std::cout << "IMPOSSIBLE\n";
}
