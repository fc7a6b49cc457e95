// Reference in C++: augmenting paths over engineers with limits (Kuhn's algorithm).
#include <iostream>
#include <string>
#include <vector>

int e, s;
std::vector<std::string> names;
std::vector<int> capacity, owner;
std::vector<std::vector<int>> available, assigned;
std::vector<char> visited;

bool place(int shift) {
    for (int engineer : available[shift]) {
        if (visited[engineer]) continue;
        visited[engineer] = 1;
        if ((int)assigned[engineer].size() < capacity[engineer]) {
            assigned[engineer].push_back(shift);
            owner[shift] = engineer;
            return true;
        }
        for (size_t i = 0; i < assigned[engineer].size(); i++) {
            if (place(assigned[engineer][i])) {
                assigned[engineer][i] = shift;
                owner[shift] = engineer;
                return true;
            }
        }
    }
    return false;
}

int main() {
    std::ios::sync_with_stdio(false);
    std::cin >> e >> s;
    names.resize(e);
    capacity.resize(e);
    available.assign(s, {});
    assigned.assign(e, {});
    owner.assign(s, -1);
    for (int i = 0; i < e; i++) {
        int k;
        std::cin >> names[i] >> capacity[i] >> k;
        for (int j = 0; j < k; j++) {
            int shift;
            std::cin >> shift;
            available[shift - 1].push_back(i);
        }
    }
    for (int shift = 0; shift < s; shift++) {
        visited.assign(e, 0);
        if (!place(shift)) {
            std::cout << "IMPOSSIBLE\n";
            return 0;
        }
    }
    for (int shift = 0; shift < s; shift++) std::cout << names[owner[shift]] << "\n";
}
