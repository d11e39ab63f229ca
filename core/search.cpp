#include "search.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "document.h"
#include "document_view.h"
#include "facet_table.h"
#include "language.h"
#include "query_lexicon.h"
#include "query_rewriter.h"
#include "query_understanding.h"
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

// Explicit syntax: the text as Xapian's parser reads it (every word must match unless the
// reader says otherwise), with the thesaurus and the searcher's language, or everything when
// it has no words.
Result<Xapian::Query> parsed_query(const Xapian::Database& db, Xapian::QueryParser& qp, const SearchRequest& req) {
    // Not Xapian::Query::MatchAll: copying that shared static object bumps its reference
    // count, which is not thread-safe; an empty term is the same query, built per call.
    Xapian::Query base{std::string()};
    const std::string text = expand_synonyms(lowercase_query_words(split_elisions(req.q)), synonym_groups(db));
    try {
        base = qp.parse_query(text, PARSE_FLAGS);
    } catch (const Xapian::QueryParserError& e) {
        return Error{"cannot understand the query: " + e.get_msg()};
    }
    // The same words stemmed in the searcher's language too (notes in that language carry
    // its stems, see index_writer.cpp); either reading matches.
    const std::string stemmer = stemmer_name(req.lang);
    if (!stemmer.empty() && stemmer != "english" && !base.empty()) {
        Xapian::QueryParser local = make_parser(db, Xapian::Stem(stemmer));
        try {
            const Xapian::Query other = local.parse_query(text, PARSE_FLAGS);
            if (!other.empty()) base = Xapian::Query(Xapian::Query::OP_OR, base, other);
        } catch (const Xapian::QueryParserError&) {
            // Parsed once already: the same text cannot fail here.
        }
    }
    // A query of stop words or pure punctuation parses to nothing: match everything.
    if (base.empty()) base = Xapian::Query(std::string());
    return base;
}

// The stemmers of a request: English (the notes' main language) and the searcher's own.
struct Stemmers {
    Xapian::Stem english{"english"};
    std::optional<Xapian::Stem> local;
    explicit Stemmers(const std::string& lang) {
        const std::string name = stemmer_name(lang);
        if (!name.empty() && name != "english") local.emplace(name);
    }
};

// The terms one word may match as (any of them): its stems, as the indexer writes them
// (TermGenerator's STEM_SOME: "Z" + stem for words that start with a letter, the word itself
// for numbers).
std::vector<std::string> word_terms(const std::string& word, const Stemmers& stemmers) {
    Xapian::Utf8Iterator first(word);
    if (first == Xapian::Utf8Iterator() || !Xapian::Unicode::is_wordchar(*first)) return {};
    if (Xapian::Unicode::get_category(*first) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER) return {word};
    std::vector<std::string> terms{"Z" + stemmers.english(word)};
    if (stemmers.local) {
        const std::string other = "Z" + (*stemmers.local)(word);
        if (other != terms[0]) terms.push_back(other);
    }
    return terms;
}

// The forms of `word` the index holds that share its stem ("person" -> person, persons), for
// phrases: only unstemmed terms carry positions.
std::vector<std::string> indexed_forms(const Xapian::Database& db, const std::string& word, const Stemmers& stemmers) {
    std::vector<std::string> forms;
    if (db.term_exists(word)) forms.push_back(word);
    const std::string stem = stemmers.english(word);
    std::size_t common = 0;
    while (common < stem.size() && common < word.size() && stem[common] == word[common]) ++common;
    if (common < 3) return forms;  // too short a prefix to list
    const std::string prefix = word.substr(0, common);
    std::size_t seen = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && ++seen <= 200; ++t) {
        const std::string& form = *t;
        if (form == word) continue;
        if (stemmers.english(form) == stem || (stemmers.local && (*stemmers.local)(form) == (*stemmers.local)(word)))
            forms.push_back(form);
    }
    return forms;
}

// One alternative of a unit as terms: each word a list of terms, any of which will do; a
// phrase (several words) holds its words in order within `window` positions.
struct AlternativeTerms {
    std::vector<std::vector<std::string>> words;
    Xapian::termcount window = 0;  // 0: a single word, matched by its stems
};
using UnitTerms = std::vector<AlternativeTerms>;

UnitTerms unit_terms(const Xapian::Database& db, const QueryUnit& unit, const QueryLexicon& lexicon,
                     const Stemmers& stemmers) {
    UnitTerms out;
    const bool typed_apart = unit.from_thesaurus && unit.alternatives.front().size() > 1;
    for (const auto& alternative : unit.alternatives) {
        // The words as typed are matched apart (below), not as a phrase: a phrase of common
        // words costs position checks on every note holding them all, at 100k notes
        // several times the rest of the search, and gained nothing on tests/relevance.
        if (typed_apart && &alternative == &unit.alternatives.front()) continue;
        AlternativeTerms alt;
        if (alternative.size() == 1) {
            if (auto terms = word_terms(alternative.front(), stemmers); !terms.empty()) alt.words.push_back(std::move(terms));
        } else {
            // Stop words inside a phrase ("transfer of sentenced persons") are not matched,
            // but the window leaves room for them.
            alt.window = static_cast<Xapian::termcount>(alternative.size());
            for (const auto& w : alternative) {
                if (lexicon.is_stopword(phrase_key(w))) continue;
                auto forms = indexed_forms(db, w, stemmers);
                if (forms.empty()) {  // a word no note holds: this phrase cannot match
                    alt.words.clear();
                    break;
                }
                alt.words.push_back(std::move(forms));
            }
            if (alt.words.size() == 1) alt.window = 0;
        }
        if (!alt.words.empty()) out.push_back(std::move(alt));
    }
    // The words as typed also count apart, anywhere in the note: "non-conviction based
    // confiscation" also reaches "confiscation without a conviction".
    if (unit.from_thesaurus && unit.alternatives.front().size() > 1) {
        AlternativeTerms apart;
        for (const auto& w : unit.alternatives.front())
            if (!lexicon.is_stopword(phrase_key(w)))
                if (auto terms = word_terms(w, stemmers); !terms.empty()) apart.words.push_back(std::move(terms));
        if (apart.words.size() > 1) out.push_back(std::move(apart));
    }
    return out;
}

// A unit weighs as one term (OP_SYNONYM): a note that writes a rare equivalent ("asistencia
// judicial recíproca" for "mutual legal assistance") gains no more than one that writes the
// common one, and a note holding several forms is not counted once per form.
Xapian::Query unit_query(const UnitTerms& unit) {
    std::vector<Xapian::Query> alternatives, in_title;
    for (const auto& alt : unit) {
        if (alt.window == 0) {
            // One word (any of its terms), or words apart (each, anywhere).
            std::vector<Xapian::Query> words, titled;
            for (const auto& terms : alt.words) {
                words.emplace_back(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
                std::vector<Xapian::Query> t_terms;
                for (const auto& t : terms)
                    if (t.size() > 1 && t[0] == 'Z') t_terms.emplace_back("Z" + std::string(PREFIX_TITLE) + t.substr(1));
                if (!t_terms.empty()) titled.emplace_back(Xapian::Query::OP_SYNONYM, t_terms.begin(), t_terms.end());
            }
            alternatives.emplace_back(Xapian::Query::OP_AND, words.begin(), words.end());
            if (titled.size() == words.size()) in_title.emplace_back(Xapian::Query::OP_AND, titled.begin(), titled.end());
            continue;
        }
        std::vector<Xapian::Query> words, title_words;
        for (const auto& forms : alt.words) {
            words.emplace_back(Xapian::Query::OP_OR, forms.begin(), forms.end());
            std::vector<std::string> titled;
            for (const auto& f : forms) titled.push_back(PREFIX_TITLE + f);
            title_words.emplace_back(Xapian::Query::OP_OR, titled.begin(), titled.end());
        }
        alternatives.emplace_back(Xapian::Query::OP_PHRASE, words.begin(), words.end(), alt.window);
        in_title.emplace_back(Xapian::Query::OP_PHRASE, title_words.begin(), title_words.end(), alt.window);
    }
    // The title as a field of its own (BM25 over titles, as Lucene scores a title field): a
    // note whose title says it outranks one that mentions it among other things.
    const Xapian::Query body(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
    if (in_title.empty()) return body;
    return Xapian::Query(Xapian::Query::OP_OR, body, Xapian::Query(Xapian::Query::OP_SYNONYM, in_title.begin(), in_title.end()));
}

// True when a hit holds the unit (the terms of a hit that matched the query).
bool unit_matched(const UnitTerms& unit, const std::set<std::string>& matching) {
    return std::any_of(unit.begin(), unit.end(), [&](const auto& alt) {
        return std::all_of(alt.words.begin(), alt.words.end(), [&](const auto& terms) {
            return std::any_of(terms.begin(), terms.end(), [&](const auto& t) { return matching.count(t) != 0; });
        });
    });
}

// BM25 with less saturation of a word's frequency than Xapian's default (k1 = 1, b = 0.5):
// a note that keeps returning to the asked-about matter is more likely its answer (judged on
// tests/relevance: k1 3, b 0.75 gave +0.007 nDCG@10 over the default).
Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(3.0, 0, 1, 0.75, 0.5); }

// Below this many notes holding every word, a search widens to the closest notes.
constexpr Xapian::doccount ALL_WORDS_MIN = 10;
// A word the index holds this many times less often than a spelling suggestion is likely
// a slip: suggested ("Did you mean"), never applied.
constexpr Xapian::doccount RARE_WORD_MAX = 2;
constexpr Xapian::doccount RARE_WORD_RATIO = 50;

// The text of a request, planned for matching.
struct TextPlan {
    Xapian::Query query{std::string()};  // everything unless there are words
    bool has_words = false;              // meaningful words, not only filters or stop words
    std::string matching = "all";        // "all" (every word), "closest" (widened), "syntax"
    UnderstoodQuery understanding;
    std::vector<UnitTerms> units;        // per unit of understanding.units
    Filters filters;                     // the request's and the understood ones
};

// What a search reads from the index besides the notes: read once per search.
struct SearchVocabulary {
    Concordance concordance;
    QueryLexicon lexicon;
    Thesaurus thesaurus;
    explicit SearchVocabulary(const Xapian::Database& db)
        : concordance(stored_concordance(db)), lexicon(stored_query_lexicon(db)), thesaurus(synonym_groups(db), lexicon) {}
};

Xapian::doccount count_at_least(const Xapian::Database& db, const Xapian::Query& q, Xapian::doccount wanted) {
    Xapian::Enquire e(db);
    e.set_query(q);
    e.set_weighting_scheme(Xapian::BoolWeight());
    return e.get_mset(0, 0, wanted).get_matches_lower_bound();
}

// Understands `text` for `req` and builds its query: every word when at least a page of
// notes holds them all, else the closest notes.
Result<TextPlan> plan_text(const Xapian::Database& db, Xapian::QueryParser& qp, const SearchRequest& req,
                           const std::string& text, const SearchVocabulary& vocab) {
    TextPlan plan;
    plan.filters = request_filters(req, vocab.concordance);
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) return plan;
    UnderstandingContext ctx{vocab.lexicon, vocab.thesaurus, db, {}, {}};
    for (const auto& l : req.literal) ctx.literal.insert(phrase_key(l));
    for (const auto& [name, values] : req.filters) ctx.filtered.insert(name);
    plan.understanding = understand_query(text, ctx);
    if (plan.understanding.explicit_syntax) {
        SearchRequest as_typed = req;
        as_typed.q = text;
        auto parsed = parsed_query(db, qp, as_typed);
        if (!parsed) return parsed.error();
        plan.query = parsed.value();
        plan.has_words = true;
        plan.matching = "syntax";
        return plan;
    }
    // Understood filters: OR within a facet (UNCAC 18 or UNTOC 18), AND with the others.
    std::map<std::string, std::vector<Xapian::Query>> understood;
    for (const auto& u : plan.understanding.understood) understood[u.facet].emplace_back(facet_term(*find_facet(u.facet), u.value));
    for (auto& [name, terms] : understood)
        plan.filters.emplace_back(find_facet(name), Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));

    // The searcher's language, or the one the query's own stop words show.
    const Stemmers stemmers(req.lang.empty() || req.lang == "en" ? plan.understanding.language : req.lang);
    std::vector<Xapian::Query> unit_queries;
    for (const auto& unit : plan.understanding.units) {
        plan.units.push_back(unit_terms(db, unit, vocab.lexicon, stemmers));
        if (!plan.units.back().empty()) unit_queries.push_back(unit_query(plan.units.back()));
    }
    if (unit_queries.empty()) return plan;
    plan.has_words = true;
    const Xapian::Query all(Xapian::Query::OP_AND, unit_queries.begin(), unit_queries.end());
    if (unit_queries.size() == 1 || count_at_least(db, filtered(all, plan.filters, nullptr), ALL_WORDS_MIN) >= ALL_WORDS_MIN) {
        plan.query = all;
        return plan;
    }
    // Fewer than a page of notes hold every word: the closest notes, BM25 over any of the
    // words (a note holding more of them, or rarer ones, weighs more).
    plan.matching = "closest";
    plan.query = Xapian::Query(Xapian::Query::OP_OR, unit_queries.begin(), unit_queries.end());
    return plan;
}

// A spelling correction of `text`: each word the index does not hold (or holds far more
// rarely than a suggestion) replaced by Xapian's suggestion. Stop words, numbers, thesaurus
// phrases, understood phrases and words of explicit syntax stay as typed. `applied` is set
// when a word the index does not hold at all was corrected.
std::string corrected_text(const Xapian::Database& db, const std::string& text, const TextPlan& plan,
                           const QueryLexicon& lexicon, bool& applied) {
    applied = false;
    std::set<std::string> corrigible;  // lower-case words that may be corrected
    if (plan.understanding.explicit_syntax) {
        for (const auto& w : text_words(text)) {
            const bool field = w.end < text.size() && text[w.end] == ':';
            const bool value = w.begin > 0 && text[w.begin - 1] == ':';
            const std::string raw = text.substr(w.begin, w.end - w.begin);
            if (!field && !value && raw != "AND" && raw != "OR" && raw != "NOT" && raw != "XOR" && raw != "NEAR" &&
                raw != "ADJ" && !lexicon.is_stopword(w.key))
                corrigible.insert(w.lower);
        }
    } else {
        for (const auto& unit : plan.understanding.units)
            if (!unit.from_thesaurus) corrigible.insert(unit.alternatives.front().front());
    }
    const Xapian::Stem english("english");
    std::string out;
    std::size_t copied = 0;
    for (const auto& w : text_words(text)) {
        // Words with digits are codes and symbols ("CAC/COSP/EG.1"), never misspellings;
        // words with accents are French or Spanish, which the English index cannot judge.
        if (!corrigible.count(w.lower) || w.lower.size() < 3 ||
            std::any_of(w.lower.begin(), w.lower.end(), [](unsigned char c) { return std::isdigit(c) || c >= 0x80; }))
            continue;
        // As typed: a misspelling may share its stem with a real word ("speciallity" and
        // "special"), so the stem's frequency does not make it known.
        const Xapian::doccount have = db.get_termfreq(w.lower);
        if (have > RARE_WORD_MAX) continue;
        const std::string suggestion = db.get_spelling_suggestion(w.lower);
        if (suggestion.empty() || suggestion == w.lower) continue;
        // Another form of the same word ("extraditing" -> "extradition") changes nothing.
        if (english(suggestion) == english(w.lower)) continue;
        const Xapian::doccount theirs = db.get_termfreq(suggestion);
        if (have > 0 && theirs < have * RARE_WORD_RATIO) continue;
        if (have == 0) applied = true;
        out += text.substr(copied, w.begin - copied) + suggestion;
        copied = w.end;
    }
    if (copied == 0) return {};
    return out + text.substr(copied);
}

// The words of the query a hit does not hold, as typed ("Missing: handled").
std::vector<std::string> missing_words(const Xapian::Enquire& enquire, const Xapian::MSetIterator& hit,
                                       const TextPlan& plan) {
    const std::set<std::string> matching(enquire.get_matching_terms_begin(hit), enquire.get_matching_terms_end(hit));
    std::vector<std::string> out;
    for (std::size_t u = 0; u < plan.units.size(); ++u)
        if (!plan.units[u].empty() && !unit_matched(plan.units[u], matching))
            out.push_back(plan.understanding.units[u].text);
    return out;
}

// A plan and what spelling made of it: `suggestion` is "Did you mean" (or, when
// `corrected`, the text whose notes are shown because the words as typed are not in any).
struct PlannedRequest {
    TextPlan plan;
    std::string suggestion;
    bool corrected = false;
};

Result<PlannedRequest> plan_request(const Xapian::Database& db, Xapian::QueryParser& qp, const SearchRequest& req,
                                    const SearchVocabulary& vocab) {
    auto original = plan_text(db, qp, req, req.q, vocab);
    if (!original) return original.error();
    PlannedRequest out{std::move(original.value()), {}, false};
    // The index speaks English: its suggestions for French or Spanish words would be
    // English (or other French) words, not corrections. A query is taken as French or
    // Spanish when its stop words say so or the searcher's language is one.
    const bool foreign = !out.plan.understanding.language.empty() || (!req.lang.empty() && req.lang != "en");
    if (!out.plan.has_words || foreign) return out;
    bool applied = false;
    const std::string fixed = corrected_text(db, req.q, out.plan, vocab.lexicon, applied);
    if (fixed.empty()) return out;
    auto other = plan_text(db, qp, req, fixed, vocab);
    if (!other) return out;
    const Xapian::doccount all = db.get_doccount();
    const Xapian::doccount theirs = count_at_least(db, filtered(other->query, other->filters, nullptr), all);
    if (applied && req.spelling && theirs > 0) return PlannedRequest{std::move(other.value()), fixed, true};
    if (theirs > count_at_least(db, filtered(out.plan.query, out.plan.filters, nullptr), all)) out.suggestion = fixed;
    return out;
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
    const SearchVocabulary vocab(db);
    auto planned = plan_request(db, qp, req, vocab);
    if (!planned) return planned.error();
    return filtered(planned->plan.query, planned->plan.filters, nullptr);
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
        } else if (name == "literal") {
            if (value.size() > MAX_FILTER_VALUE_BYTES) return Error{"a value of 'literal' is too long"};
            if (req.literal.size() >= MAX_FILTER_VALUES) return Error{"too many values of 'literal'"};
            if (!value.empty()) req.literal.push_back(value);
        } else if (name == "spelling") {
            if (value != "1" && value != "0" && !value.empty())
                return Error{"'spelling' must be 1 (correct words no note holds) or 0 (search as typed), not '" +
                             value.substr(0, 40) + "'"};
            req.spelling = value != "0";
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
            std::string known = "q, page, size, sort, corresponding, lang, literal, spelling";
            for (const auto& fc : facets()) known += std::string(", ") + fc.name;
            return Error{"unknown parameter '" + name.substr(0, 40) + "' (known: " + known + ")"};
        }
    }
    return req;
}

Result<nlohmann::json> search(const Xapian::Database& db, const SearchRequest& req, const FacetTable* table) {
    const Xapian::Stem stem("english");
    Xapian::QueryParser qp = make_parser(db, stem);
    const SearchVocabulary vocab(db);
    auto planned = plan_request(db, qp, req, vocab);
    if (!planned) return planned.error();
    const TextPlan& plan = planned->plan;
    const Xapian::Query& base = plan.query;
    const bool has_text = plan.has_words;
    const Filters& filters = plan.filters;
    const Concordance& concordance = vocab.concordance;

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(ranking_weight());
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
                        {"countries", d.countries}, {"topics", d.topics}, {"date", d.date},
                        {"missing", plan.matching == "closest" ? missing_words(enquire, it, plan)
                                                               : std::vector<std::string>{}}});
    }

    nlohmann::json facet_counts = nlohmann::json::object();
    for (const auto& f : facets()) {
        std::vector<std::string> selected;
        for (const auto& [name, values] : req.filters)
            if (name == f.name) selected = values;
        facet_counts[f.name] = facet_json(f, counts[f.name], selected, concordance);
    }

    nlohmann::json filters_json = nlohmann::json::object();
    for (const auto& [name, values] : req.filters) filters_json[name] = values;
    nlohmann::json widened = nlohmann::json::object();
    for (const auto& [article, added] : widened_articles(req, concordance)) widened[article] = added;
    nlohmann::json understood = nlohmann::json::array();
    for (const auto& u : plan.understanding.understood)
        understood.push_back({{"facet", u.facet}, {"value", u.value}, {"phrase", u.phrase}});
    return nlohmann::json{{"query", req.q},
                          {"total", total},
                          {"page", req.page},
                          {"size", req.size},
                          {"sort", by_date ? "date" : "relevance"},
                          {"filters", filters_json},
                          {"corresponding", req.corresponding},
                          {"widened", widened},
                          {"matching", plan.matching},
                          {"understood", understood},
                          {"ignored", plan.understanding.stopped},
                          {"hits", hits},
                          {"facets", facet_counts},
                          {"suggestion", planned->suggestion.empty() ? nlohmann::json(nullptr)
                                                                     : nlohmann::json(planned->suggestion)},
                          {"corrected", planned->corrected}};
}

}  // namespace kb
