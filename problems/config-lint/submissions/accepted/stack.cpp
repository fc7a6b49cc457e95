#include <iostream>
#include <iterator>
#include <string>
#include <vector>

struct Open {
    char bracket;
    long line, col;
};

static char closer(char open) { return open == '(' ? ')' : open == '[' ? ']' : '}'; }

int main() {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    std::vector<Open> stack;
    long line = 1, col = 0, stringAt = 0;
    bool escaped = false, comment = false;
    for (size_t i = 0; i <= text.size(); ++i) {
        char ch = i < text.size() ? text[i] : '\n';
        if (ch == '\n') {
            if (stringAt) {
                std::cout << "line " << line << " col " << stringAt << ": unterminated string\n";
                return 0;
            }
            ++line;
            col = 0;
            comment = escaped = false;
            continue;
        }
        ++col;
        if (comment) continue;
        if (stringAt) {
            if (escaped) escaped = false;
            else if (ch == '\\') escaped = true;
            else if (ch == '"') stringAt = 0;
        } else if (ch == '"') {
            stringAt = col;
        } else if (ch == '#') {
            comment = true;
        } else if (ch == '(' || ch == '[' || ch == '{') {
            stack.push_back({ch, line, col});
        } else if (ch == ')' || ch == ']' || ch == '}') {
            if (stack.empty()) {
                std::cout << "line " << line << " col " << col << ": unexpected '" << ch << "'\n";
                return 0;
            }
            if (closer(stack.back().bracket) != ch) {
                std::cout << "line " << line << " col " << col << ": expected '" << closer(stack.back().bracket)
                          << "' but found '" << ch << "'\n";
                return 0;
            }
            stack.pop_back();
        }
    }
    if (!stack.empty()) {
        const Open& o = stack.back();
        std::cout << "line " << o.line << " col " << o.col << ": unclosed '" << o.bracket << "'\n";
        return 0;
    }
    std::cout << "OK\n";
}
