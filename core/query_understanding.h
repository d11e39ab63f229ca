// Query understanding: what a typed query means before it is matched. Splits free text into
// meaningful units (words, and thesaurus phrases matched by their stems: "own citizens" is
// one unit that "nationals" also satisfies), drops stop words, and recognises phrases that
// name a facet value ("Asia-Pacific", "UNCAC art. 46", "findings") as filters. Queries with
// explicit syntax (quotes, AND/OR/NOT, +/-, field:, wildcards) are left to Xapian's parser.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "query_lexicon.h"

namespace kb {

// A filter read from the query's words: "Understood: Region = Asia-Pacific Group".
struct Understood {
    std::string facet;   // "region"
    std::string value;   // "Asia-Pacific Group"
    std::string phrase;  // as typed: "Asia-Pacific"
};

// One meaningful part of the query, satisfied by any of its alternatives; an alternative is
// a sequence of lower-case words that a note must all hold.
struct QueryUnit {
    std::string text;  // as typed: "own citizens"
    std::vector<std::vector<std::string>> alternatives;
    bool from_thesaurus = false;  // matched a synonym group (never spell-corrected)
};

struct UnderstoodQuery {
    bool explicit_syntax = false;  // quotes, operators, signs, field prefixes or wildcards
    std::vector<QueryUnit> units;  // in query order; empty for explicit syntax
    std::vector<Understood> understood;
    std::vector<std::string> stopped;  // words dropped as carrying no meaning
    std::string language;              // "fr", "es" when its stop words say so; else empty
};

// Synonym groups prepared for matching by the stems of their words other than stop words
// (content/synonyms.yaml, as stored): "recouvrement des avoirs" meets "recouvrement
// d'avoirs", "transfer of sentenced prisoners" meets "transfer of sentenced prisoners".
class Thesaurus {
public:
    Thesaurus() = default;
    Thesaurus(const std::vector<std::vector<std::string>>& groups, const QueryLexicon& lexicon);
    // The group whose member's meaningful stemmed words are `stems`, or nullptr.
    const std::vector<std::string>* find(const std::vector<std::string>& stems) const;
    std::size_t longest() const { return longest_; }

private:
    std::map<std::string, const std::vector<std::string>*> members_;  // joined stems -> group
    std::vector<std::vector<std::string>> groups_;
    std::size_t longest_ = 1;
};

// What understanding reads besides the query.
struct UnderstandingContext {
    const QueryLexicon& lexicon;
    const Thesaurus& thesaurus;
    const Xapian::Database& db;           // facet values are recognised only where notes have them
    std::set<std::string> literal;        // phrase keys the reader asked to keep as words
    std::set<std::string> filtered;       // facets the request filters already: not recognised
};

UnderstoodQuery understand_query(const std::string& query, const UnderstandingContext& context);

// True when `query` uses Xapian query syntax a reader typed on purpose.
bool has_explicit_syntax(const std::string& query);

}  // namespace kb
