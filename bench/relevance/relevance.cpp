// kb-relevance: the relevance benchmark on judged practitioner queries.
//   run     kb's top 10 for each judged query (kb::search in process), as a TREC run
//   eval    scores a TREC run (kb's or a peer's): nDCG@10, P@5, MRR, share with no result,
//           overall and per kind of query; with thresholds, exits 1 when one is unmet
//   export  the indexed notes and the queries as plain files, so that every peer tool of
//           bench/relevance/run indexes the same text and answers the same queries
// Exit status: 0 done (thresholds met), 1 a threshold unmet, 2 bad input or usage.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "document.h"
#include "html_escape.h"
#include "index_store.h"
#include "judged_queries.h"
#include "metrics.h"
#include "schema.h"
#include "search.h"
#include "version.h"

namespace fs = std::filesystem;
using namespace kb::relevance;

namespace {

// Input problems are the caller's to fix: all of them at once, then exit 2.
struct InputError {};

void report(const kb::Problems& problems) {
    for (const auto& p : problems) std::cerr << "kb-relevance: " << p.to_string() << "\n";
    if (!problems.empty()) throw InputError{};
}

// Every note a query judges must be in the index: a renamed note would otherwise count as
// a miss for every tool.
void check_judged_notes(const Xapian::Database& db, const std::string& db_path,
                        const std::vector<JudgedQuery>& queries) {
    kb::Problems problems;
    for (const auto& q : queries)
        for (const auto& [note, grade] : q.judgements)
            if (!db.term_exists(kb::PREFIX_ID + note))
                problems.push_back(
                    {q.file, q.line, "query " + q.id + ": judged note '" + note + "' is not in the index " + db_path});
    report(problems);
}

std::vector<JudgedQuery> load_queries(const std::vector<std::string>& files, const std::string& db_path) {
    kb::Problems problems;
    auto queries = load_judged_queries(files, problems);
    report(problems);
    if (!db_path.empty()) check_judged_notes(kb::open_index(db_path), db_path, queries);
    return queries;
}

// ---- run -------------------------------------------------------------------------------

void run_kb(const std::string& db_path, const std::vector<std::string>& files, const std::string& tag) {
    const auto queries = load_queries(files, db_path);
    const Xapian::Database db = kb::open_index(db_path);
    for (const auto& q : queries) {
        kb::SearchRequest request;
        request.q = q.query;
        request.lang = q.lang;
        request.size = static_cast<int>(NDCG_DEPTH);
        const auto result = kb::search(db, request);
        if (!result) {
            // Counted as a query with no result, which it is for the user.
            std::cerr << "kb-relevance: " << q.id << ": search refused \"" << q.query
                      << "\": " << result.error().message << "\n";
            continue;
        }
        // The API's hits carry no weight: descending scores keep the run valid TREC.
        int rank = 0;
        for (const auto& hit : result.value()["hits"]) {
            ++rank;
            std::cout << run_line(q.id, hit["id"].get<std::string>(), rank, 1.0 / rank, tag) << "\n";
        }
    }
}

// ---- eval ------------------------------------------------------------------------------

struct EvalOptions {
    std::vector<std::string> query_files;
    std::string run_file, db, name, format = "markdown";
    std::optional<double> min_ndcg, min_p5;
    bool no_empty = false, per_query = false;
};

struct Scored {
    const JudgedQuery* query;
    QueryScore score;
    std::vector<std::string> got;
};

std::string fixed(double v, int digits = 3) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(digits) << v;
    return out.str();
}

std::string percent(double share) { return fixed(100 * share, 1) + "%"; }

// "note-a (2), note-b (0)": ids with their grades, the first `n`.
std::string graded(const std::vector<std::string>& ids, const std::map<std::string, int>& judgements, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < n; ++i) {
        const auto it = judgements.find(ids[i]);
        out +=
            (out.empty() ? "" : ", ") + ids[i] + " (" + std::to_string(it == judgements.end() ? 0 : it->second) + ")";
    }
    return out.empty() ? "nothing" : out;
}

std::vector<std::string> wanted(const JudgedQuery& q) {
    std::vector<std::pair<int, std::string>> by_grade;
    for (const auto& [note, grade] : q.judgements)
        if (grade > 0) by_grade.emplace_back(-grade, note);
    std::sort(by_grade.begin(), by_grade.end());
    std::vector<std::string> out;
    for (const auto& [g, note] : by_grade) out.push_back(note);
    return out;
}

// Overall, then per kind in query_kinds() order (kinds with no query left out).
std::vector<std::pair<std::string, Summary>> summaries(const std::vector<Scored>& scored) {
    std::vector<std::pair<std::string, Summary>> out;
    std::vector<QueryScore> all;
    for (const auto& s : scored) all.push_back(s.score);
    out.emplace_back("all", summarise(all));
    for (const auto& kind : query_kinds()) {
        std::vector<QueryScore> of_kind;
        for (const auto& s : scored)
            if (s.query->kind == kind) of_kind.push_back(s.score);
        if (!of_kind.empty()) out.emplace_back(kind, summarise(of_kind));
    }
    return out;
}

void print_table(const EvalOptions& o, const std::vector<std::pair<std::string, Summary>>& rows) {
    if (o.format == "tsv") {
        for (const auto& [kind, s] : rows)
            std::cout << o.name << "\t" << kind << "\t" << s.queries << "\t" << fixed(s.ndcg) << "\t"
                      << fixed(s.precision) << "\t" << fixed(s.mrr) << "\t" << fixed(s.empty_share()) << "\n";
        return;
    }
    std::cout << "Relevance of " << o.name << " (run " << o.run_file << "): " << rows.front().second.queries
              << (rows.front().second.queries == 1 ? " judged query\n\n" : " judged queries\n\n");
    std::cout << "| Kind | Queries | nDCG@10 | P@5 | MRR | No result |\n|---|---|---|---|---|---|\n";
    for (const auto& [kind, s] : rows)
        std::cout << "| " << kind << " | " << s.queries << " | " << fixed(s.ndcg) << " | " << fixed(s.precision)
                  << " | " << fixed(s.mrr) << " | " << percent(s.empty_share()) << " |\n";
}

void print_per_query(const std::vector<Scored>& scored) {
    std::cout << "\nPer query: id, kind, nDCG@10, P@5, RR, the query, the top 3 (grade)\n";
    for (const auto& s : scored)
        std::cout << "  " << std::left << std::setw(12) << s.query->id << std::setw(13) << s.query->kind
                  << fixed(s.score.ndcg) << "  " << fixed(s.score.precision) << "  " << fixed(s.score.rr) << "  \""
                  << s.query->query << "\"  -> " << graded(s.got, s.query->judgements, 3) << "\n";
}

void print_weak(const std::vector<Scored>& scored) {
    std::vector<const Scored*> weak;
    for (const auto& s : scored)
        if (s.score.empty || s.score.ndcg < 0.5) weak.push_back(&s);
    std::cout << "\nQueries with no result or nDCG@10 < 0.50: " << weak.size() << "\n";
    for (const auto* s : weak) {
        const auto& q = *s->query;
        std::cout << "  " << q.id << " [" << q.kind << ", " << q.lang << "] \"" << q.query << "\"\n"
                  << "    nDCG@10 " << fixed(s->score.ndcg) << ", P@5 " << fixed(s->score.precision) << ", RR "
                  << fixed(s->score.rr) << "\n"
                  << "    got:    " << graded(s->got, q.judgements, PRECISION_DEPTH) << "\n"
                  << "    wanted: " << graded(wanted(q), q.judgements, NDCG_DEPTH) << "\n";
    }
}

// The unmet thresholds, each named with the option that set it.
std::vector<std::string> unmet(const EvalOptions& o, const Summary& all, const std::vector<Scored>& scored) {
    std::vector<std::string> out;
    if (o.min_ndcg && all.ndcg < *o.min_ndcg)
        out.push_back("nDCG@10 " + fixed(all.ndcg) + " < " + fixed(*o.min_ndcg, 2) + " (--min-ndcg)");
    if (o.min_p5 && all.precision < *o.min_p5)
        out.push_back("P@5 " + fixed(all.precision) + " < " + fixed(*o.min_p5, 2) + " (--min-p5)");
    if (o.no_empty && all.empty > 0) {
        std::string ids;
        for (const auto& s : scored)
            if (s.score.empty) ids += (ids.empty() ? "" : ", ") + s.query->id;
        out.push_back(std::to_string(all.empty) + (all.empty == 1 ? " query" : " queries") +
                      " with no result (--no-empty): " + ids);
    }
    return out;
}

// A tool whose run names no note of the index (a path instead of an id, say) would score 0
// without a word: say so, but score it as it is.
void warn_unknown_results(const Xapian::Database& db, const std::string& run_file, const Run& run) {
    std::size_t unknown = 0;
    std::string example;
    for (const auto& [qid, docs] : run)
        for (const auto& doc : docs)
            if (!db.term_exists(kb::PREFIX_ID + doc) && unknown++ == 0) example = doc;
    if (unknown)
        std::cerr << "kb-relevance: " << run_file << ": " << unknown << " results are no note of the index (such as '"
                  << example << "'): scored as not relevant\n";
}

int eval(EvalOptions o) {
    const auto queries = load_queries(o.query_files, o.db);
    kb::Problems problems;
    const Run run = read_run(o.run_file, NDCG_DEPTH, problems);
    report(problems);
    std::set<std::string> known;
    for (const auto& q : queries) known.insert(q.id);
    for (const auto& [qid, docs] : run)
        if (!known.count(qid))
            std::cerr << "kb-relevance: " << o.run_file << ": query " << qid << " is not judged: ignored\n";
    if (!o.db.empty()) warn_unknown_results(kb::open_index(o.db), o.run_file, run);
    if (o.name.empty()) o.name = fs::path(o.run_file).stem().string();

    std::vector<Scored> scored;
    for (const auto& q : queries) {
        const auto it = run.find(q.id);
        const std::vector<std::string> got = it == run.end() ? std::vector<std::string>{} : it->second;
        scored.push_back({&q, score_query(q.judgements, got), got});
    }
    const auto rows = summaries(scored);
    print_table(o, rows);
    if (o.per_query) print_per_query(scored);
    const bool thresholds = o.min_ndcg || o.min_p5 || o.no_empty;
    if (!thresholds) return 0;
    print_weak(scored);
    const auto failed = unmet(o, rows.front().second, scored);
    std::cout << "\n";
    for (const auto& f : failed) std::cout << "UNMET: " << f << "\n";
    if (failed.empty()) std::cout << "All thresholds met.\n";
    return failed.empty() ? 0 : 1;
}

// ---- export ----------------------------------------------------------------------------

// Tabs and line ends would break a TSV row; ranking ignores them.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\t' || c == '\n' || c == '\r') c = ' ';
    return s;
}

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

// The note's text and, one line each, the front-matter values a reader sees on its page.
std::string peer_body(const kb::Document& d, const std::string& text) {
    std::string out = text;
    for (const auto* values : {&d.topics, &d.articles, &d.regions, &d.countries})
        if (!values->empty()) out += "\n" + joined(*values);
    return out + "\n" + d.type;
}

std::string peer_html(const kb::Document& d, const std::string& body) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"" + kb::html_escape(d.language) +
                      "\">\n<head><meta charset=\"utf-8\"><title>" + kb::html_escape(d.title) +
                      "</title></head>\n<body>\n";
    std::istringstream lines(body);
    std::string line;
    while (std::getline(lines, line))
        if (!line.empty()) out += "<p>" + kb::html_escape(line) + "</p>\n";
    return out + "</body>\n</html>\n";
}

void write_file(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

void export_for_peers(const std::string& db_path, const std::vector<std::string>& files, const fs::path& out_dir) {
    const auto queries = load_queries(files, db_path);
    const Xapian::Database db = kb::open_index(db_path);
    fs::create_directories(out_dir / "html");
    std::map<std::string, std::pair<kb::Document, std::string>> notes;  // sorted by id
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const auto data = nlohmann::json::parse(db.get_document(*it).get_data(), nullptr, false);
        if (!data.is_object()) continue;
        kb::Document d = kb::document_from_data(data);
        notes.emplace(d.id, std::make_pair(d, data.value("text", "")));
    }
    std::string tsv;
    for (const auto& [id, note] : notes) {
        const auto& [d, text] = note;
        const std::string body = peer_body(d, text);
        write_file(out_dir / "html" / (id + ".html"), peer_html(d, body));
        tsv += one_line(id) + "\t" + one_line(d.title) + "\t" + one_line(body) + "\n";
    }
    write_file(out_dir / "notes.tsv", tsv);
    std::string qtsv;
    for (const auto& q : queries) qtsv += q.id + "\t" + q.lang + "\t" + q.kind + "\t" + one_line(q.query) + "\n";
    write_file(out_dir / "queries.tsv", qtsv);
    std::cerr << "kb-relevance: " << notes.size() << " notes and " << queries.size() << " queries written to "
              << out_dir.string() << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{
        "kb-relevance: kb's relevance on judged practitioner queries (tests/relevance/queries-*.yaml).\n"
        "Exit status: 0 done (every threshold met), 1 a threshold unmet, 2 bad input or usage."};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("kb-relevance ") + kb::version());

    std::string db, tag = "kb", out_dir;
    std::vector<std::string> query_files;
    auto* run = app.add_subcommand(
        "run", "Print kb's top 10 for every judged query as a TREC run (QID Q0 DOCID RANK SCORE TAG)");
    run->add_option("--db", db, "Index directory (as given to kb-index --db)")->required();
    run->add_option("--queries", query_files, "Judged queries (YAML); repeat for several files")->required();
    run->add_option("--tag", tag, "The run's name in its last column");

    EvalOptions eo;
    auto* ev = app.add_subcommand("eval", "Score a TREC run against the judged queries");
    ev->add_option("--queries", eo.query_files, "Judged queries (YAML); repeat for several files")->required();
    ev->add_option("--run", eo.run_file, "The TREC run to score")->required();
    ev->add_option("--db", eo.db, "Check that every judged note is in this index");
    ev->add_option("--name", eo.name, "The tool's name in the table (default: the run file's name)");
    ev->add_option("--min-ndcg", eo.min_ndcg, "Exit 1 unless the mean nDCG@10 reaches this")
        ->check(CLI::Range(0.0, 1.0));
    ev->add_option("--min-p5", eo.min_p5, "Exit 1 unless the mean P@5 reaches this")->check(CLI::Range(0.0, 1.0));
    ev->add_flag("--no-empty", eo.no_empty, "Exit 1 if any query has no result");
    ev->add_flag("--per-query", eo.per_query, "Also print each query's scores and top 3");
    ev->add_option("--format", eo.format,
                   "markdown (default) or tsv (name, kind, queries, nDCG@10, P@5, MRR, empty share)")
        ->check(CLI::IsMember({"markdown", "tsv"}));

    auto* ex = app.add_subcommand(
        "export", "Write the indexed notes (html/ID.html, notes.tsv) and the queries (queries.tsv) for the peer tools");
    ex->add_option("--db", db, "Index directory")->required();
    ex->add_option("--queries", query_files, "Judged queries (YAML); repeat for several files")->required();
    ex->add_option("--out", out_dir, "Directory to write into")->required();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }

    try {
        if (*run) run_kb(db, query_files, tag);
        else if (*ev) return eval(eo);
        else export_for_peers(db, query_files, out_dir);
        return 0;
    } catch (const InputError&) {
    } catch (const Xapian::Error& e) {
        std::cerr << "kb-relevance: " << e.get_msg() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kb-relevance: " << e.what() << "\n";
    }
    return 2;
}
