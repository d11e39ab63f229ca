// One convention article as a page: its title from the concordance, its counterparts in
// the other Convention, and every note tagged with it, grouped by type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "result.h"

namespace kb {

// "UNCAC-46", "UNCAC 46", "uncac_46", "UNCAC46" -> "UNCAC 46"; nullopt when it is not
// an article id of either Convention.
std::optional<std::string> canonical_article_id(std::string_view text);

// The article as JSON:
//   {"id":"UNCAC 46","title","convention":"UNCAC","number":46,
//    "counterparts":[{"id","title","count"}],       count: notes tagged with it
//    "total": notes tagged with this article,
//    "total_with_counterparts": notes tagged with it or a counterpart,
//    "groups":[{"type","label","count","notes":[{"id","title","type","date"}]}]}
// groups: finding, practice, handbook, tool, in that order, always all four (count may be
// 0); notes newest first; the counts sum to total. An article neither in the concordance
// nor on any note is an Error with http_status 404 naming it.
Result<nlohmann::json> article_view(const Xapian::Database& db, std::string_view id);

}  // namespace kb
