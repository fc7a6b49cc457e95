#include <iostream>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    std::getline(std::cin, line);
    int n = std::stoi(line);
    std::vector<std::string> tags;
    for (int i = 0; i < n && std::getline(std::cin, line); i++) tags.push_back(line);
    // TODO: keep the valid versions, sort them by precedence (stable), then list the invalid tags
    // (numbers can be far larger than 64 bits)
    for (const auto& tag : tags) std::cout << tag << "\n";
}
