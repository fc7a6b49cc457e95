#include <stdio.h>
#include <stdlib.h>

int main(void) {
    size_t cap = 1 << 20, len = 0;
    char *text = malloc(cap);
    size_t got;
    while ((got = fread(text + len, 1, cap - len, stdin)) > 0) {
        len += got;
        if (len == cap) text = realloc(text, cap *= 2);
    }
    long line = 1, col = 0;
    for (size_t i = 0; i < len; ++i) {
        char ch = text[i];
        if (ch == '\n') {
            ++line;
            col = 0;
            continue;
        }
        ++col;
        /* TODO: strings, comments and brackets; print the first problem and return */
    }
    puts("OK");
    free(text);
    return 0;
}
