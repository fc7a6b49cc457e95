#include <iostream>
#include <iterator>
#include <string>

int main() {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    long line = 1, col = 0;
    for (char ch : text) {
        if (ch == '\n') {
            ++line;
            col = 0;
            continue;
        }
        ++col;
        // TODO: strings, comments and brackets; print the first problem and return
    }
    std::cout << "OK\n";
}
