#include <iostream>
#include <string>

// True when the build of commit is bad.
bool ask(long long commit) {
    std::cout << "? " << commit << std::endl;  // std::endl flushes
    std::string reply;
    std::cin >> reply;
    return reply == "bad";
}

int main() {
    int t;
    std::cin >> t;
    while (t--) {
        long long n;
        std::cin >> n;
        // TODO: find the first bad commit with at most ceil(log2(n)) calls to ask()
        long long answer = n;
        std::cout << "! " << answer << std::endl;
    }
}
