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
#include "responses.h"

namespace kb::server {

namespace {

using nlohmann::json;
using httplib::Request;
using httplib::Response;

const char* const OPENSEARCH_TYPE = "application/opensearchdescription+xml; charset=utf-8";

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
    svr.Get(R"(/article/([^/]+))", guarded(shared, get_article));
    svr.Get(R"(/api/article/([^/]+))", guarded(shared, get_api_article));
    svr.Get(R"(/api/related/([^/]+))", guarded(shared, get_api_related));
    svr.Get("/matrix", guarded(shared, get_matrix));
    svr.Get("/api/matrix", guarded(shared, get_api_matrix));
    svr.Get("/opensearch.xml", guarded(shared, get_opensearch));
}

}  // namespace kb::server
