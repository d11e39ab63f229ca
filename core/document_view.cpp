#include "document_view.h"

#include <algorithm>

#include "document.h"
#include "markdown.h"
#include "schema.h"
#include "utf8.h"
#include "vocabulary.h"

namespace kb {

namespace {

// Expand terms worth asking for: plain words only. Prefixed terms (ids, facets, stems with
// Z) would either match the note itself or nothing useful; numbers ("para 15", years) and
// very short words tie notes together by accident.
class WordsOnly : public Xapian::ExpandDecider {
public:
    bool operator()(const std::string& term) const override {
        if (term.size() < 3) return false;
        const unsigned char first = static_cast<unsigned char>(term[0]);
        if (first >= 'A' && first <= 'Z') return false;
        return !std::all_of(term.begin(), term.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
    }
};

constexpr Xapian::termcount EXPAND_TERMS = 25;

nlohmann::json summary(const Document& d) {
    return {{"id", d.id}, {"title", d.title}, {"type", d.type}, {"date", d.date}};
}

}  // namespace

Concordance stored_concordance(const Xapian::Database& db) {
    return Concordance::from_json(nlohmann::json::parse(db.get_metadata(META_CONCORDANCE), nullptr, false));
}

nlohmann::json related_documents(const Xapian::Database& db, Xapian::docid docid, int count) {
    auto out = nlohmann::json::array();
    if (count <= 0) return out;
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::Enquire enquire(db);
    const WordsOnly decider;
    const Xapian::ESet eset = enquire.get_eset(EXPAND_TERMS, rset, &decider);
    if (eset.empty()) return out;

    const Xapian::Query like(Xapian::Query::OP_OR, eset.begin(), eset.end());
    const std::string self = db.get_document(docid).get_value(SLOT_ID);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(PREFIX_ID + self)));
    // One more than asked for, in case the note's own docid slips through under another id.
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(count) + 1);
    for (auto it = mset.begin(); it != mset.end() && out.size() < static_cast<std::size_t>(count); ++it) {
        if (*it == docid) continue;
        const auto data = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        if (data.is_object()) out.push_back(summary(document_from_data(data)));
    }
    return out;
}

Result<nlohmann::json> document_view(const Xapian::Database& db, const std::string& id) {
    if (id.empty() || id.size() > MAX_ID_BYTES || !is_valid_utf8(id))
        return Error{"no note with this id", 404};
    const std::string term = PREFIX_ID + id;
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return Error{"no note with id '" + id + "'", 404};
    const Xapian::docid docid = *p;

    const auto data = nlohmann::json::parse(db.get_document(docid).get_data(), nullptr, false);
    if (!data.is_object()) return Error{"the note '" + id + "' is stored in a form this program cannot read", 500};
    const Document d = document_from_data(data);

    const Concordance concordance = stored_concordance(db);
    auto title_of = [&](const std::string& article) {
        const Article* a = concordance.find(article);
        return a ? a->title : std::string();
    };
    auto cited = nlohmann::json::array();
    std::vector<std::string> counterparts;
    for (const auto& article : d.articles) {
        auto others = nlohmann::json::array();
        if (const Article* a = concordance.find(article)) {
            for (const auto& c : a->counterparts) {
                others.push_back({{"id", c}, {"title", title_of(c)}});
                const bool new_one = std::find(d.articles.begin(), d.articles.end(), c) == d.articles.end() &&
                                     std::find(counterparts.begin(), counterparts.end(), c) == counterparts.end();
                if (new_one) counterparts.push_back(c);
            }
        }
        cited.push_back({{"id", article}, {"title", title_of(article)}, {"counterparts", others}});
    }

    return nlohmann::json{{"id", d.id},
                          {"title", d.title},
                          {"type", d.type},
                          {"articles", d.articles},
                          {"regions", d.regions},
                          {"countries", d.countries},
                          {"topics", d.topics},
                          {"source", d.source},
                          {"date", d.date},
                          {"language", d.language},
                          {"path", d.path},
                          {"html", markdown_to_html(d.body)},
                          {"concordance", cited},
                          {"counterparts", counterparts},
                          {"related", related_documents(db, docid, MAX_RELATED)}};
}

}  // namespace kb
