#include <iostream>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    int r;
    std::cin >> r;
    std::vector<std::string> method(r), pattern(r), name(r);
    for (int i = 0; i < r; i++) std::cin >> method[i] >> pattern[i] >> name[i];
    int q;
    std::cin >> q;
    for (int i = 0; i < q; i++) {
        std::string m, path;
        std::cin >> m >> path;
        std::cout << "404\n";  // TODO: find the most specific route of this method, or 405 / 404
    }
}
