// The coverage matrix: how many notes of a search fall under each pair of values of two
// facets (rows x columns), e.g. article x region, with row and column totals. Counted
// exactly over every matching note, from the FacetTable when there is one, else from the
// notes' value slots.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "result.h"
#include "search.h"

namespace kb {

class FacetTable;

struct MatrixRequest {
    SearchRequest search;  // q, the facet filters and `corresponding`; page, size, sort unused
    std::string rows = "article";
    std::string cols = "region";
};

// From URL-style parameters: rows, cols (facet names; defaults article and region) and
// the search parameters q, corresponding and one per facet. page, size and sort do not
// apply and are errors, as are unknown parameters; every error names the parameter.
Result<MatrixRequest> parse_matrix_request(const std::vector<std::pair<std::string, std::string>>& params);

// Counts over the notes the search matches (its text and every filter):
//   {"query", "filters", "corresponding", "widened",
//    "rows": {"facet","label","values":[{"value","total"[,"title"]}]},
//    "cols": {...same...},
//    "cells": [[count per column] per row],
//    "total": notes matched,
//    "overlap": true when a note can fall in several cells (a multi-valued facet)}
// An axis facet the search filters on shows only its selected values (the article
// selection widened when `corresponding`); otherwise every value the matches hold. A row
// total is the number of distinct matching notes with that row value (those without any
// column value included), likewise a column total; so a cell, a row total and a column
// total each equal the total of the search with that value (and that column value) as the
// axis filters.
Result<nlohmann::json> matrix(const Xapian::Database& db, const MatrixRequest& request,
                              const FacetTable* table = nullptr);

}  // namespace kb
