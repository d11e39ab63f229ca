#include "query_understanding.h"

#include <algorithm>
#include <cctype>

#include "schema.h"

namespace kb {

namespace {

// The longest thesaurus member or facet phrase, in words.
constexpr std::size_t MAX_PHRASE_WORDS = 8;

bool all_digits(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string joined(const std::vector<std::string>& words, std::size_t from, std::size_t count) {
    std::string out;
    for (std::size_t k = from; k < from + count; ++k) out += (k > from ? " " : "") + words[k];
    return out;
}

// A facet value named in the query: the phrase keys that name it, from the lexicon and, for
// countries, from the index's own values ("russian federation", "colombia"). A country's
// value as notes write it is read (from a note) only when the query names it.
struct PhraseTarget {
    std::string facet, value;
    std::string term;  // the filter term, when `value` is still to be read
};

struct PhraseTable {
    std::map<std::string, std::vector<PhraseTarget>> by_key;
    std::size_t longest = 1;

    void add(const std::string& key, PhraseTarget target) {
        by_key[key].push_back(std::move(target));
        longest = std::max<std::size_t>(longest, 1 + static_cast<std::size_t>(std::count(key.begin(), key.end(), ' ')));
    }
};

// The value of `facet` as the notes write it, for a term of the index ("XCrussian-federation"
// -> "Russian Federation"), read from a note that has it.
std::string value_of_term(const Xapian::Database& db, const Facet& facet, const std::string& term) {
    auto p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return {};
    const std::string wanted = term.substr(std::string(facet.prefix).size());
    for (const auto& v : unpack_values(db.get_document(*p).get_value(facet.slot)))
        if (facet_term_value(v) == wanted) return v;
    return {};
}

PhraseTable phrase_table(const UnderstandingContext& ctx) {
    PhraseTable table;
    auto has_notes = [&](const std::string& facet, const std::string& value) {
        const Facet* f = find_facet(facet);
        return f && ctx.db.term_exists(facet_term(*f, value));
    };
    for (const auto& p : ctx.lexicon.phrases)
        if (!ctx.filtered.count(p.facet) && has_notes(p.facet, p.value)) table.add(p.key, {p.facet, p.value, {}});
    if (const Facet* country = find_facet("country"); country && !ctx.filtered.count("country")) {
        // The term holds the value's words joined by '-': their phrase key is the value's.
        const std::string prefix = country->prefix;
        for (auto t = ctx.db.allterms_begin(prefix); t != ctx.db.allterms_end(prefix); ++t) {
            std::string words = (*t).substr(prefix.size());
            std::replace(words.begin(), words.end(), '-', ' ');
            table.add(phrase_key(words), {"country", {}, *t});
        }
    }
    return table;
}

class Understander {
public:
    Understander(const std::string& q, const UnderstandingContext& ctx)
        : q_(q), ctx_(ctx), words_(text_words(q)), phrases_(phrase_table(ctx)) {
        // Matching compares English stems of unaccented words on both sides, so "legal
        // persons" meets the member "legal person". (A Stem is not shared between threads.)
        const Xapian::Stem stem_key("english");
        for (const auto& w : words_) {
            keys_.push_back(w.key);
            stems_.push_back(stem_key(w.key));
        }
        // Words the reader asked to keep as words (a removed chip): no part of them names
        // a filter, not "Asia-Pacific" inside "Asia-Pacific Group" either.
        plain_.assign(words_.size(), false);
        for (std::size_t i = 0; i < words_.size(); ++i)
            for (std::size_t len = 1; i + len <= words_.size() && len <= MAX_PHRASE_WORDS; ++len)
                if (ctx_.literal.count(joined(keys_, i, len)))
                    std::fill(plain_.begin() + static_cast<std::ptrdiff_t>(i),
                              plain_.begin() + static_cast<std::ptrdiff_t>(i + len), true);
    }

    UnderstoodQuery run() {
        UnderstoodQuery out;
        out.language = ctx_.lexicon.language_of(words_);
        for (std::size_t i = 0; i < words_.size();) {
            if (std::size_t next = article_at(i, out); next > i) {
                i = next;
                continue;
            }
            if (std::size_t next = phrase_at(i, out); next > i) {
                i = next;
                continue;
            }
            if (ctx_.lexicon.is_stopword(keys_[i])) {
                out.stopped.push_back(words_[i].lower);
            } else {
                out.units.push_back({typed(i, i + 1), {{words_[i].lower}}, false});
            }
            ++i;
        }
        return out;
    }

private:
    std::string typed(std::size_t from, std::size_t to) const {
        return q_.substr(words_[from].begin, words_[to - 1].end - words_[from].begin);
    }

    // The convention named at word i ("uncac", "convention against corruption"): its name and
    // length in words, or length 0.
    std::pair<std::string, std::size_t> convention_at(std::size_t i) const {
        std::pair<std::string, std::size_t> best{"", 0};
        for (const auto& [key, name] : ctx_.lexicon.conventions) {
            const std::size_t len = 1 + static_cast<std::size_t>(std::count(key.begin(), key.end(), ' '));
            if (len > best.second && i + len <= keys_.size() && joined(keys_, i, len) == key) best = {name, len};
        }
        return best;
    }

    // An article reference at word i: "UNCAC 46", "UNTOC art. 18", "article 46(9)(b) of
    // UNCAC", "art 57". Returns the word after it (i when there is none).
    std::size_t article_at(std::size_t i, UnderstoodQuery& out) const {
        if (ctx_.filtered.count("article") || plain_[i]) return i;
        auto [convention, len] = convention_at(i);
        std::size_t j = i + len;
        const bool article_word = j < keys_.size() && ctx_.lexicon.article_words.count(keys_[j]);
        if (article_word) ++j;
        if (j >= keys_.size() || !all_digits(keys_[j]) || (convention.empty() && !article_word)) return i;
        const std::string number = keys_[j++];
        std::size_t end = words_[j - 1].end;
        // Paragraph and subparagraph: "46(9)(b)".
        while (j < words_.size() && words_[j].begin > 0 && q_[words_[j].begin - 1] == '(' &&
               words_[j].end < q_.size() && q_[words_[j].end] == ')') {
            end = words_[j].end + 1;
            ++j;
        }
        if (convention.empty()) {
            std::size_t k = j;
            static const std::set<std::string> linking = {"of", "the", "de", "la", "del", "du", "l"};
            while (k < keys_.size() && linking.count(keys_[k])) ++k;
            if (auto [name, n] = convention_at(k); n > 0) {
                convention = name;
                j = k + n;
                end = words_[j - 1].end;
            }
        }
        const std::string phrase = q_.substr(words_[i].begin, end - words_[i].begin);
        if (plain_[j - 1]) return i;
        const Facet* facet = find_facet("article");
        std::vector<std::string> values;
        for (const std::string c : {"UNCAC", "UNTOC"})
            if ((convention.empty() || convention == c) && ctx_.db.term_exists(facet_term(*facet, c + " " + number)))
                values.push_back(c + " " + number);
        if (values.empty()) return i;
        for (const auto& v : values) out.understood.push_back({"article", v, phrase});
        return j;
    }

    // The longest facet phrase or thesaurus member at word i (a facet phrase first at equal
    // length). Returns the word after it (i when there is none).
    std::size_t phrase_at(std::size_t i, UnderstoodQuery& out) const {
        const std::size_t longest = std::min({std::max(phrases_.longest, ctx_.thesaurus.longest()), MAX_PHRASE_WORDS,
                                              words_.size() - i});
        for (std::size_t len = longest; len >= 1; --len) {
            const std::string key = joined(keys_, i, len);
            if (auto it = phrases_.by_key.find(key); it != phrases_.by_key.end() && !plain_[i] && !plain_[i + len - 1]) {
                const std::size_t before = out.understood.size();
                for (const auto& target : it->second) {
                    const std::string value = target.value.empty()
                                                  ? value_of_term(ctx_.db, *find_facet(target.facet), target.term)
                                                  : target.value;
                    if (!value.empty()) out.understood.push_back({target.facet, value, typed(i, i + len)});
                }
                if (out.understood.size() > before) return i + len;
            }
            // A member spans from a meaningful word to a meaningful word; stop words between
            // are not compared.
            const bool stop_first = ctx_.lexicon.is_stopword(keys_[i]), stop_last = ctx_.lexicon.is_stopword(keys_[i + len - 1]);
            if (len > 1 && (stop_first || stop_last)) continue;
            std::vector<std::string> stems;
            for (std::size_t k = i; k < i + len; ++k)
                if (len == 1 || !ctx_.lexicon.is_stopword(keys_[k])) stems.push_back(stems_[k]);
            if (const auto* group = ctx_.thesaurus.find(stems)) {
                QueryUnit unit{typed(i, i + len), {}, true};
                std::vector<std::string> own;
                for (std::size_t k = i; k < i + len; ++k) own.push_back(words_[k].lower);
                unit.alternatives.push_back(own);
                // Members with the typed words' own stems ("central authority" for "central
                // authorities") add nothing the typed words do not match.
                const Xapian::Stem stem_key("english");
                for (const auto& member : *group) {
                    std::vector<std::string> alt, member_stems;
                    for (const auto& w : text_words(member)) {
                        alt.push_back(w.lower);
                        if (!ctx_.lexicon.is_stopword(w.key) || text_words(member).size() == 1) member_stems.push_back(stem_key(w.key));
                    }
                    if (!alt.empty() && alt != own && member_stems != stems) unit.alternatives.push_back(std::move(alt));
                }
                out.units.push_back(std::move(unit));
                return i + len;
            }
        }
        return i;
    }

    const std::string& q_;
    const UnderstandingContext& ctx_;
    std::vector<TextWord> words_;
    std::vector<std::string> keys_, stems_;
    std::vector<bool> plain_;  // per word: inside a phrase to keep as words
    PhraseTable phrases_;
};

}  // namespace

Thesaurus::Thesaurus(const std::vector<std::vector<std::string>>& groups, const QueryLexicon& lexicon)
    : groups_(groups) {
    const Xapian::Stem stem_key("english");
    for (const auto& g : groups_)
        for (const auto& member : g) {
            std::vector<std::string> stems;
            const auto words = text_words(member);
            for (const auto& w : words)
                if (words.size() == 1 || !lexicon.is_stopword(w.key)) stems.push_back(stem_key(w.key));
            if (stems.empty()) continue;
            longest_ = std::max(longest_, stems.size());
            members_.emplace(joined(stems, 0, stems.size()), &g);
        }
}

const std::vector<std::string>* Thesaurus::find(const std::vector<std::string>& stems) const {
    auto it = members_.find(joined(stems, 0, stems.size()));
    return it == members_.end() ? nullptr : it->second;
}

bool has_explicit_syntax(const std::string& q) {
    if (q.find('"') != std::string::npos || q.find('*') != std::string::npos) return true;
    static const std::set<std::string> operators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (const auto& w : text_words(q)) {
        if (operators.count(q.substr(w.begin, w.end - w.begin))) return true;
        if (w.end < q.size() && q[w.end] == ':' && (w.key == "title" || find_facet(w.key))) return true;
        const bool at_start = w.begin == 1 || (w.begin > 1 && std::isspace(static_cast<unsigned char>(q[w.begin - 2])));
        if (at_start && (q[w.begin - 1] == '+' || q[w.begin - 1] == '-')) return true;
    }
    return false;
}

UnderstoodQuery understand_query(const std::string& query, const UnderstandingContext& context) {
    if (has_explicit_syntax(query)) {
        UnderstoodQuery out;
        out.explicit_syntax = true;
        return out;
    }
    return Understander(query, context).run();
}

}  // namespace kb
