// View models of the web UI's pages: plain JSON built from what kb::search and
// kb::document_view return, with every link the page needs already made. Templates only
// lay them out.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "search.h"
#include "vocabulary.h"

namespace kb::server {

// GET /: search box; browse by article (with titles), region, topic and type, with counts;
// the newest notes. `browse` is kb::search's result for an empty request.
nlohmann::json home_view(const nlohmann::json& browse, const Concordance& concordance);

// GET /search: `result` is kb::search(request).
nlohmann::json results_view(const SearchRequest& request, const nlohmann::json& result,
                            const Concordance& concordance);

// GET /doc/{id}: `doc` is kb::document_view's JSON.
nlohmann::json document_page_view(const nlohmann::json& doc);

// An error page: status, a short heading, and the message saying what to do.
nlohmann::json error_view(int status, const std::string& message);

}  // namespace kb::server
