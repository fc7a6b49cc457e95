#include <iostream>
#include <string>
#include <vector>

// Splits one CSV line into its fields. TODO: handle quoted fields ("a, b" and "" escapes).
std::vector<std::string> fields(const std::string& line) {
    std::vector<std::string> out(1);
    for (char c : line) {
        if (c == ',') out.emplace_back();
        else out.back() += c;
    }
    return out;
}

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    std::getline(std::cin, line);  // header
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        std::vector<std::string> f = fields(line);
        // TODO: aggregate per region (money in integer cents)
    }
    // TODO: print "REGION,ORDERS,UNITS,REVENUE" lines, then the TOTAL line
}
