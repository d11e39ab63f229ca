// The HTTP face of the knowledge base: every route of kb-serve, its security headers, its
// request log and its error pages, installed on a cpp-httplib server. Handlers are named
// verb_resource (get_search, get_document ...) and only map core results to HTTP.
#pragma once

#include <cstddef>
#include <cstdio>

#include <httplib.h>

#include "database_pool.h"
#include "page_renderer.h"
#include "response_cache.h"
#include "web_assets.h"

namespace kb::server {

// What the handlers share. The objects it refers to must outlive the server.
struct ServerContext {
    DatabasePool& pool;
    const WebAssets& assets;
    const PageRenderer& pages;
    std::FILE* log = stderr;  // one line per request; nullptr for none
    ResponseCache* cache = nullptr;  // answers of /api/search by index revision; nullptr for none
};

// Limits and defaults that keep one slow or greedy client from hurting the others.
struct ServerLimits {
    // A keep-alive connection holds its worker until it closes: enough workers for a few
    // browsers' parallel connections plus API clients.
    std::size_t threads = 32;
    std::size_t max_payload = 64 * 1024;  // GET-only server: a body is never needed
    int read_timeout_s = 5;
    int write_timeout_s = 5;
    int keep_alive_timeout_s = 5;
    std::size_t keep_alive_max = 100;
    // While every worker is busy, each new connection gets another, up to max_threads
    // (workers above `threads` end after 30 s idle): slow or idle connections (slowloris)
    // never queue the other clients behind them.
    std::size_t max_threads = 512;
    // With an HttpServer (http_server.h): a request (line, headers, body) must arrive
    // whole within request_timeout_s of its first byte and be at most max_request_bytes.
    int request_timeout_s = 10;
    std::size_t max_request_bytes = 128 * 1024;
};

// Thread pool, timeouts, payload limit, security headers, logging, error pages, routes.
void install(httplib::Server& server, const ServerContext& context, const ServerLimits& limits = {});

}  // namespace kb::server
