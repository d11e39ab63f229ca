// The project's version (set once, in the top-level CMakeLists.txt).
#pragma once

namespace kb {
const char* version();
}
