#include <iostream>
#include <string>

int main() {
    int t;
    std::cin >> t;
    while (t--) {
        long long n;
        std::cin >> n;
        long long lo = 1, hi = n;
        while (lo < hi) {
            long long mid = lo + (hi - lo) / 2;
            std::cout << "? " << mid << std::endl;  // endl flushes
            std::string reply;
            std::cin >> reply;
            if (reply == "bad") hi = mid;
            else lo = mid + 1;
        }
        std::cout << "! " << lo << std::endl;
    }
}
