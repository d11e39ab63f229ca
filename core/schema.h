// The index schema: every Xapian term prefix and value slot, in one table both the indexer
// and the searchers read. Nothing else in the project hard-codes a prefix or a slot.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kb {

// Value slots. Each comment says how the value is encoded.
enum Slot : unsigned {
    SLOT_DATE = 0,      // "YYYYMMDD": sorts as a string, newest last
    SLOT_TYPE = 1,      // the type, as written ("practice")
    SLOT_ARTICLE = 2,   // pack_values(articles as written: "UNCAC 46")
    SLOT_REGION = 3,    // pack_values(regions as written)
    SLOT_TOPIC = 4,     // pack_values(topics as written)
    SLOT_COUNTRY = 5,   // pack_values(countries as written)
    SLOT_YEAR = 6,      // "YYYY"
    SLOT_LANGUAGE = 7,  // ISO 639-1 code ("en")
    SLOT_PATH = 8,      // source file path relative to the content directory
    SLOT_HASH = 9,      // hex FNV-1a 64 of the file bytes, for incremental runs
    SLOT_ID = 10,       // the note's id (also the Q term)
};

// Term prefixes (Xapian conventions: Q unique id, S title; X... our own facets).
inline constexpr const char* PREFIX_ID = "Q";     // Q<id>: one per document, for replace
inline constexpr const char* PREFIX_TITLE = "S";  // title words, free text (also unprefixed)

// A facet: a metadata field a search can filter on and count.
struct Facet {
    const char* name;    // URL/CLI parameter and query-parser field: "article"
    const char* prefix;  // boolean term prefix: prefix + facet_term_value(value)
    Slot slot;           // value slot holding the value(s) for counting
    bool multi;          // several values per document (packed in the slot)
    const char* label;   // human label: "Article"
};

// All facets, in display order: article, region, topic, type, country, year, language.
const std::vector<Facet>& facets();
// The facet called `name`, or nullptr.
const Facet* find_facet(std::string_view name);

// Normalised form of a facet value used in terms: lower case, runs of anything but
// ASCII letters and digits become one '-' ("UNCAC 46" -> "uncac-46"). UTF-8 letters are
// kept as they are, so "Côte d'Ivoire" -> "côte-d-ivoire".
std::string facet_term_value(std::string_view value);
// The boolean filter term for one facet value: "XA" + "uncac-46".
std::string facet_term(const Facet& facet, std::string_view value);

// Multi-valued slots hold values joined by a unit separator (never in our values).
std::string pack_values(const std::vector<std::string>& values);
std::vector<std::string> unpack_values(std::string_view packed);

// Bumped whenever the mapping above changes: an index with another version is rebuilt.
inline constexpr int SCHEMA_VERSION = 1;

// Database metadata keys.
inline constexpr const char* META_SCHEMA = "kb:schema";        // SCHEMA_VERSION
inline constexpr const char* META_VOCAB_HASH = "kb:vocab-hash";  // hash of vocabulary files
inline constexpr const char* META_CONCORDANCE = "kb:concordance";  // JSON of the concordance
inline constexpr const char* META_QUERY_LEXICON = "kb:query-lexicon";  // JSON of QueryLexicon

}  // namespace kb
