// Parses every number with std::stoull: right until a number passes 2^64 - 1, where stoull throws
// std::out_of_range, nobody catches it, and the program aborts.
#include <algorithm>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

struct Version {
    unsigned long long core[3];
    bool release;
    std::vector<std::string> pre;
    std::string text;
};

static bool numeric(const std::string& s) { return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos; }

int main() {
    static const std::regex semver(
        R"(^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$)");
    std::string line;
    std::getline(std::cin, line);
    int n = std::stoi(line);
    std::vector<Version> valid;
    std::vector<std::string> invalid;
    for (int i = 0; i < n && std::getline(std::cin, line); i++) {
        std::smatch m;
        if (!std::regex_match(line, m, semver)) { invalid.push_back(line); continue; }
        Version v{{std::stoull(m[1].str()), std::stoull(m[2].str()), std::stoull(m[3].str())}, !m[4].matched, {}, line};
        std::string pre = m[4].str(), part;
        for (size_t at = 0; m[4].matched && at <= pre.size(); at++) {
            if (at == pre.size() || pre[at] == '.') { v.pre.push_back(part); part.clear(); }
            else part += pre[at];
        }
        for (auto& p : v.pre) if (numeric(p)) std::stoull(p);  // "validates" the numbers the same way
        valid.push_back(v);
    }
    std::stable_sort(valid.begin(), valid.end(), [](const Version& a, const Version& b) {
        for (int i = 0; i < 3; i++) if (a.core[i] != b.core[i]) return a.core[i] < b.core[i];
        if (a.release != b.release) return b.release;
        for (size_t i = 0; i < std::min(a.pre.size(), b.pre.size()); i++) {
            bool an = numeric(a.pre[i]), bn = numeric(b.pre[i]);
            if (an && bn) { auto x = std::stoull(a.pre[i]), y = std::stoull(b.pre[i]); if (x != y) return x < y; }
            else if (an != bn) return an;
            else if (a.pre[i] != b.pre[i]) return a.pre[i] < b.pre[i];
        }
        return a.pre.size() < b.pre.size();
    });
    for (auto& v : valid) std::cout << v.text << "\n";
    for (auto& s : invalid) std::cout << "invalid " << s << "\n";
}
