#include "article_view.h"

#include <algorithm>
#include <cctype>

#include "document.h"
#include "document_view.h"
#include "front_matter.h"
#include "schema.h"
#include "utf8.h"

namespace kb {

namespace {

struct TypeGroup {
    const char* type;
    const char* label;
};
// The order a reader weighs evidence in: what reviews found, what States did, what the
// rules say, then the tools.
constexpr TypeGroup GROUPS[] = {
    {"finding", "Findings"}, {"practice", "Practices"}, {"handbook", "Handbook"}, {"tool", "Tools"}};

Xapian::doccount count_matches(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

}  // namespace

std::optional<std::string> canonical_article_id(std::string_view text) {
    std::string letters, digits;
    std::size_t i = 0;
    for (; i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])); ++i)
        letters += static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    // One separator at most between the Convention and the number.
    if (i < text.size() && (text[i] == ' ' || text[i] == '-' || text[i] == '_' || text[i] == '+')) ++i;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) digits += text[i];
    if (i != text.size() || digits.empty() || digits.size() > 4 || digits[0] == '0') return std::nullopt;
    std::string id = letters + " " + digits;
    if (!is_article_id(id)) return std::nullopt;
    return id;
}

Result<nlohmann::json> article_view(const Xapian::Database& db, std::string_view text) {
    const std::string shown = is_valid_utf8(std::string(text)) ? std::string(text.substr(0, 60)) : std::string("?");
    const auto id = canonical_article_id(text);
    if (!id)
        return Error{"'" + shown + "' is not an article: write it as the Convention and the number, like UNCAC-46 or UNTOC-18",
                     404};
    const Facet& facet = *find_facet("article");
    const Concordance concordance = stored_concordance(db);
    const Article* article = concordance.find(*id);
    const std::string term = facet_term(facet, *id);
    if (!article && !db.term_exists(term))
        return Error{"no article '" + *id + "' in the concordance, and no note cites it", 404};

    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(term));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_sort_by_value(SLOT_DATE, true);
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());

    nlohmann::json groups = nlohmann::json::array();
    for (const auto& g : GROUPS) groups.push_back({{"type", g.type}, {"label", g.label}, {"count", 0}, {"notes", nlohmann::json::array()}});
    Xapian::doccount total = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const auto data = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        if (!data.is_object()) continue;
        const Document d = document_from_data(data);
        for (auto& g : groups)
            if (g["type"] == d.type) {
                g["notes"].push_back({{"id", d.id}, {"title", d.title}, {"type", d.type}, {"date", d.date}});
                g["count"] = g["count"].get<long>() + 1;
                ++total;
            }
    }

    auto counterparts = nlohmann::json::array();
    std::vector<Xapian::Query> either{Xapian::Query(term)};
    if (article)
        for (const auto& c : article->counterparts) {
            const Article* other = concordance.find(c);
            const std::string other_term = facet_term(facet, c);
            counterparts.push_back({{"id", c},
                                    {"title", other ? other->title : std::string()},
                                    {"count", count_matches(db, Xapian::Query(other_term))}});
            either.emplace_back(other_term);
        }
    const auto space = id->find(' ');
    return nlohmann::json{{"id", *id},
                          {"title", article ? article->title : std::string()},
                          {"convention", id->substr(0, space)},
                          {"number", std::stol(id->substr(space + 1))},
                          {"counterparts", counterparts},
                          {"total", total},
                          {"total_with_counterparts",
                           count_matches(db, Xapian::Query(Xapian::Query::OP_OR, either.begin(), either.end()))},
                          {"groups", groups}};
}

}  // namespace kb
