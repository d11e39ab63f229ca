// How every route of kb-serve answers: JSON or HTML bodies with their headers, error
// answers in the form the path calls for, and the guard that turns an unreadable index
// into a 503 and anything unexpected into a logged 500. One copy for routes.cpp,
// routes_reference.cpp and routes_handout.cpp.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "routes.h"

namespace kb::server {

inline constexpr const char* JSON_TYPE = "application/json; charset=utf-8";
inline constexpr const char* HTML_TYPE = "text/html; charset=utf-8";

// A JSON body already serialised (a cached answer), or serialised by json_text.h (the same
// text kb-search --json prints); not cached by clients (the index changes under them).
void send_json_text(httplib::Response& res, int status, std::string body);
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void send_json_error(httplib::Response& res, int status, const std::string& message);

// Every page is in the language picked by lang= or else by Accept-Language
// (request_language.h): a cache must tell the languages apart (Vary).
void send_html(httplib::Response& res, int status, std::string html);
// The error page; `q` refills the search box.
void send_html_error(const ServerContext& ctx, httplib::Response& res, int status, const std::string& message,
                     const std::string& q = {});

// Whether a path is answered in JSON (the API, health) or HTML (the pages).
bool wants_json(const std::string& path);
void send_error(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res, int status,
                const std::string& message);

// Runs a handler; failures to reach the index become 503 (the request was fine, the
// server is not ready), anything else unexpected a logged 500, in JSON or HTML by path.
template <class Handler>
httplib::Server::Handler guarded(std::shared_ptr<const ServerContext> shared, Handler handler) {
    return [shared, handler](const httplib::Request& req, httplib::Response& res) {
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

}  // namespace kb::server
