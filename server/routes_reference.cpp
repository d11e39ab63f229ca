#include "routes_reference.h"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "article_view.h"
#include "document_view.h"
#include "json_text.h"
#include "matrix.h"
#include "page_views.h"
#include "query_string.h"
#include "reference_views.h"

namespace kb::server {

namespace {

using nlohmann::json;
using httplib::Request;
using httplib::Response;

const char* const JSON_TYPE = "application/json; charset=utf-8";
const char* const HTML_TYPE = "text/html; charset=utf-8";
const char* const OPENSEARCH_TYPE = "application/opensearchdescription+xml; charset=utf-8";

void send_json(Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(json_text(body), JSON_TYPE);  // the same text kb-search --json prints
    res.set_header("Cache-Control", "no-cache");
}

void send_json_error(Response& res, int status, const std::string& message) {
    send_json(res, status, {{"error", message}});
}

// Every page is in the language picked by lang= or else by Accept-Language
// (request_language.h): a cache must tell the languages apart.
void send_html(Response& res, int status, std::string html) {
    res.status = status;
    res.set_content(std::move(html), HTML_TYPE);
    res.set_header("Cache-Control", "no-cache");
    res.headers.erase("Vary");
    res.set_header("Vary", "Accept-Language");
}

void send_html_error(const ServerContext& ctx, Response& res, int status, const std::string& message) {
    send_html(res, status, ctx.pages.render("error", error_view(status, message)));
}

// Runs a handler; an index that cannot be read is a 503, anything unexpected a logged 500
// (as every other route of kb-serve), in JSON or HTML as the route answers.
template <class Handler>
httplib::Server::Handler guarded(std::shared_ptr<const ServerContext> shared, bool json_errors, Handler handler) {
    return [shared, json_errors, handler](const Request& req, Response& res) {
        const ServerContext& ctx = *shared;
        auto fail = [&](int status, const std::string& message) {
            if (json_errors) send_json_error(res, status, message);
            else send_html_error(ctx, res, status, message);
        };
        try {
            handler(ctx, req, res);
        } catch (const Xapian::DatabaseError& e) {
            if (ctx.log) std::fprintf(ctx.log, "kb-serve: index unavailable: %s\n", e.get_description().c_str());
            fail(503, "the index cannot be read right now: " + e.get_msg());
        } catch (const Xapian::Error& e) {
            if (ctx.log) std::fprintf(ctx.log, "kb-serve: error on %s: %s\n", req.path.c_str(), e.get_description().c_str());
            fail(500, "internal error");
        } catch (const std::exception& e) {
            if (ctx.log) std::fprintf(ctx.log, "kb-serve: error on %s: %s\n", req.path.c_str(), e.what());
            fail(500, "internal error");
        }
    };
}

// ---- articles ---------------------------------------------------------------------------

void get_api_article(const ServerContext& ctx, const Request& req, Response& res) {
    const std::string id = req.matches[1];
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        auto article = article_view(db, id);
        if (!article) return send_json_error(res, article.error().http_status, article.error().message);
        send_json(res, 200, article.value());
    });
}

void get_article(const ServerContext& ctx, const Request& req, Response& res) {
    const std::string id = req.matches[1];
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        auto article = article_view(db, id);
        if (!article) return send_html_error(ctx, res, article.error().http_status, article.error().message);
        send_html(res, 200, ctx.pages.render("article", article_page_view(article.value())));
    });
}

// ---- related notes ----------------------------------------------------------------------

void get_api_related(const ServerContext& ctx, const Request& req, Response& res) {
    const std::string id = req.matches[1];
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        auto related = related_view(db, id);
        if (!related) return send_json_error(res, related.error().http_status, related.error().message);
        send_json(res, 200, related.value());
    });
}

// ---- the coverage matrix ----------------------------------------------------------------

void get_api_matrix(const ServerContext& ctx, const Request& req, Response& res) {
    auto request = parse_matrix_request(parse_query_string(req.target));
    if (!request) return send_json_error(res, request.error().http_status, request.error().message);
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable* facets) {
        auto counts = matrix(db, request.value(), facets);
        if (!counts) return send_json_error(res, counts.error().http_status, counts.error().message);
        send_json(res, 200, counts.value());
    });
}

void get_matrix(const ServerContext& ctx, const Request& req, Response& res) {
    auto request = parse_matrix_request(parse_query_string(req.target));
    if (!request) return send_html_error(ctx, res, request.error().http_status, request.error().message);
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable* facets) {
        auto counts = matrix(db, request.value(), facets);
        if (!counts) return send_html_error(ctx, res, counts.error().http_status, counts.error().message);
        send_html(res, 200, ctx.pages.render("matrix", matrix_page_view(request.value(), counts.value())));
    });
}

// ---- OpenSearch -------------------------------------------------------------------------

// The Host the browser used, when it is a plain host[:port]; the description's URLs must
// be absolute, and anything else would be a header injected into our XML.
std::string safe_host(const Request& req) {
    const std::string host = req.get_header_value("Host");
    const bool plain = !host.empty() && host.size() <= 255 &&
                       host.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
                           std::string::npos;
    return plain ? host : "127.0.0.1";
}

void get_opensearch(const ServerContext&, const Request& req, Response& res) {
    const std::string base = "http://" + safe_host(req);
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n"
        "  <ShortName>Cooperation KB</ShortName>\n"
        "  <Description>Search notes on international cooperation in criminal matters under UNCAC and "
        "UNTOC</Description>\n"
        "  <InputEncoding>UTF-8</InputEncoding>\n"
        "  <Image width=\"16\" height=\"16\" type=\"image/svg+xml\">" + base + "/static/favicon.svg</Image>\n"
        "  <Url type=\"text/html\" method=\"get\" template=\"" + base + "/search?q={searchTerms}\"/>\n"
        "  <Url type=\"application/json\" method=\"get\" template=\"" + base + "/api/search?q={searchTerms}\"/>\n"
        "  <Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + base + "/opensearch.xml\"/>\n"
        "</OpenSearchDescription>\n";
    res.status = 200;
    res.set_content(std::move(xml), OPENSEARCH_TYPE);
    res.set_header("Cache-Control", "no-cache");
}

}  // namespace

void install_reference_routes(httplib::Server& svr, const std::shared_ptr<const ServerContext>& shared) {
    svr.Get(R"(/article/([^/]+))", guarded(shared, false, get_article));
    svr.Get(R"(/api/article/([^/]+))", guarded(shared, true, get_api_article));
    svr.Get(R"(/api/related/([^/]+))", guarded(shared, true, get_api_related));
    svr.Get("/matrix", guarded(shared, false, get_matrix));
    svr.Get("/api/matrix", guarded(shared, true, get_api_matrix));
    svr.Get("/opensearch.xml", guarded(shared, false, get_opensearch));
}

}  // namespace kb::server
