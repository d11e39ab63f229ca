#include "language.h"

#include <map>

namespace kb {

std::string stemmer_name(const std::string& language) {
    static const std::map<std::string, std::string> names = {
        {"en", "english"}, {"fr", "french"},  {"es", "spanish"},    {"ar", "arabic"},
        {"ru", "russian"}, {"de", "german"},  {"it", "italian"},    {"pt", "portuguese"},
        {"nl", "dutch"},
    };
    auto it = names.find(language);
    return it == names.end() ? std::string() : it->second;
}

}  // namespace kb
