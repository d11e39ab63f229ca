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
// Each article or topic a candidate shares with the note adds this share of the best
// text-only weight: enough to lift a note on the same provision or matter above one that
// merely shares words, not enough to outrank a much closer text.
constexpr double SHARED_TAG_BOOST = 0.3;

nlohmann::json summary(const Document& d) {
    return {{"id", d.id}, {"title", d.title}, {"type", d.type}, {"date", d.date}};
}

}  // namespace

Concordance stored_concordance(const Xapian::Database& db) {
    return Concordance::from_json(nlohmann::json::parse(db.get_metadata(META_CONCORDANCE), nullptr, false));
}

namespace {

// The notes most like document `docid`, best first: relevance feedback on its own words
// (RSet/ESet "more like this"), boosted for each article and topic shared with it.
std::vector<Document> related_matches(const Xapian::Database& db, Xapian::docid docid, int count) {
    std::vector<Document> out;
    if (count <= 0) return out;
    Xapian::RSet rset;
    rset.add_document(docid);
    Xapian::Enquire enquire(db);
    const WordsOnly decider;
    const Xapian::ESet eset = enquire.get_eset(EXPAND_TERMS, rset, &decider);
    if (eset.empty()) return out;

    const Xapian::Document self_doc = db.get_document(docid);
    const std::string self = self_doc.get_value(SLOT_ID);
    const Xapian::Query like(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, eset.begin(), eset.end()),
                             Xapian::Query(PREFIX_ID + self));
    enquire.set_query(like);
    const double best = enquire.get_mset(0, 1).get_max_attained();

    // Facet terms carry no weight of their own (wdf 0): a fixed-weight source filtered by
    // the term gives each shared article or topic its boost.
    std::vector<Xapian::Query> boosts;
    const auto data = nlohmann::json::parse(self_doc.get_data(), nullptr, false);
    if (best > 0 && data.is_object()) {
        const Document d = document_from_data(data);
        auto boost = [&](const char* facet, const std::vector<std::string>& values) {
            for (const auto& v : values)
                boosts.emplace_back(Xapian::Query::OP_FILTER,
                                    Xapian::Query((new Xapian::FixedWeightPostingSource(SHARED_TAG_BOOST * best))->release()),
                                    Xapian::Query(facet_term(*find_facet(facet), v)));
        };
        boost("article", d.articles);
        boost("topic", d.topics);
    }
    if (!boosts.empty())
        enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, like,
                                        Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end())));
    // One more than asked for, in case the note's own docid slips through under another id.
    const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(count) + 1);
    for (auto it = mset.begin(); it != mset.end() && out.size() < static_cast<std::size_t>(count); ++it) {
        if (*it == docid) continue;
        const auto hit = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        if (hit.is_object()) out.push_back(document_from_data(hit));
    }
    return out;
}

// The values of `a` that are also in `b`, in a's order.
std::vector<std::string> shared(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> out;
    for (const auto& v : a)
        if (std::find(b.begin(), b.end(), v) != b.end()) out.push_back(v);
    return out;
}

// The document id of note `id`, or a 404 Error.
Result<Xapian::docid> find_note(const Xapian::Database& db, const std::string& id) {
    if (id.empty() || id.size() > MAX_ID_BYTES || !is_valid_utf8(id)) return Error{"no note with this id", 404};
    const std::string term = PREFIX_ID + id;
    Xapian::PostingIterator p = db.postlist_begin(term);
    if (p == db.postlist_end(term)) return Error{"no note with id '" + id + "'", 404};
    return *p;
}

}  // namespace

nlohmann::json related_documents(const Xapian::Database& db, Xapian::docid docid, int count) {
    auto out = nlohmann::json::array();
    for (const auto& d : related_matches(db, docid, count)) out.push_back(summary(d));
    return out;
}

Result<nlohmann::json> related_view(const Xapian::Database& db, const std::string& id) {
    auto docid = find_note(db, id);
    if (!docid) return docid.error();
    const auto data = nlohmann::json::parse(db.get_document(docid.value()).get_data(), nullptr, false);
    if (!data.is_object()) return Error{"the note '" + id + "' is stored in a form this program cannot read", 500};
    const Document self = document_from_data(data);
    auto related = nlohmann::json::array();
    for (const auto& d : related_matches(db, docid.value(), MAX_RELATED)) {
        nlohmann::json item = summary(d);
        item["shared_articles"] = shared(d.articles, self.articles);
        item["shared_topics"] = shared(d.topics, self.topics);
        related.push_back(std::move(item));
    }
    return nlohmann::json{{"id", self.id}, {"title", self.title}, {"related", related}};
}

Result<nlohmann::json> document_view(const Xapian::Database& db, const std::string& id) {
    auto found = find_note(db, id);
    if (!found) return found.error();
    const Xapian::docid docid = found.value();

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
