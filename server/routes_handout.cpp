#include "routes_handout.h"

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "handout.h"
#include "handout_view.h"
#include "json_text.h"
#include "page_views.h"
#include "query_string.h"
#include "request_language.h"
#include "responses.h"

namespace kb::server {

namespace {

using nlohmann::json;
using httplib::Request;
using httplib::Response;


// The exported HTML carries its stylesheet inline so that it opens offline; served from
// here (the print view) it gets a policy of its own: that inline style and nothing else:
// no script, no request anywhere.
const char* const EXPORT_CSP =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

struct HandoutParams {
    std::vector<std::string> ids;
    bool ids_given = false;
    std::string title;
};

// ids (comma-separated, required unless `optional_ids`) and title; anything else is a 400
// naming it, as on /api/search.
Result<HandoutParams> parse_handout_params(const Request& req, bool optional_ids) {
    HandoutParams p;
    for (const auto& [name, value] : parse_query_string(req.target)) {
        if (name == "ids") {
            if (p.ids_given) return Error{"'ids' is given twice; give the notes once, comma-separated"};
            p.ids_given = true;
            auto ids = parse_handout_ids(value);
            if (!ids) return ids.error();
            p.ids = std::move(ids.value());
        } else if (name == "lang") {
            // The UI's language (request_language.h): not part of the handout.
        } else if (name == "title") {
            auto title = check_handout_title(value);
            if (!title) return title.error();
            p.title = title.value();
        } else {
            return Error{"unknown parameter '" + name.substr(0, 40) + "' (known: ids, title, lang)"};
        }
    }
    if (!optional_ids && p.ids.empty())
        return Error{"'ids' is required: the ids of the handout's notes, comma-separated (ids=a,b,c)"};
    return p;
}

// "Videoconference hearings" -> "handout-videoconference-hearings" (ASCII letters and
// digits only, so the name is safe in the header and on every file system).
std::string download_name(const std::string& title, const char* extension) {
    std::string slug;
    for (unsigned char c : title) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) slug += static_cast<char>(c);
        else if (c >= 'A' && c <= 'Z') slug += static_cast<char>(c - 'A' + 'a');
        else if (!slug.empty() && slug.back() != '-') slug += '-';
        if (slug.size() >= 60) break;
    }
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
    return "handout" + (slug.empty() ? "" : "-" + slug) + extension;
}

Handout load(const Xapian::Database& db, const HandoutParams& p) {
    return load_handout(db, p.ids, p.title, today_local_date());
}

// The exported files in the page's language: its words, and its default title. (In
// English they are exactly kb-export's.)
Handout load_for_export(const Xapian::Database& db, const HandoutParams& p) {
    Handout h = load_handout(db, p.ids, p.title.empty() ? ui_text("handout_default_title", "Handout") : p.title,
                             today_local_date());
    HandoutLabels& l = h.labels;
    l.lang = request_language().code;
    l.note = ui_text("count_note", l.note);
    l.notes = ui_text("count_notes", l.notes);
    l.site = ui_text("site_name", l.site);
    l.not_found = ui_text("export_not_found", l.not_found);
    l.contents = ui_text("export_contents", l.contents);
    l.references = ui_text("handout_references", l.references);
    l.cited_by = ui_text("handout_cited_by", l.cited_by);
    l.type = ui_text("facet_type", l.type);
    l.articles = ui_text("doc_articles", l.articles);
    l.regions = ui_text("doc_regions", l.regions);
    l.countries = ui_text("doc_countries", l.countries);
    l.topics = ui_text("doc_topics", l.topics);
    l.source = ui_text("doc_source", l.source);
    l.date = ui_text("doc_date", l.date);
    return h;
}

// ---- handlers -------------------------------------------------------------------------

void get_api_handout(const ServerContext& ctx, const Request& req, Response& res) {
    const auto params = parse_handout_params(req, false);
    if (!params) return send_json(res, params.error().http_status, {{"error", params.error().message}});
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        send_json(res, 200, handout_json(load(db, params.value())));
    });
}

void get_handout_page(const ServerContext& ctx, const Request& req, Response& res) {
    const auto params = parse_handout_params(req, true);
    if (!params) return send_html_error(ctx, res, params.error().http_status, params.error().message);
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        const Handout handout = load(db, params.value());
        send_html(res, 200, ctx.pages.render("handout", handout_page_view(handout, params->title, params->ids_given)));
    });
}

enum class Export { markdown, html_download, print };

void get_export(const ServerContext& ctx, const Request& req, Response& res, Export kind) {
    const auto params = parse_handout_params(req, false);
    if (!params) return send_html_error(ctx, res, params.error().http_status, params.error().message);
    ctx.pool.with_database([&](const Xapian::Database& db, const FacetTable*) {
        const Handout handout = load_for_export(db, params.value());
        if (handout.notes.empty()) {
            std::string ids;
            for (const auto& id : handout.missing) ids += (ids.empty() ? "" : ", ") + id;
            return send_html_error(ctx, res, 404, "none of the notes of this handout is in the knowledge base: " + ids);
        }
        res.status = 200;
        res.set_header("Cache-Control", "no-cache");
        res.set_header("Vary", "Accept-Language");  // written in the page's language
        if (kind == Export::markdown) {
            res.set_content(handout_markdown(handout), "text/markdown; charset=utf-8");
            res.set_header("Content-Disposition", "attachment; filename=\"" + download_name(params->title, ".md") + "\"");
            return;
        }
        res.set_content(handout_html(handout), HTML_TYPE);
        // Replaces the server-wide policy (set before routing), which forbids inline style.
        res.headers.erase("Content-Security-Policy");
        res.set_header("Content-Security-Policy", EXPORT_CSP);
        if (kind == Export::html_download)
            res.set_header("Content-Disposition", "attachment; filename=\"" + download_name(params->title, ".html") + "\"");
    });
}

}  // namespace

void install_handout_routes(httplib::Server& svr, const std::shared_ptr<const ServerContext>& shared) {
    svr.Get("/handout", guarded(shared, get_handout_page));
    svr.Get("/api/handout", guarded(shared, get_api_handout));
    svr.Get("/handout.md", guarded(shared, [](const ServerContext& c, const Request& q, Response& r) {
        get_export(c, q, r, Export::markdown);
    }));
    svr.Get("/handout.html", guarded(shared, [](const ServerContext& c, const Request& q, Response& r) {
        get_export(c, q, r, Export::html_download);
    }));
    svr.Get("/handout/print", guarded(shared, [](const ServerContext& c, const Request& q, Response& r) {
        get_export(c, q, r, Export::print);
    }));
}

}  // namespace kb::server
