// Hand-written parser (no regex): checks each part of the line, then aggregates per endpoint.
#include <algorithm>
#include <iostream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

static bool allDigits(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// Splits s on single spaces; returns false when a part would be empty.
static bool splitSpaces(const std::string& s, std::vector<std::string>& parts) {
    parts.clear();
    size_t start = 0;
    while (true) {
        size_t sp = s.find(' ', start);
        std::string part = s.substr(start, sp == std::string::npos ? std::string::npos : sp - start);
        if (part.empty()) return false;
        parts.push_back(part);
        if (sp == std::string::npos) return true;
        start = sp + 1;
    }
}

struct Entry {
    std::string endpoint;
    int latency;
    bool error;
};

static bool parse(const std::string& line, Entry& e) {
    size_t q1 = line.find('"');
    if (q1 == std::string::npos) return false;
    size_t q2 = line.find('"', q1 + 1);
    if (q2 == std::string::npos) return false;
    std::vector<std::string> req, tail;
    if (!splitSpaces(line.substr(q1 + 1, q2 - q1 - 1), req) || req.size() != 3) return false;
    for (char c : req[0])
        if (c < 'A' || c > 'Z') return false;
    if (req[1][0] != '/') return false;
    std::string rest = line.substr(q2 + 1);
    if (rest.empty() || rest[0] != ' ') return false;
    if (!splitSpaces(rest.substr(1), tail) || tail.size() != 3) return false;
    if (tail[0].size() != 3 || !allDigits(tail[0])) return false;
    if (tail[1] != "-" && !allDigits(tail[1])) return false;
    const std::string& t = tail[2];
    size_t dot = t.find('.');
    if (dot == std::string::npos || t.size() - dot - 1 != 3) return false;
    std::string secs = t.substr(0, dot), millis = t.substr(dot + 1);
    if (!allDigits(secs) || !allDigits(millis)) return false;
    e.latency = std::stoi(secs) * 1000 + std::stoi(millis);
    e.error = tail[0][0] >= '5';
    std::string path = req[1].substr(0, req[1].find('?'));
    std::string norm;
    size_t start = 0;
    while (true) {
        size_t slash = path.find('/', start);
        std::string seg = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        norm += allDigits(seg) ? "{id}" : seg;
        if (slash == std::string::npos) break;
        norm += '/';
        start = slash + 1;
    }
    e.endpoint = req[0] + " " + norm;
    return true;
}

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    std::getline(std::cin, line);
    size_t top = std::stoul(line);
    std::map<std::string, std::pair<std::vector<int>, int>> stats;
    long valid = 0, skipped = 0;
    Entry e;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        if (!parse(line, e)) {
            ++skipped;
            continue;
        }
        ++valid;
        auto& s = stats[e.endpoint];
        s.first.push_back(e.latency);
        s.second += e.error;
    }
    std::vector<std::tuple<int, long, std::string, int>> rows;
    for (auto& [name, s] : stats) {
        auto& lat = s.first;
        std::sort(lat.begin(), lat.end());
        size_t rank = (95 * lat.size() + 99) / 100;
        rows.emplace_back(-lat[rank - 1], -(long)lat.size(), name, s.second);
    }
    std::sort(rows.begin(), rows.end());
    std::cout << valid << ' ' << skipped << '\n';
    for (size_t i = 0; i < rows.size() && i < top; ++i) {
        auto& [p95, count, name, errors] = rows[i];
        std::cout << name << ' ' << -count << ' ' << errors << ' ' << -p95 << '\n';
    }
}
