#include "document.h"

#include <nlohmann/json.hpp>

namespace kb {

nlohmann::json stored_data(const Document& d, const std::string& plain_text) {
    return {{"id", d.id},           {"title", d.title},     {"type", d.type},
            {"articles", d.articles}, {"regions", d.regions}, {"countries", d.countries},
            {"topics", d.topics},   {"source", d.source},   {"date", d.date},
            {"language", d.language}, {"path", d.path},     {"body", d.body},
            {"text", plain_text}};
}

Document document_from_data(const nlohmann::json& j) {
    Document d;
    d.id = j.value("id", "");
    d.title = j.value("title", "");
    d.type = j.value("type", "");
    d.articles = j.value("articles", std::vector<std::string>{});
    d.regions = j.value("regions", std::vector<std::string>{});
    d.countries = j.value("countries", std::vector<std::string>{});
    d.topics = j.value("topics", std::vector<std::string>{});
    d.source = j.value("source", "");
    d.date = j.value("date", "");
    d.language = j.value("language", "en");
    d.path = j.value("path", "");
    d.body = j.value("body", "");
    return d;
}

}  // namespace kb
