// View models of the reference pages: an article with its notes grouped by type
// (/article/UNCAC-46) and the coverage matrix (/matrix). Plain JSON with every link
// already made, as in page_views.h; the templates only lay them out.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "matrix.h"
#include "search.h"

namespace kb::server {

// "/article/UNCAC-46" for "UNCAC 46".
std::string article_url(const std::string& id);

// "/matrix?q=...&article=...&rows=...&cols=..." for the matches of `request` (its page,
// size and sort left out: the matrix counts every match).
std::string matrix_url(const SearchRequest& request, const std::string& rows = "article",
                       const std::string& cols = "region");

// GET /article/{id}: `article` is kb::article_view's JSON.
nlohmann::json article_page_view(const nlohmann::json& article);

// GET /matrix: `counts` is kb::matrix(request).
nlohmann::json matrix_page_view(const MatrixRequest& request, const nlohmann::json& counts);

}  // namespace kb::server
