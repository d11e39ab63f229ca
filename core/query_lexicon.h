// The query lexicon: stop words and the phrases that name facet values (regions, countries,
// types, the Conventions), read from content/query_lexicon.yaml and stored in the index, and
// the one word normalisation that query understanding, synonyms and phrases all match with.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "diagnostics.h"

namespace kb {

// A word of typed text: its byte range in the text and its matching key (lower case, accents
// removed: "Extradición" -> "extradicion"). Words are runs of letters and digits; elisions
// ("l'entraide") and hyphens ("asia-pacific") split words.
struct TextWord {
    std::size_t begin = 0, end = 0;
    std::string lower;  // lower case, accents kept: what the index's terms hold
    std::string key;    // lower case, accents removed: what matching compares
};
std::vector<TextWord> text_words(std::string_view text);
// The keys of text_words(text), joined by single spaces: "Asia-Pacific Group" -> "asia pacific group".
std::string phrase_key(std::string_view text);

// A phrase that names one facet value ("grulac" -> region "Latin American and Caribbean Group").
struct FacetPhrase {
    std::string facet;  // "region", "country", "type"
    std::string value;  // the facet value, as notes write it
    std::string key;    // phrase_key of the phrase
};

struct QueryLexicon {
    std::map<std::string, std::set<std::string>> stopwords;  // language -> keys
    std::set<std::string> article_words;                     // keys: "article", "art"
    std::vector<std::pair<std::string, std::string>> conventions;  // (phrase key, "UNCAC")
    std::vector<FacetPhrase> phrases;

    // A stop word of any language: queries mix them ("extradition de nacionales").
    bool is_stopword(const std::string& key) const;
    // The language whose stop words the words hold most of, when that is not English
    // (more French than English stop words: "fr"); empty otherwise.
    std::string language_of(const std::vector<TextWord>& words) const;
    nlohmann::json to_json() const;
    static QueryLexicon from_json(const nlohmann::json& j);
};

// Reads content/query_lexicon.yaml (an absent file: an empty lexicon). `regions` and
// `types` are the values a phrase may name; problems carry file and line.
QueryLexicon load_query_lexicon(const std::filesystem::path& file, const std::vector<std::string>& regions,
                                std::string& bytes, Problems& problems);

// The lexicon stored in an index (empty for an index built without one).
QueryLexicon stored_query_lexicon(const Xapian::Database& db);

}  // namespace kb
