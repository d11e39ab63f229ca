#include "responses.h"

#include "json_text.h"
#include "page_views.h"

namespace kb::server {

void send_json_text(httplib::Response& res, int status, std::string body) {
    res.status = status;
    res.set_content(std::move(body), JSON_TYPE);
    res.set_header("Cache-Control", "no-cache");
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
    send_json_text(res, status, json_text(body));
}

void send_json_error(httplib::Response& res, int status, const std::string& message) {
    send_json(res, status, {{"error", message}});
}

void send_html(httplib::Response& res, int status, std::string html) {
    res.status = status;
    res.set_content(std::move(html), HTML_TYPE);
    res.set_header("Cache-Control", "no-cache");
    res.headers.erase("Vary");
    res.set_header("Vary", "Accept-Language");
}

void send_html_error(const ServerContext& ctx, httplib::Response& res, int status, const std::string& message,
                     const std::string& q) {
    nlohmann::json view = error_view(status, message);
    view["q"] = q;
    send_html(res, status, ctx.pages.render("error", view));
}

bool wants_json(const std::string& path) { return path.rfind("/api/", 0) == 0 || path == "/healthz" || path.empty(); }

void send_error(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res, int status,
                const std::string& message) {
    if (wants_json(req.path)) send_json_error(res, status, message);
    else send_html_error(ctx, res, status, message);
}

}  // namespace kb::server
