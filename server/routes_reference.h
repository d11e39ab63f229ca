// The reference routes of kb-serve: an article and its notes (/article/{id},
// /api/article/{id}), the notes related to one (/api/related/{id}), the coverage matrix
// (/matrix, /api/matrix) and the OpenSearch description (/opensearch.xml).
#pragma once

#include <memory>

#include <httplib.h>

#include "routes.h"

namespace kb::server {

// Installs the routes above; called once from install().
void install_reference_routes(httplib::Server& server, const std::shared_ptr<const ServerContext>& context);

}  // namespace kb::server
