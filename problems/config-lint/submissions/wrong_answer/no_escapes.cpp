// Ends a string at ANY double quote: "a \" ( b" is read as the string "a \", then ( is counted.
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

int main() {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    struct Open { char c; long line, col; };
    std::vector<Open> st;
    long line = 1, col = 0, stringAt = 0;
    bool comment = false;
    auto closer = [](char c) { return c == '(' ? ')' : c == '[' ? ']' : '}'; };
    for (size_t i = 0; i <= text.size(); ++i) {
        char ch = i < text.size() ? text[i] : '\n';
        if (ch == '\n') {
            if (stringAt) { std::cout << "line " << line << " col " << stringAt << ": unterminated string\n"; return 0; }
            ++line; col = 0; comment = false;
            continue;
        }
        ++col;
        if (comment) continue;
        if (stringAt) { if (ch == '"') stringAt = 0; continue; }
        if (ch == '"') stringAt = col;
        else if (ch == '#') comment = true;
        else if (ch == '(' || ch == '[' || ch == '{') st.push_back({ch, line, col});
        else if (ch == ')' || ch == ']' || ch == '}') {
            if (st.empty()) { std::cout << "line " << line << " col " << col << ": unexpected '" << ch << "'\n"; return 0; }
            if (closer(st.back().c) != ch) {
                std::cout << "line " << line << " col " << col << ": expected '" << closer(st.back().c) << "' but found '" << ch << "'\n";
                return 0;
            }
            st.pop_back();
        }
    }
    if (!st.empty()) { std::cout << "line " << st.back().line << " col " << st.back().col << ": unclosed '" << st.back().c << "'\n"; return 0; }
    std::cout << "OK\n";
}
