#include "query_rewriter.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace kb {

std::vector<std::vector<std::string>> synonym_groups(const Xapian::Database& db) {
    std::vector<std::vector<std::string>> groups;
    std::set<std::string> seen;
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
        if (seen.count(*k)) continue;
        std::vector<std::string> group{*k};
        for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s) group.push_back(*s);
        for (const auto& m : group) seen.insert(m);
        groups.push_back(std::move(group));
    }
    return groups;
}

namespace {

struct Word {
    size_t begin, end;  // byte range in the query
    std::string lower;
    bool free;          // may be rewritten: not quoted, not prefixed, not an operator
};

bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
           c == '\'' || c == '-';
}

std::vector<Word> split_words(const std::string& q) {
    std::vector<Word> words;
    bool quoted = false;
    size_t i = 0;
    while (i < q.size()) {
        const unsigned char c = static_cast<unsigned char>(q[i]);
        if (c == '"') {
            quoted = !quoted;
            ++i;
            continue;
        }
        if (!is_word_byte(c)) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < q.size() && is_word_byte(static_cast<unsigned char>(q[j]))) ++j;
        Word w{i, j, q.substr(i, j - i), !quoted};
        const bool prefixed = j < q.size() && q[j] == ':';
        const bool after_prefix = i > 0 && q[i - 1] == ':';
        const bool signed_word = i > 0 && (q[i - 1] == '+' || q[i - 1] == '-');
        if (prefixed || after_prefix || signed_word || w.lower == "AND" || w.lower == "OR" ||
            w.lower == "NOT" || w.lower == "XOR" || w.lower == "NEAR" || w.lower == "ADJ")
            w.free = false;
        std::transform(w.lower.begin(), w.lower.end(), w.lower.begin(),
                       [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
        words.push_back(std::move(w));
        i = j;
    }
    return words;
}

std::string quoted_if_phrase(const std::string& s) {
    return s.find(' ') == std::string::npos ? s : "\"" + s + "\"";
}

}  // namespace

std::string expand_synonyms(const std::string& query,
                            const std::vector<std::vector<std::string>>& groups) {
    if (groups.empty()) return query;
    // member (as a word sequence) -> its group
    std::map<std::string, const std::vector<std::string>*> members;
    size_t longest = 1;
    for (const auto& g : groups)
        for (const auto& m : g) {
            members.emplace(m, &g);
            longest = std::max<size_t>(longest, 1 + static_cast<size_t>(std::count(m.begin(), m.end(), ' ')));
        }

    const std::vector<Word> words = split_words(query);
    std::string out;
    size_t copied = 0;
    for (size_t i = 0; i < words.size();) {
        size_t matched = 0;
        const std::vector<std::string>* group = nullptr;
        for (size_t n = std::min(longest, words.size() - i); n >= 1 && !group; --n) {
            std::string phrase;
            bool all_free = true;
            for (size_t k = 0; k < n; ++k) {
                all_free = all_free && words[i + k].free;
                phrase += (k ? " " : "") + words[i + k].lower;
            }
            if (!all_free) continue;
            auto it = members.find(phrase);
            if (it != members.end()) {
                group = it->second;
                matched = n;
            }
        }
        if (!group) {
            ++i;
            continue;
        }
        out += query.substr(copied, words[i].begin - copied);
        out += "(";
        for (size_t k = 0; k < group->size(); ++k) out += (k ? " OR " : "") + quoted_if_phrase((*group)[k]);
        out += ")";
        copied = words[i + matched - 1].end;
        i += matched;
    }
    out += query.substr(copied);
    return out;
}

}  // namespace kb

namespace kb {

std::string lowercase_query_words(const std::string& query) {
    static const char* operators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    std::string out = query;
    size_t i = 0;
    while (i < out.size()) {
        if (!std::isalpha(static_cast<unsigned char>(out[i]))) {
            ++i;
            continue;
        }
        size_t j = i;
        while (j < out.size() && std::isalpha(static_cast<unsigned char>(out[j]))) ++j;
        const std::string word = out.substr(i, j - i);
        const bool op = std::find(std::begin(operators), std::end(operators), word) != std::end(operators);
        if (!op)
            for (size_t k = i; k < j; ++k) out[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[k])));
        i = j;
    }
    return out;
}

}  // namespace kb
