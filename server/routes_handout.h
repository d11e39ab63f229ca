// The handout routes of kb-serve: the handout page (/handout), its exports (/handout.md,
// /handout.html as downloads, /handout/print to print from the browser) and the JSON API
// (/api/handout). Every export is made by core/handout.h, as kb-export makes it.
#pragma once

#include <memory>

#include <httplib.h>

#include "routes.h"

namespace kb::server {

// Installs the routes above; called once from install().
void install_handout_routes(httplib::Server& server, const std::shared_ptr<const ServerContext>& context);

}  // namespace kb::server
