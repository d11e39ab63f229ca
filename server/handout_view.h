// The handout page's view model (GET /handout): the notes in order with their metadata, the
// ids not found, the references, and the links that reorder, remove and export. Every link
// and button already carries the whole handout in its URL, so the page works without
// JavaScript; kb.js does the same in place and keeps the URL in sync.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "handout.h"

namespace kb::server {

// "/handout?ids=a,b&title=T" (PATH: /handout, /handout.md, /handout.html, /handout/print,
// /api/handout); each id percent-encoded, the commas kept; no title when it is empty.
std::string handout_url(const std::string& path, const std::vector<std::string>& ids, const std::string& title);

// `title` is the title as asked (empty: none given); `handout` what the index holds.
// `ids_given` says whether the URL had an ids parameter at all (a bare /handout is the
// browser's own handout, which the script fills in).
nlohmann::json handout_page_view(const Handout& handout, const std::string& title, bool ids_given);

}  // namespace kb::server
