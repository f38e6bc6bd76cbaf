#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

// A property a fuzz target holds for every input. When it fails the target stops
// with the message, and libFuzzer keeps the input as a crash to reproduce.
#define MOLAR_FUZZ_CHECK(condition, message)                                                                 \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "fuzz property failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, message,    \
                         #condition);                                                                        \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

namespace molar::test {

// A fuzz input read as `count` lines: the first count - 1 end at a newline, the last takes
// the rest of the input, newlines and all; missing lines are empty.
inline std::vector<std::string> fuzzInputLines(const std::string& input, std::size_t count)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (lines.size() + 1 < count) {
        const auto end = input.find('\n', start);
        if (end == std::string::npos)
            break;
        lines.push_back(input.substr(start, end - start));
        start = end + 1;
    }
    lines.push_back(start <= input.size() ? input.substr(start) : std::string());
    lines.resize(count);
    return lines;
}

} // namespace molar::test
