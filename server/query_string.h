// URL query strings: parsed as browsers send them (form encoding: '+' is a space), and
// built back for links, so a page's URL always carries the whole search state.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "search.h"

namespace kb::server {

using Params = std::vector<std::pair<std::string, std::string>>;

// The parameters of a request target ("/search?q=a+b&region=x"), in order, decoded.
// A malformed escape ("%zz") is kept as written; names and values are not validated here.
Params parse_query_string(std::string_view target);

// Percent-encodes everything but unreserved characters (RFC 3986), spaces as '+'.
std::string encode_component(std::string_view text);

// Percent-encodes a path segment (spaces as %20).
std::string encode_path_segment(std::string_view text);

// "/search?q=...&article=...&sort=...&size=...&page=..." for a request, in one canonical
// order (facets in schema order); defaults are left out.
std::string search_url(const SearchRequest& request);

// Copies of `request` changed in one way, for links.
SearchRequest with_filter(SearchRequest request, const std::string& facet, const std::string& value);
SearchRequest without_filter(SearchRequest request, const std::string& facet, const std::string& value);
SearchRequest with_page(SearchRequest request, int page);

}  // namespace kb::server
