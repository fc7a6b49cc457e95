#include <iostream>
#include <string>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    long n, limit;
    long long window;
    std::cin >> n >> limit >> window;
    long accepted = 0, rejected = 0;
    for (long i = 0; i < n; ++i) {
        long long t;
        std::string client;
        std::cin >> t >> client;
        // TODO: accept or reject this request
        ++accepted;
    }
    std::cout << accepted << ' ' << rejected << '\n';
    // TODO: print "client accepted rejected" for every throttled client, most rejected first
}
