#include "routes.h"

#include <sys/socket.h>

#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "document_view.h"
#include "page_views.h"
#include "query_string.h"
#include "search.h"

namespace kb::server {

namespace {

using nlohmann::json;
using httplib::Request;
using httplib::Response;

// CSP: everything from this server only, no inline script or style, no framing, forms
// submit only here. Nothing in the UI needs more.
const char* const CONTENT_SECURITY_POLICY =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const char* const JSON_TYPE = "application/json; charset=utf-8";
const char* const HTML_TYPE = "text/html; charset=utf-8";

// ---- responses ----------------------------------------------------------------------

void send_json(Response& res, int status, const json& body) {
    res.status = status;
    // Invalid UTF-8 can only come from the index; replace it rather than fail the request.
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), JSON_TYPE);
    res.set_header("Cache-Control", "no-cache");
}

void send_json_error(Response& res, int status, const std::string& message) {
    send_json(res, status, {{"error", message}});
}

void send_html(Response& res, int status, std::string html) {
    res.status = status;
    res.set_content(std::move(html), HTML_TYPE);
    res.set_header("Cache-Control", "no-cache");
}

void send_html_error(const ServerContext& ctx, Response& res, int status, const std::string& message,
                     const std::string& q = {}) {
    json view = error_view(status, message);
    view["q"] = q;
    send_html(res, status, ctx.pages.render("error", view));
}

// Whether a path is answered in JSON (the API, health) or HTML (the pages).
bool wants_json(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/healthz" || path.empty(); }

void send_error(const ServerContext& ctx, const Request& req, Response& res, int status, const std::string& message) {
    if (wants_json(req.path)) send_json_error(res, status, message);
    else send_html_error(ctx, res, status, message);
}

// Runs a handler; failures to reach the index become 503 (the request was fine, the
// server is not ready), anything else unexpected a logged 500.
template <class Handler>
httplib::Server::Handler guarded(std::shared_ptr<const ServerContext> shared, Handler handler) {
    return [shared, handler](const Request& req, Response& res) {
        const ServerContext& ctx = *shared;
        try {
            handler(ctx, req, res);
        } catch (const Xapian::DatabaseError& e) {
            if (ctx.log) std::fprintf(ctx.log, "kb-serve: index unavailable: %s\n", e.get_description().c_str());
            send_error(ctx, req, res, 503, "the index cannot be read right now: " + e.get_msg());
        } catch (const Xapian::Error& e) {
            if (ctx.log) std::fprintf(ctx.log, "kb-serve: error on %s: %s\n", req.path.c_str(), e.get_description().c_str());
            send_error(ctx, req, res, 500, "internal error");
        } catch (const std::exception& e) {
            if (ctx.log) std::fprintf(ctx.log, "kb-serve: error on %s: %s\n", req.path.c_str(), e.what());
            send_error(ctx, req, res, 500, "internal error");
        }
    };
}

// ---- handlers -------------------------------------------------------------------------

void get_api_search(const ServerContext& ctx, const Request& req, Response& res) {
    auto request = parse_search_request(parse_query_string(req.target));
    if (!request) return send_json_error(res, request.error().http_status, request.error().message);
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable* facets) {
        auto result = search(db, request.value(), facets);
        if (!result) return send_json_error(res, result.error().http_status, result.error().message);
        send_json(res, 200, result.value());
    });
}

void get_search(const ServerContext& ctx, const Request& req, Response& res) {
    auto request = parse_search_request(parse_query_string(req.target));
    if (!request) return send_html_error(ctx, res, request.error().http_status, request.error().message);
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable* facets) {
        auto result = search(db, request.value(), facets);
        if (!result)
            return send_html_error(ctx, res, result.error().http_status, result.error().message, request->q);
        send_html(res, 200, ctx.pages.render("results", results_view(request.value(), result.value(), stored_concordance(db))));
    });
}

void get_home(const ServerContext& ctx, const Request&, Response& res) {
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable* facets) {
        SearchRequest browse;
        browse.size = 5;
        auto result = search(db, browse, facets);
        if (!result) return send_html_error(ctx, res, result.error().http_status, result.error().message);
        send_html(res, 200, ctx.pages.render("home", home_view(result.value(), stored_concordance(db))));
    });
}

void get_api_document(const ServerContext& ctx, const Request& req, Response& res) {
    const std::string id = req.matches[1];
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        auto doc = document_view(db, id);
        if (!doc) return send_json_error(res, doc.error().http_status, doc.error().message);
        send_json(res, 200, doc.value());
    });
}

void get_document(const ServerContext& ctx, const Request& req, Response& res) {
    const std::string id = req.matches[1];
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        auto doc = document_view(db, id);
        if (!doc) return send_html_error(ctx, res, doc.error().http_status, doc.error().message);
        send_html(res, 200, ctx.pages.render("document", document_page_view(doc.value())));
    });
}

void get_healthz(const ServerContext& ctx, const Request&, Response& res) {
    Xapian::doccount documents = 0;
    try {
        ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) { documents = db.get_doccount(); });
    } catch (const Xapian::Error& e) {
        return send_json(res, 503, {{"status", "unavailable"}, {"error", e.get_msg()}});
    }
    send_json(res, 200, {{"status", "ok"}, {"documents", documents}});
}

void get_static(const ServerContext& ctx, const Request& req, Response& res) {
    // Only names in the table loaded at start-up exist: "..", "/" and their encodings
    // never reach the file system.
    const StaticFile* file = ctx.assets.static_file(req.matches[1]);
    if (!file) return send_html_error(ctx, res, 404, "no such file");
    res.set_header("ETag", file->etag);
    res.set_header("Cache-Control", "public, max-age=300");
    if (req.get_header_value("If-None-Match") == file->etag) {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(file->body, file->content_type.c_str());
}

void method_not_allowed(const ServerContext& ctx, const Request& req, Response& res) {
    res.set_header("Allow", "GET, HEAD");
    send_error(ctx, req, res, 405, "method " + req.method + " is not allowed; this server only answers GET and HEAD");
}

// ---- request log ----------------------------------------------------------------------

thread_local std::optional<std::chrono::steady_clock::time_point> request_start;

// Paths are decoded: keep control characters and long junk out of the log.
std::string printable(const std::string& s) {
    std::string out;
    for (unsigned char c : s.substr(0, 200)) {
        if (c < 0x20 || c == 0x7f) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (s.size() > 200) out += "...";
    return out;
}

void log_request(std::FILE* log, const Request& req, const Response& res) {
    double ms = 0;
    if (request_start) {
        ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - *request_start).count();
        request_start.reset();
    }
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc);
    // One fprintf per line: lines from different threads never interleave.
    std::fprintf(log, "%s %s %s %d %.1fms\n", stamp, req.method.empty() ? "-" : req.method.c_str(),
                 req.path.empty() ? "-" : printable(req.path).c_str(), res.status, ms);
}

}  // namespace

void install(httplib::Server& svr, const ServerContext& context, const ServerLimits& limits) {
    // The handlers keep their own copy of the context (it only holds references).
    const auto shared = std::make_shared<const ServerContext>(context);
    const std::size_t threads = limits.threads > 0 ? limits.threads : 1;
    svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    svr.set_payload_max_length(limits.max_payload);
    svr.set_read_timeout(limits.read_timeout_s, 0);
    svr.set_write_timeout(limits.write_timeout_s, 0);
    svr.set_keep_alive_timeout(limits.keep_alive_timeout_s);
    svr.set_keep_alive_max_count(limits.keep_alive_max);

    // SO_REUSEADDR for a quick restart, but not httplib's default SO_REUSEPORT: a second
    // server on the same port must fail to start, not silently share the port.
    svr.set_socket_options([](socket_t sock) {
        int yes = 1;
        ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });

    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm
    // and the client's delayed ACK hold every keep-alive response back by ~40 ms.
    svr.set_tcp_nodelay(true);

    svr.set_default_headers({{"Content-Security-Policy", CONTENT_SECURITY_POLICY},
                             {"X-Content-Type-Options", "nosniff"},
                             {"Referrer-Policy", "no-referrer"},
                             {"X-Frame-Options", "DENY"}});

    svr.set_pre_routing_handler([](const Request&, Response&) {
        request_start = std::chrono::steady_clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    if (std::FILE* log = shared->log) svr.set_logger([log](const Request& req, const Response& res) { log_request(log, req, res); });

    // Errors httplib raises itself (no route, URI too long, bad request line, payload too
    // large) get the same JSON or HTML body as ours; bodies a handler set are kept.
    svr.set_error_handler(httplib::Server::HandlerWithResponse([shared](const Request& req, Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = "the request could not be handled";
        if (res.status == 400) message = "the request is malformed";
        if (res.status == 404) message = "nothing here: " + printable(req.path);
        if (res.status == 413) message = "the request body is too large";
        if (res.status == 414) message = "the request URL is too long";
        send_error(*shared, req, res, res.status, message);
        return httplib::Server::HandlerResponse::Handled;
    }));
    svr.set_exception_handler([shared](const Request& req, Response& res, std::exception_ptr) {
        send_error(*shared, req, res, 500, "internal error");
    });

    svr.Get("/", guarded(shared, get_home));
    svr.Get("/search", guarded(shared, get_search));
    svr.Get(R"(/doc/([^/]+))", guarded(shared, get_document));
    svr.Get("/api/search", guarded(shared, get_api_search));
    svr.Get(R"(/api/doc/([^/]+))", guarded(shared, get_api_document));
    svr.Get("/healthz", guarded(shared, get_healthz));
    svr.Get(R"(/static/([A-Za-z0-9_][A-Za-z0-9._-]*))", guarded(shared, get_static));
    // Browsers ask for /favicon.ico whatever the page says.
    svr.Get("/favicon.ico", guarded(shared, [](const ServerContext& c, const Request&, Response& res) {
        const StaticFile* file = c.assets.static_file("favicon.svg");
        if (!file) return send_html_error(c, res, 404, "no such file");
        res.set_header("Cache-Control", "public, max-age=300");
        res.set_content(file->body, file->content_type.c_str());
    }));

    const auto not_allowed = guarded(shared, method_not_allowed);
    svr.Post(".*", not_allowed);
    svr.Put(".*", not_allowed);
    svr.Patch(".*", not_allowed);
    svr.Delete(".*", not_allowed);
    svr.Options(".*", not_allowed);
}

}  // namespace kb::server
