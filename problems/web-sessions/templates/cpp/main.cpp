#include <iostream>
#include <string>

int main() {
    std::ios::sync_with_stdio(false);
    int n;
    std::cin >> n;
    for (int i = 0; i < n; i++) {
        std::string visitor, path;
        long long timestamp;
        std::cin >> visitor >> timestamp >> path;
        // TODO: collect the views per visitor
    }
    // TODO: per visitor: sessions and the longest one; then SESSIONS and BOUNCES
    std::cout << "SESSIONS 0\nBOUNCES 0\n";
}
