#include "language.h"

#include <algorithm>
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

namespace kb {

std::string split_elisions(const std::string& text) {
    static const std::string kCurly = "\xE2\x80\x99";  // ’
    std::string out;
    out.reserve(text.size());
    auto is_letter = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; };
    for (size_t i = 0; i < text.size(); ++i) {
        const size_t apos_len = text[i] == '\'' ? 1 : text.compare(i, 3, kCurly) == 0 ? 3 : 0;
        if (apos_len == 0) {
            out += text[i];
            continue;
        }
        // The word before the apostrophe: one of the elided forms, starting a word.
        size_t start = i;
        while (start > 0 && is_letter(static_cast<unsigned char>(text[start - 1]))) --start;
        std::string before = text.substr(start, i - start);
        for (auto& c : before) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        static const char* elided[] = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "un", "dell", "nell", "all", "dall", "sull"};
        const bool elision = std::find(std::begin(elided), std::end(elided), before) != std::end(elided);
        const bool letter_after = i + apos_len < text.size() && is_letter(static_cast<unsigned char>(text[i + apos_len]));
        if (elision && letter_after) {
            out += ' ';
            i += apos_len - 1;
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace kb
