#include "matrix.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "document_view.h"
#include "facet_table.h"
#include "schema.h"

namespace kb {

namespace {

std::string facet_names() {
    std::string out;
    for (const auto& f : facets()) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

// The counts, keyed by value as written. `shown_*` empty: every value counts.
class Tally {
public:
    Tally(std::set<std::string, std::less<>> shown_rows, std::set<std::string, std::less<>> shown_cols)
        : shown_rows_(std::move(shown_rows)), shown_cols_(std::move(shown_cols)) {}

    // One matching note with these row and column values.
    template <class Values>
    void add(const Values& rows, const Values& cols) {
        ++total_;
        row_buf_.clear();
        col_buf_.clear();
        for (const auto& r : rows)
            if (!r.empty() && (shown_rows_.empty() || shown_rows_.count(r))) row_buf_.emplace_back(r);
        for (const auto& c : cols)
            if (!c.empty() && (shown_cols_.empty() || shown_cols_.count(c))) col_buf_.emplace_back(c);
        for (const auto& r : row_buf_) ++row_totals_[r];
        for (const auto& c : col_buf_) ++col_totals_[c];
        for (const auto& r : row_buf_)
            for (const auto& c : col_buf_) ++cells_[{r, c}];
    }

    Xapian::doccount total() const { return total_; }
    const std::map<std::string, Xapian::doccount>& row_totals() const { return row_totals_; }
    const std::map<std::string, Xapian::doccount>& col_totals() const { return col_totals_; }
    Xapian::doccount cell(const std::string& r, const std::string& c) const {
        auto it = cells_.find({r, c});
        return it == cells_.end() ? 0 : it->second;
    }

private:
    std::set<std::string, std::less<>> shown_rows_, shown_cols_;
    std::vector<std::string> row_buf_, col_buf_;
    Xapian::doccount total_ = 0;
    std::map<std::string, Xapian::doccount> row_totals_, col_totals_;
    std::map<std::pair<std::string, std::string>, Xapian::doccount> cells_;
};

// Feeds every matching note to a Tally from the FacetTable's per-document value ids: no
// value-stream reads, no weights.
class MatrixSpy : public Xapian::MatchSpy {
public:
    MatrixSpy(const FacetTable& table, std::size_t rows, std::size_t cols, Tally& tally)
        : table_(table), rows_(rows), cols_(cols), tally_(tally) {}
    void operator()(const Xapian::Document& doc, double) override {
        const Xapian::docid did = doc.get_docid();
        row_values_.clear();
        col_values_.clear();
        auto [r, r_end] = table_.ids_of(did, rows_);
        for (; r != r_end; ++r) row_values_.push_back(table_.values(rows_)[*r]);
        auto [c, c_end] = table_.ids_of(did, cols_);
        for (; c != c_end; ++c) col_values_.push_back(table_.values(cols_)[*c]);
        tally_.add(row_values_, col_values_);
    }
    std::string name() const override { return "kb::MatrixSpy"; }

private:
    const FacetTable& table_;
    std::size_t rows_, cols_;
    Tally& tally_;
    std::vector<std::string_view> row_values_, col_values_;
};

// "UNCAC 46" -> ("UNCAC", 46): articles in the Conventions' order.
std::pair<std::string, long> article_key(const std::string& id) {
    const auto space = id.find(' ');
    if (space == std::string::npos) return {id, 0};
    return {id.substr(0, space), std::strtol(id.c_str() + space + 1, nullptr, 10)};
}

// The values of one axis in display order: articles as in the Conventions, years newest
// first, anything else most notes first (ties by value).
std::vector<std::string> axis_order(const Facet& facet, std::vector<std::string> values,
                                    const std::map<std::string, Xapian::doccount>& totals) {
    const std::string name = facet.name;
    auto total = [&](const std::string& v) {
        auto it = totals.find(v);
        return it == totals.end() ? Xapian::doccount(0) : it->second;
    };
    std::stable_sort(values.begin(), values.end(), [&](const std::string& a, const std::string& b) {
        if (name == "article") return article_key(a) < article_key(b);
        if (name == "year") return a > b;
        if (total(a) != total(b)) return total(a) > total(b);
        return a < b;
    });
    return values;
}

// The values an axis shows: its selection if the search filters on it, else none (all).
std::vector<std::string> axis_selection(const MatrixRequest& req, const Facet& facet, const Concordance& concordance) {
    std::vector<std::string> out;
    for (const auto& [name, values] : req.search.filters)
        if (name == facet.name) out = values;
    if (std::string(facet.name) == "article")
        for (const auto& [_, added] : widened_articles(req.search, concordance))
            out.insert(out.end(), added.begin(), added.end());
    return out;
}

}  // namespace

Result<MatrixRequest> parse_matrix_request(const std::vector<std::pair<std::string, std::string>>& params) {
    MatrixRequest req;
    std::vector<std::pair<std::string, std::string>> rest;
    for (const auto& [name, value] : params) {
        if (name == "rows" || name == "cols") {
            if (value.empty()) continue;  // the default
            if (!find_facet(value))
                return Error{"'" + name + "' must be a facet (" + facet_names() + "), not '" + value.substr(0, 40) + "'"};
            (name == "rows" ? req.rows : req.cols) = value;
        } else if (name == "page" || name == "size" || name == "sort") {
            return Error{"'" + name + "' does not apply to the matrix, which counts every matching note"};
        } else {
            rest.emplace_back(name, value);
        }
    }
    if (req.rows == req.cols)
        return Error{"'rows' and 'cols' must be two different facets (both are '" + req.rows + "')"};
    auto search = parse_search_request(rest);
    if (!search) {
        Error e = search.error();
        if (e.message.rfind("unknown parameter", 0) == 0) e.message += "; the matrix also takes rows and cols";
        return e;
    }
    req.search = std::move(search.value());
    return req;
}

Result<nlohmann::json> matrix(const Xapian::Database& db, const MatrixRequest& req, const FacetTable* table) {
    const Facet* rows = find_facet(req.rows);
    const Facet* cols = find_facet(req.cols);
    if (!rows) return Error{"'rows' must be a facet (" + facet_names() + "), not '" + req.rows + "'"};
    if (!cols) return Error{"'cols' must be a facet (" + facet_names() + "), not '" + req.cols + "'"};
    auto query = request_query(db, req.search);
    if (!query) return query.error();
    const Concordance concordance = stored_concordance(db);

    const std::vector<std::string> row_sel = axis_selection(req, *rows, concordance);
    const std::vector<std::string> col_sel = axis_selection(req, *cols, concordance);
    Tally tally({row_sel.begin(), row_sel.end()}, {col_sel.begin(), col_sel.end()});

    Xapian::Enquire enquire(db);
    enquire.set_query(query.value());
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount all = db.get_doccount();
    if (table) {
        const std::size_t r = static_cast<std::size_t>(rows - facets().data());
        const std::size_t c = static_cast<std::size_t>(cols - facets().data());
        MatrixSpy spy(*table, r, c, tally);
        enquire.add_matchspy(&spy);
        enquire.get_mset(0, 0, all);
    } else {
        // Shards (maybe remote): our own spy cannot run there, so walk the matches.
        const Xapian::MSet mset = enquire.get_mset(0, all);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            tally.add(unpack_values(doc.get_value(rows->slot)), unpack_values(doc.get_value(cols->slot)));
        }
    }

    auto axis = [&](const Facet& facet, const std::vector<std::string>& selection,
                    const std::map<std::string, Xapian::doccount>& totals) {
        std::vector<std::string> values = selection;
        if (values.empty())
            for (const auto& [v, _] : totals) values.push_back(v);
        values = axis_order(facet, values, totals);
        auto list = nlohmann::json::array();
        for (const auto& v : values) {
            auto it = totals.find(v);
            nlohmann::json item = {{"value", v}, {"total", it == totals.end() ? 0 : it->second}};
            if (std::string(facet.name) == "article")
                if (const Article* a = concordance.find(v); a && !a->title.empty()) item["title"] = a->title;
            list.push_back(std::move(item));
        }
        return std::make_pair(values, nlohmann::json{{"facet", facet.name}, {"label", facet.label}, {"values", list}});
    };
    const auto [row_values, rows_json] = axis(*rows, row_sel, tally.row_totals());
    const auto [col_values, cols_json] = axis(*cols, col_sel, tally.col_totals());

    auto cells = nlohmann::json::array();
    for (const auto& r : row_values) {
        auto line = nlohmann::json::array();
        for (const auto& c : col_values) line.push_back(tally.cell(r, c));
        cells.push_back(std::move(line));
    }
    nlohmann::json filters_json = nlohmann::json::object();
    for (const auto& [name, values] : req.search.filters) filters_json[name] = values;
    nlohmann::json widened = nlohmann::json::object();
    for (const auto& [article, added] : widened_articles(req.search, concordance)) widened[article] = added;
    return nlohmann::json{{"query", req.search.q},
                          {"filters", filters_json},
                          {"corresponding", req.search.corresponding},
                          {"widened", widened},
                          {"rows", rows_json},
                          {"cols", cols_json},
                          {"cells", cells},
                          {"total", tally.total()},
                          {"overlap", rows->multi || cols->multi}};
}

}  // namespace kb
