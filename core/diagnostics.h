// Problems found in input files, reported as "path:line: message" (the compiler convention,
// so editors can jump to them).
#pragma once

#include <string>
#include <vector>

namespace kb {

struct Problem {
    std::string path;
    int line = 0;  // 1-based; 0 when the problem is about the whole file
    std::string message;
    std::string to_string() const {
        return path + ":" + std::to_string(line > 0 ? line : 1) + ": " + message;
    }
};

using Problems = std::vector<Problem>;

}  // namespace kb
