#include <iostream>
#include <string>

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    std::getline(std::cin, line);
    int k = std::stoi(line);
    long valid = 0, skipped = 0;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        // TODO: check the line, find its endpoint, latency (ms) and status
        ++skipped;
    }
    std::cout << valid << ' ' << skipped << '\n';
    // TODO: print the first k endpoints: "METHOD PATH REQUESTS ERRORS P95"
    (void)k;
}
