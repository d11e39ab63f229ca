// kb-bench-peers: the peers' side of the benchmarks (bench/run), timed in process like
// kb-bench-query, over the same query mix (query_mix.h).
//   mix --urls | --text         the mix as API paths (for wrk) or as distinct text queries
//   fts5-load --txt DIR --db F  SQLite FTS5: bulk insert of DIR/*.txt (kb-gen-corpus --formats
//                               txt) in one transaction, plus a facet join table
//   fts5-query --db F --mode top|facets
//                               top: bm25 top 10 (with the mix's facet filters);
//                               facets: also the total and disjunctive facet counts by GROUP BY
//   xapian-query --db DIR       what quest does, in process, on omindex's database: the
//                               text part of each request, top 10 (omindex has no facet terms)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <sqlite3.h>
#include <xapian.h>

#include "query_mix.h"

namespace fs = std::filesystem;
using kb::bench::Params;

namespace {

const std::vector<std::string> kFacets = {"article", "region", "topic", "type", "country", "year"};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void report(const std::string& name, const std::vector<double>& times) {
    std::printf("%s\tqueries=%zu\tp50_ms=%.2f\tp99_ms=%.2f\n", name.c_str(), times.size(), percentile(times, 0.50),
                percentile(times, 0.99));
}

std::string url_encoded(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
        else if (c == ' ') out += '+';
        else out += {'%', hex[c >> 4], hex[c & 15]};
    }
    return out;
}

// A request of the mix taken apart: text, filters by facet (in order), page.
struct Request {
    std::string q;
    std::vector<std::pair<std::string, std::vector<std::string>>> filters;
    int page = 1;
};

Request to_request(const Params& params) {
    Request r;
    for (const auto& [k, v] : params) {
        if (k == "q") r.q = v;
        else if (k == "page") r.page = std::stoi(v);
        else {
            auto it = std::find_if(r.filters.begin(), r.filters.end(), [&](const auto& f) { return f.first == k; });
            if (it == r.filters.end()) r.filters.push_back({k, {v}});
            else it->second.push_back(v);
        }
    }
    return r;
}

// ---- SQLite -------------------------------------------------------------------------

class Sqlite {
public:
    explicit Sqlite(const std::string& path) {
        if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
    }
    ~Sqlite() { sqlite3_close(db_); }
    Sqlite(const Sqlite&) = delete;
    Sqlite& operator=(const Sqlite&) = delete;

    void exec(const std::string& sql) {
        char* err = nullptr;
        if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
            std::string msg = err ? err : "?";
            sqlite3_free(err);
            throw std::runtime_error(msg + " in: " + sql);
        }
    }

    // Prepares (cached by SQL text), binds the texts and steps through every row.
    // Returns the number of rows.
    size_t run(const std::string& sql, const std::vector<std::string>& binds, int page_offset = -1) {
        sqlite3_stmt*& st = cache_[sql];
        if (!st && sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string(sqlite3_errmsg(db_)) + " in: " + sql);
        sqlite3_reset(st);
        int i = 1;
        for (const auto& b : binds) sqlite3_bind_text(st, i++, b.data(), static_cast<int>(b.size()), SQLITE_STATIC);
        if (page_offset >= 0) sqlite3_bind_int(st, i, page_offset);
        size_t rows = 0;
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) ++rows;
        if (rc != SQLITE_DONE) throw std::runtime_error(std::string(sqlite3_errmsg(db_)) + " in: " + sql);
        return rows;
    }

    sqlite3* handle() { return db_; }

    void finalize_all() {
        for (auto& [_, st] : cache_) sqlite3_finalize(st);
        cache_.clear();
    }

private:
    sqlite3* db_ = nullptr;
    std::map<std::string, sqlite3_stmt*> cache_;
};

std::vector<std::string> split(const std::string& s, const std::string& sep) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    size_t start = 0;
    for (size_t p; (p = s.find(sep, start)) != std::string::npos; start = p + sep.size()) out.push_back(s.substr(start, p - start));
    out.push_back(s.substr(start));
    return out;
}

int fts5_load(const std::string& txt_dir, const std::string& db_path) {
    fs::remove(db_path);
    Sqlite db(db_path);
    db.exec("PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;");
    db.exec("BEGIN");
    db.exec("CREATE VIRTUAL TABLE notes USING fts5(title, body, tokenize='porter unicode61');"
            "CREATE TABLE meta(id INTEGER PRIMARY KEY, name TEXT NOT NULL, source TEXT, date TEXT NOT NULL);"
            "CREATE TABLE facet(doc INTEGER NOT NULL, f TEXT NOT NULL, v TEXT NOT NULL);");
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(txt_dir))
        if (e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    sqlite3_stmt *ins_note, *ins_meta, *ins_facet;
    sqlite3_prepare_v2(db.handle(), "INSERT INTO notes(rowid, title, body) VALUES(?,?,?)", -1, &ins_note, nullptr);
    sqlite3_prepare_v2(db.handle(), "INSERT INTO meta(id, name, source, date) VALUES(?,?,?,?)", -1, &ins_meta, nullptr);
    sqlite3_prepare_v2(db.handle(), "INSERT INTO facet(doc, f, v) VALUES(?,?,?)", -1, &ins_facet, nullptr);
    auto step = [&](sqlite3_stmt* st) {
        if (sqlite3_step(st) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db.handle()));
        sqlite3_reset(st);
    };
    size_t bytes = 0;
    sqlite3_int64 rowid = 0;
    for (const auto& path : files) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string text = ss.str();
        bytes += text.size();
        // title line, "key: a; b" lines, a blank line, the body
        const size_t head_end = text.find("\n\n");
        const std::string head = text.substr(0, head_end);
        const std::string body = head_end == std::string::npos ? "" : text.substr(head_end + 2);
        const auto lines = split(head, "\n");
        if (lines.empty()) continue;
        ++rowid;
        std::string source, date;
        for (size_t i = 1; i < lines.size(); ++i) {
            const size_t colon = lines[i].find(": ");
            if (colon == std::string::npos) continue;
            const std::string key = lines[i].substr(0, colon), value = lines[i].substr(colon + 2);
            if (key == "source") source = value;
            if (key == "date") date = value;
            std::string facet = key == "articles" ? "article" : key == "regions" ? "region" : key == "countries" ? "country"
                              : key == "topics" ? "topic" : key == "type" ? "type" : "";
            if (key == "date") facet = "year";
            if (facet.empty()) continue;
            for (const auto& v : facet == "year" ? std::vector<std::string>{value.substr(0, 4)} : split(value, "; ")) {
                sqlite3_bind_int64(ins_facet, 1, rowid);
                sqlite3_bind_text(ins_facet, 2, facet.c_str(), -1, SQLITE_TRANSIENT);
                sqlite3_bind_text(ins_facet, 3, v.c_str(), -1, SQLITE_TRANSIENT);
                step(ins_facet);
            }
        }
        sqlite3_bind_int64(ins_note, 1, rowid);
        sqlite3_bind_text(ins_note, 2, lines[0].c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_note, 3, body.c_str(), -1, SQLITE_TRANSIENT);
        step(ins_note);
        const std::string name = path.stem().string();
        sqlite3_bind_int64(ins_meta, 1, rowid);
        sqlite3_bind_text(ins_meta, 2, name.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_meta, 3, source.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins_meta, 4, date.c_str(), -1, SQLITE_TRANSIENT);
        step(ins_meta);
    }
    sqlite3_finalize(ins_note);
    sqlite3_finalize(ins_meta);
    sqlite3_finalize(ins_facet);
    db.exec("CREATE INDEX facet_fvd ON facet(f, v, doc); CREATE INDEX facet_dfv ON facet(doc, f, v);"
            "CREATE INDEX meta_date ON meta(date);");
    db.exec("COMMIT");
    std::printf("fts5-load\tdocs=%lld\tbytes=%zu\n", static_cast<long long>(rowid), bytes);
    return 0;
}

// The set of matching rowids as SQL (with ? for each bound text), every facet filter but `skip`.
std::string match_set(const Request& r, const std::string& skip, std::vector<std::string>& binds) {
    std::string sql;
    std::vector<std::string> where;
    if (!r.q.empty()) {
        sql = "SELECT rowid FROM notes";
        where.push_back("notes MATCH ?");
        binds.push_back(r.q);
    } else {
        sql = "SELECT id FROM meta";
    }
    // "+rowid": a plain rowid IN (...) would be pushed into FTS5, which then runs the MATCH
    // once per listed rowid (12 s instead of 0.1 s at 100k).
    const std::string key = r.q.empty() ? "id" : "+rowid";
    for (const auto& [facet, values] : r.filters) {
        if (facet == skip) continue;
        std::string in;
        for (const auto& v : values) {
            in += in.empty() ? "?" : ",?";
            binds.push_back(v);
        }
        where.push_back(key + " IN (SELECT doc FROM facet WHERE f='" + facet + "' AND v IN (" + in + "))");
    }
    for (size_t i = 0; i < where.size(); ++i) sql += (i ? " AND " : " WHERE ") + where[i];
    return sql;
}

bool has_filters_but(const Request& r, const std::string& skip) {
    return std::any_of(r.filters.begin(), r.filters.end(), [&](const auto& f) { return f.first != skip; });
}

void fts5_request(Sqlite& db, const Request& r, bool facets) {
    // Top 10 by bm25 (title weighted 5x, as kb weights title words), or newest first.
    {
        std::vector<std::string> binds;
        std::string sql = match_set(r, "", binds);
        if (!r.q.empty()) {
            const size_t from = sql.find(" FROM notes");
            sql = "SELECT rowid" + sql.substr(from) + " ORDER BY bm25(notes, 5.0, 1.0) LIMIT 10 OFFSET ?";
        } else {
            sql += " ORDER BY date DESC LIMIT 10 OFFSET ?";
        }
        db.run(sql, binds, (r.page - 1) * 10);
    }
    if (!facets) return;
    // The total.
    {
        std::vector<std::string> binds;
        const std::string set = match_set(r, "", binds);
        db.run("SELECT count(*) FROM (" + set + ")", binds);
    }
    // Facets without a selection: counted over the full match; each selected facet over
    // the match without its own filter (disjunctive counts).
    auto count = [&](const std::string& skip, const std::vector<std::string>& which) {
        std::string in;
        for (const auto& f : which) in += (in.empty() ? "'" : ",'") + f + "'";
        std::vector<std::string> binds;
        if (r.q.empty() && !has_filters_but(r, skip)) {
            db.run("SELECT f, v, count(*) FROM facet WHERE f IN (" + in + ") GROUP BY f, v", binds);
            return;
        }
        const std::string set = match_set(r, skip, binds);
        db.run("SELECT f, v, count(*) FROM facet WHERE f IN (" + in + ") AND doc IN (" + set + ") GROUP BY f, v", binds);
    };
    std::vector<std::string> unselected;
    for (const auto& f : kFacets)
        if (std::none_of(r.filters.begin(), r.filters.end(), [&](const auto& s) { return s.first == f; }))
            unselected.push_back(f);
    if (!unselected.empty()) count("", unselected);
    for (const auto& [facet, _] : r.filters) count(facet, {facet});
}

int fts5_query(const std::string& db_path, const std::string& mode, int rounds) {
    Sqlite db(db_path);
    const auto mix = kb::bench::query_mix();
    std::vector<double> times;
    for (int round = 0; round < rounds; ++round) {
        for (const auto& params : mix) {
            const Request r = to_request(params);
            const auto start = std::chrono::steady_clock::now();
            fts5_request(db, r, mode == "facets");
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
    }
    db.finalize_all();
    report("fts5-" + mode, times);
    return 0;
}

// ---- Xapian on omindex's database, as quest queries it --------------------------------

int xapian_query(const std::string& db_path, int rounds) {
    const Xapian::Database db(db_path);
    const auto mix = kb::bench::query_mix();
    std::vector<double> times;
    for (int round = 0; round < rounds; ++round) {
        for (const auto& params : mix) {
            const Request r = to_request(params);
            if (r.q.empty()) continue;  // quest has no browsing
            const auto start = std::chrono::steady_clock::now();
            // quest -d DB -o and -p title:S -m 10: omindex stems English, titles under S.
            Xapian::QueryParser qp;
            qp.set_database(db);
            qp.set_stemmer(Xapian::Stem("english"));
            qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
            qp.set_default_op(Xapian::Query::OP_AND);
            qp.add_prefix("title", "S");
            Xapian::Enquire e(db);
            e.set_query(qp.parse_query(r.q, Xapian::QueryParser::FLAG_DEFAULT));
            const Xapian::MSet m = e.get_mset(static_cast<Xapian::doccount>((r.page - 1) * 10), 10);
            for (auto it = m.begin(); it != m.end(); ++it) (void)it.get_document().get_data();
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        }
    }
    report("xapian-omindex", times);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kb-bench-peers: the peers' side of the benchmarks (bench/run)"};
    app.require_subcommand(1);

    auto* mix = app.add_subcommand("mix", "Print the query mix");
    bool urls = false, text = false;
    std::string path = "/api/search";
    mix->add_flag("--urls", urls, "As API paths, one per line (for wrk)");
    mix->add_flag("--text", text, "As the distinct non-empty text queries, one per line (for quest)");
    mix->add_option("--path", path, "Path of the search endpoint");

    auto* load = app.add_subcommand("fts5-load", "SQLite FTS5: bulk insert the .txt notes in one transaction");
    std::string txt_dir, db_path;
    load->add_option("--txt", txt_dir, "Directory of .txt notes (kb-gen-corpus --formats txt)")->required();
    load->add_option("--db", db_path, "SQLite database file to create (replaced)")->required();

    auto* fq = app.add_subcommand("fts5-query", "SQLite FTS5: time the query mix");
    std::string mode = "top";
    int rounds = 1;
    fq->add_option("--db", db_path, "SQLite database file")->required();
    fq->add_option("--mode", mode, "top | facets")->check(CLI::IsMember({"top", "facets"}));
    fq->add_option("--rounds", rounds, "Times to run the whole mix");

    auto* xq = app.add_subcommand("xapian-query", "Time the text part of the mix on omindex's database, as quest would");
    xq->add_option("--db", db_path, "omindex's database")->required();
    xq->add_option("--rounds", rounds, "Times to run the whole mix");

    CLI11_PARSE(app, argc, argv);
    try {
        if (mix->parsed()) {
            if (text) {
                for (const auto& q : kb::bench::text_queries())
                    if (!q.empty()) std::cout << q << "\n";
                return 0;
            }
            for (const auto& params : kb::bench::query_mix()) {
                std::string url = path;
                char sep = '?';
                for (const auto& [k, v] : params) {
                    url += sep + k + "=" + url_encoded(v);
                    sep = '&';
                }
                std::cout << url << "\n";
            }
            return 0;
        }
        if (load->parsed()) return fts5_load(txt_dir, db_path);
        if (fq->parsed()) return fts5_query(db_path, mode, rounds);
        if (xq->parsed()) return xapian_query(db_path, rounds);
    } catch (const std::exception& e) {
        std::cerr << "kb-bench-peers: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
