// Search: the one implementation behind kb-search, the HTTP API and the web UI. Validates a
// request, runs it against Xapian (query parsing, synonyms, filters, disjunctive facet
// counts, snippets, spelling suggestion) and returns the API's JSON shape (PRODUCT.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "result.h"

namespace kb {

// Limits that keep every request cheap and every response bounded.
inline constexpr std::size_t MAX_QUERY_BYTES = 2048;
inline constexpr std::size_t MAX_FILTER_VALUES = 50;
inline constexpr std::size_t MAX_FILTER_VALUE_BYTES = 200;
inline constexpr int MAX_PAGE_SIZE = 100;
inline constexpr int MAX_PAGE = 1000;
inline constexpr int DEFAULT_PAGE_SIZE = 10;

struct SearchRequest {
    std::string q;
    // facet name -> selected values (OR within a facet, AND across facets)
    std::vector<std::pair<std::string, std::vector<std::string>>> filters;
    int page = 1;
    int size = DEFAULT_PAGE_SIZE;
    std::string sort;  // "relevance" or "date"; empty: relevance with a query, else date
    // "Include corresponding articles": each selected article also matches its counterparts
    // in the other Convention (from the concordance stored in the index).
    bool corresponding = false;
    // ISO 639-1 code of the searcher's language (the web UI's `lang`): the query is also
    // stemmed with that language's stemmer, so "autorités" finds a French note's
    // "autorité". Empty or "en": English stems only.
    std::string lang;
    // Phrases the searcher asked to keep as plain words rather than as filters (a removed
    // "Understood: Region = Asia-Pacific Group" chip: `literal=Asia-Pacific`).
    std::vector<std::string> literal;
    // false: search the words as typed, even those no note holds (`spelling=0`, "Search
    // instead for ...").
    bool spelling = true;
};

// From URL-style parameters (q, page, size, sort, and a facet name per filter value).
// Unknown parameters and out-of-range numbers are errors naming the parameter.
Result<SearchRequest> parse_search_request(const std::vector<std::pair<std::string, std::string>>& params);

class FacetTable;
class Concordance;

// The selected articles of `request` widened to their counterparts when
// request.corresponding: selected article -> counterparts added (those not selected
// already). Empty when not widening.
std::vector<std::pair<std::string, std::vector<std::string>>> widened_articles(const SearchRequest& request,
                                                                               const Concordance& concordance);

// The query `request` runs: its text (parsed as search() does) filtered by every facet
// selection, the article selection widened as above. A query the parser cannot
// understand is a 400 Error. For callers that count over the matches themselves (matrix).
Result<Xapian::Query> request_query(const Xapian::Database& db, const SearchRequest& request);

// Runs the search. Errors (a query Xapian cannot parse) come back as a 400 Error.
// With a FacetTable built from this very Database handle (see facet_table.h), facet
// counting is much faster; without one (or for remote shards) Xapian's value spies count.
Result<nlohmann::json> search(const Xapian::Database& db, const SearchRequest& request,
                              const FacetTable* table = nullptr);

}  // namespace kb
