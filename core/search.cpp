#include "search.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <memory>

#include "document.h"
#include "document_view.h"
#include "facet_table.h"
#include "language.h"
#include "query_rewriter.h"
#include "schema.h"
#include "utf8.h"

namespace kb {

namespace {

Result<int> parse_int(const std::string& name, const std::string& text, int lo, int hi) {
    long long v = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || ptr != end)
        return Error{"'" + name + "' must be a whole number, not '" + text.substr(0, 40) + "'"};
    if (v < lo || v > hi)
        return Error{"'" + name + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi)};
    return static_cast<int>(v);
}

// Resolves `field:value` in a query to the facet's filter term. An exact value wins; else
// every indexed value that starts with it ("region:african" -> "African Group").
class FacetFieldProcessor : public Xapian::FieldProcessor {
public:
    FacetFieldProcessor(const Xapian::Database& db, const Facet& facet) : db_(db), facet_(facet) {}
    Xapian::Query operator()(const std::string& value) override {
        const std::string term = facet_term(facet_, value);
        if (db_.term_exists(term) || term.size() == std::string(facet_.prefix).size()) return Xapian::Query(term);
        std::vector<Xapian::Query> alts;
        for (auto t = db_.allterms_begin(term); t != db_.allterms_end(term) && alts.size() < 100; ++t)
            alts.emplace_back(*t);
        if (alts.empty()) return Xapian::Query(term);
        return Xapian::Query(Xapian::Query::OP_OR, alts.begin(), alts.end());
    }

private:
    Xapian::Database db_;
    const Facet& facet_;
};

const unsigned PARSE_FLAGS = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                             Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                             Xapian::QueryParser::FLAG_PURE_NOT;

const Xapian::SimpleStopper& stopper() {
    static const char* words[] = {"a",  "an",   "and", "are", "as",   "at",   "be",   "by",  "for",
                                  "from", "in", "is",  "it",  "of",   "on",   "or",   "that", "the",
                                  "this", "to", "was", "were", "with", "which", "its", "into"};
    static const Xapian::SimpleStopper s(std::begin(words), std::end(words));
    return s;
}

Xapian::QueryParser make_parser(const Xapian::Database& db, const Xapian::Stem& stem) {
    Xapian::QueryParser qp;
    qp.set_database(db);
    qp.set_stemmer(stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_stopper(&stopper());
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.add_prefix("title", PREFIX_TITLE);
    for (const auto& f : facets()) qp.add_boolean_prefix(f.name, (new FacetFieldProcessor(db, f))->release());
    return qp;
}

using Filters = std::vector<std::pair<const Facet*, Xapian::Query>>;

// The query with every facet filter applied except `skip`'s.
Xapian::Query filtered(const Xapian::Query& base, const Filters& filters, const Facet* skip) {
    std::vector<Xapian::Query> parts;
    for (const auto& [facet, q] : filters)
        if (facet != skip) parts.push_back(q);
    if (parts.empty()) return base;
    return Xapian::Query(Xapian::Query::OP_FILTER, base,
                         Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
}

// Counts per value from counts per packed combination of values.
std::map<std::string, Xapian::doccount> facet_counts_of(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, Xapian::doccount> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
        for (const auto& v : unpack_values(*it))
            if (!v.empty()) counts[v] += it.get_termfreq();
    return counts;
}

nlohmann::json facet_json(const Facet& facet, const std::map<std::string, Xapian::doccount>& counts,
                          const std::vector<std::string>& selected, const Concordance& concordance) {
    std::vector<std::pair<std::string, Xapian::doccount>> rows(counts.begin(), counts.end());
    for (const auto& s : selected)
        if (!counts.count(s)) rows.emplace_back(s, 0);  // a selection stays visible at zero
    const bool by_value = std::string(facet.name) == "year";
    std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
        if (by_value) return a.first > b.first;
        if (a.second != b.second) return a.second > b.second;
        return a.first < b.first;
    });
    const bool articles = std::string(facet.name) == "article";
    auto arr = nlohmann::json::array();
    for (const auto& [value, count] : rows) {
        nlohmann::json row = {{"value", value},
                              {"count", count},
                              {"selected", std::find(selected.begin(), selected.end(), value) != selected.end()}};
        // Article numbers alone mean little to most readers: give the concordance's title.
        if (articles)
            if (const Article* a = concordance.find(value); a && !a->title.empty()) row["title"] = a->title;
        arr.push_back(std::move(row));
    }
    return arr;
}

using FacetCounts = std::map<std::string, std::map<std::string, Xapian::doccount>>;

// Counting with Xapian's ValueCountMatchSpy: facets without a selection are counted on the
// main match, each facet with one on a match without its own filter (disjunctive counts).
// The spy counts each packed combination of values; facet_counts_of() splits them. Being
// built in, it also works on remote shards (xapian-tcpsrv). Fills `mset` with the hits.
Xapian::doccount count_with_spies(const Xapian::Database& db, Xapian::Enquire& enquire, const Xapian::Query& base,
                                  const Filters& filters, FacetCounts& counts, Xapian::doccount offset,
                                  Xapian::doccount size, Xapian::MSet& mset) {
    const Xapian::doccount all = db.get_doccount();
    std::map<std::string, std::unique_ptr<Xapian::ValueCountMatchSpy>> counters;
    for (const auto& f : facets()) {
        auto sel = std::find_if(filters.begin(), filters.end(), [&](const auto& p) { return p.first == &f; });
        auto counter = std::make_unique<Xapian::ValueCountMatchSpy>(f.slot);
        if (sel == filters.end()) enquire.add_matchspy(counter.get());
        counters[f.name] = std::move(counter);
    }
    mset = enquire.get_mset(offset, size, all);
    for (const auto& [facet, _] : filters) {
        Xapian::Enquire e(db);
        e.set_query(filtered(base, filters, facet));
        e.set_weighting_scheme(Xapian::BoolWeight());
        e.add_matchspy(counters[facet->name].get());
        e.get_mset(0, 0, all);
    }
    for (const auto& f : facets()) counts[f.name] = facet_counts_of(*counters[f.name]);
    return mset.get_matches_estimated();
}

// Counting with the in-memory FacetTable, in passes that compute no weights. A pass whose
// query is "everything" needs no match at all: the table's totals are its counts.
Xapian::doccount count_with_table(const Xapian::Database& db, const FacetTable& table, const Xapian::Query& base,
                                  bool has_text, const Filters& filters, FacetCounts& counts) {
    const Xapian::doccount all = db.get_doccount();
    const auto& list = facets();
    auto index_of = [&](const Facet* f) { return static_cast<std::size_t>(f - list.data()); };
    auto store = [&](std::size_t f, const std::vector<std::uint32_t>& per_value) {
        auto& out = counts[list[f].name];
        for (std::size_t v = 0; v < per_value.size(); ++v)
            if (per_value[v]) out[table.values(f)[v]] = per_value[v];
    };
    // Runs `query` counting the facets of `mask`; returns the number of matches.
    auto pass = [&](const Xapian::Query& query, bool everything, std::uint32_t mask) -> Xapian::doccount {
        if (everything) {
            for (std::size_t f = 0; f < list.size(); ++f)
                if (mask & (1u << f)) store(f, table.totals(f));
            return all;
        }
        Xapian::Enquire e(db);
        e.set_query(query);
        e.set_weighting_scheme(Xapian::BoolWeight());
        FacetTableSpy spy(table, mask);
        e.add_matchspy(&spy);
        const Xapian::MSet m = e.get_mset(0, 0, all);
        for (std::size_t f = 0; f < list.size(); ++f)
            if (mask & (1u << f)) store(f, spy.counts()[f]);
        return m.get_matches_estimated();
    };
    std::uint32_t unselected = 0;
    for (std::size_t f = 0; f < list.size(); ++f) unselected |= 1u << f;
    for (const auto& [facet, _] : filters) unselected &= ~(1u << index_of(facet));
    const Xapian::doccount total = pass(filtered(base, filters, nullptr), !has_text && filters.empty(), unselected);
    for (const auto& [facet, _] : filters)
        pass(filtered(base, filters, facet), !has_text && filters.size() == 1, 1u << index_of(facet));
    return total;
}

// The facet filters of a request, OR within a facet; the article selection widened to its
// counterparts when the request asks for corresponding articles.
Filters request_filters(const SearchRequest& req, const Concordance& concordance) {
    const auto widened = widened_articles(req, concordance);
    Filters filters;
    for (const auto& [name, values] : req.filters) {
        const Facet* f = find_facet(name);
        std::vector<Xapian::Query> terms;
        for (const auto& v : values) terms.emplace_back(facet_term(*f, v));
        if (name == "article")
            for (const auto& [_, added] : widened)
                for (const auto& c : added) terms.emplace_back(facet_term(*f, c));
        filters.emplace_back(f, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
    }
    return filters;
}

// The text of a request as a query, or everything when it has no words.
Result<Xapian::Query> text_query(const Xapian::Database& db, Xapian::QueryParser& qp, const SearchRequest& req) {
    // Not Xapian::Query::MatchAll: copying that shared static object bumps its reference
    // count, which is not thread-safe; an empty term is the same query, built per call.
    Xapian::Query base{std::string()};
    if (req.q.find_first_not_of(" \t\r\n") == std::string::npos) return base;
    try {
        base = qp.parse_query(expand_synonyms(lowercase_query_words(split_elisions(req.q)), synonym_groups(db)),
                              PARSE_FLAGS);
    } catch (const Xapian::QueryParserError& e) {
        return Error{"cannot understand the query: " + e.get_msg()};
    }
    // The same words stemmed in the searcher's language too (notes in that language carry
    // its stems, see index_writer.cpp); either reading matches.
    const std::string stemmer = stemmer_name(req.lang);
    if (!stemmer.empty() && stemmer != "english" && !base.empty()) {
        Xapian::QueryParser local = make_parser(db, Xapian::Stem(stemmer));
        try {
            const Xapian::Query other = local.parse_query(
                expand_synonyms(lowercase_query_words(split_elisions(req.q)), synonym_groups(db)), PARSE_FLAGS);
            if (!other.empty()) base = Xapian::Query(Xapian::Query::OP_OR, base, other);
        } catch (const Xapian::QueryParserError&) {
            // Parsed once already: the same text cannot fail here.
        }
    }
    // A query of stop words or pure punctuation parses to nothing: match everything.
    if (base.empty()) base = Xapian::Query(std::string());
    return base;
}

}  // namespace

std::vector<std::pair<std::string, std::vector<std::string>>> widened_articles(const SearchRequest& req,
                                                                               const Concordance& concordance) {
    std::vector<std::pair<std::string, std::vector<std::string>>> out;
    if (!req.corresponding) return out;
    std::vector<std::string> selected;
    for (const auto& [name, values] : req.filters)
        if (name == "article") selected = values;
    std::vector<std::string> matched = selected;  // each counterpart added once
    for (const auto& v : selected) {
        std::vector<std::string> added;
        if (const Article* a = concordance.find(v))
            for (const auto& c : a->counterparts)
                if (std::find(matched.begin(), matched.end(), c) == matched.end()) {
                    matched.push_back(c);
                    added.push_back(c);
                }
        out.emplace_back(v, std::move(added));
    }
    return out;
}

Result<Xapian::Query> request_query(const Xapian::Database& db, const SearchRequest& req) {
    const Xapian::Stem stem("english");
    Xapian::QueryParser qp = make_parser(db, stem);
    auto base = text_query(db, qp, req);
    if (!base) return base.error();
    return filtered(base.value(), request_filters(req, stored_concordance(db)), nullptr);
}

Result<SearchRequest> parse_search_request(const std::vector<std::pair<std::string, std::string>>& params) {
    SearchRequest req;
    for (const auto& [name, value] : params) {
        if (!is_valid_utf8(value)) return Error{"'" + name + "' is not valid UTF-8"};
        if (name == "q") {
            if (value.size() > MAX_QUERY_BYTES)
                return Error{"'q' is too long (" + std::to_string(value.size()) + " bytes; at most " +
                             std::to_string(MAX_QUERY_BYTES) + ")"};
            req.q = value;
        } else if (name == "page") {
            auto v = parse_int("page", value, 1, MAX_PAGE);
            if (!v) return v.error();
            req.page = v.value();
        } else if (name == "size") {
            auto v = parse_int("size", value, 1, MAX_PAGE_SIZE);
            if (!v) return v.error();
            req.size = v.value();
        } else if (name == "sort") {
            if (value != "relevance" && value != "date" && !value.empty())
                return Error{"'sort' must be 'relevance' or 'date', not '" + value.substr(0, 40) + "'"};
            req.sort = value;
        } else if (name == "corresponding") {
            if (value != "1" && value != "0" && !value.empty())
                return Error{"'corresponding' must be 1 (include corresponding articles) or 0, not '" +
                             value.substr(0, 40) + "'"};
            req.corresponding = value == "1";
        } else if (name == "lang") {
            if (!value.empty() && stemmer_name(value).empty())
                return Error{"'lang' must be a language code with a stemmer (en, fr, es, ar, ru, ...), not '" +
                             value.substr(0, 40) + "'"};
            req.lang = value;
        } else if (const Facet* f = find_facet(name)) {
            if (value.empty()) continue;
            if (value.size() > MAX_FILTER_VALUE_BYTES) return Error{"a value of '" + name + "' is too long"};
            auto it = std::find_if(req.filters.begin(), req.filters.end(),
                                   [&](const auto& p) { return p.first == f->name; });
            if (it == req.filters.end()) {
                req.filters.emplace_back(f->name, std::vector<std::string>{});
                it = req.filters.end() - 1;
            }
            if (it->second.size() >= MAX_FILTER_VALUES) return Error{"too many values of '" + name + "'"};
            if (std::find(it->second.begin(), it->second.end(), value) == it->second.end())
                it->second.push_back(value);
        } else {
            std::string known = "q, page, size, sort, corresponding, lang";
            for (const auto& fc : facets()) known += std::string(", ") + fc.name;
            return Error{"unknown parameter '" + name.substr(0, 40) + "' (known: " + known + ")"};
        }
    }
    return req;
}

Result<nlohmann::json> search(const Xapian::Database& db, const SearchRequest& req, const FacetTable* table) {
    const Xapian::Stem stem("english");
    Xapian::QueryParser qp = make_parser(db, stem);

    const bool has_text = req.q.find_first_not_of(" \t\r\n") != std::string::npos;
    auto parsed = text_query(db, qp, req);
    if (!parsed) return parsed.error();
    const Xapian::Query base = parsed.value();

    const Concordance concordance = stored_concordance(db);
    const Filters filters = request_filters(req, concordance);

    Xapian::Enquire enquire(db);
    enquire.set_query(filtered(base, filters, nullptr));
    const bool by_date = req.sort == "date" || (req.sort.empty() && !has_text);
    if (by_date) enquire.set_sort_by_value_then_relevance(SLOT_DATE, true);
    const Xapian::doccount offset = static_cast<Xapian::doccount>(req.page - 1) * static_cast<Xapian::doccount>(req.size);

    Xapian::MSet mset;
    FacetCounts counts;
    Xapian::doccount total = 0;
    if (table) {
        // Top hits with early termination, then counting passes that compute no weights.
        mset = enquire.get_mset(offset, static_cast<Xapian::doccount>(req.size));
        total = count_with_table(db, *table, base, has_text, filters, counts);
    } else {
        total = count_with_spies(db, enquire, base, filters, counts, offset, static_cast<Xapian::doccount>(req.size), mset);
    }

    nlohmann::json hits = nlohmann::json::array();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const auto data = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        if (!data.is_object()) continue;
        const Document d = document_from_data(data);
        const std::string text = data.value("text", "");
        std::string snippet = mset.snippet(text, 240, stem,
                                           Xapian::MSet::SNIPPET_BACKGROUND_MODEL,
                                           "<mark>", "</mark>", "…");
        hits.push_back({{"id", d.id},         {"title", d.title},       {"type", d.type},
                        {"snippet", snippet}, {"articles", d.articles}, {"regions", d.regions},
                        {"countries", d.countries}, {"topics", d.topics}, {"date", d.date}});
    }

    nlohmann::json facet_counts = nlohmann::json::object();
    for (const auto& f : facets()) {
        std::vector<std::string> selected;
        for (const auto& [name, values] : req.filters)
            if (name == f.name) selected = values;
        facet_counts[f.name] = facet_json(f, counts[f.name], selected, concordance);
    }

    nlohmann::json suggestion = nullptr;
    if (has_text && total < 5) {
        try {
            qp.parse_query(req.q, PARSE_FLAGS | Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
            const std::string corrected = qp.get_corrected_query_string();
            if (!corrected.empty() && corrected != req.q) suggestion = corrected;
        } catch (const Xapian::QueryParserError&) {
        }
    }

    nlohmann::json filters_json = nlohmann::json::object();
    for (const auto& [name, values] : req.filters) filters_json[name] = values;
    nlohmann::json widened = nlohmann::json::object();
    for (const auto& [article, added] : widened_articles(req, concordance)) widened[article] = added;
    return nlohmann::json{{"query", req.q},
                          {"total", total},
                          {"page", req.page},
                          {"size", req.size},
                          {"sort", by_date ? "date" : "relevance"},
                          {"filters", filters_json},
                          {"corresponding", req.corresponding},
                          {"widened", widened},
                          {"hits", hits},
                          {"facets", facet_counts},
                          {"suggestion", suggestion}};
}

}  // namespace kb
