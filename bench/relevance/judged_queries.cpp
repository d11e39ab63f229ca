#include "judged_queries.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <utility>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace kb::relevance {

const std::vector<std::string>& query_kinds() {
    static const std::vector<std::string> kinds = {"question", "keywords", "everyday", "misspelling", "french",
                                                   "spanish",  "article",  "region",   "country",     "type"};
    return kinds;
}

const std::vector<std::string>& query_languages() {
    static const std::vector<std::string> langs = {"en", "fr", "es"};
    return langs;
}

namespace {

const std::vector<std::string> ENTRY_KEYS = {"id", "query", "kind", "lang", "judgements"};

int line_of(const YAML::Node& n) { return n.Mark().line + 1; }

std::string joined(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

// Ids go into whitespace-separated TREC lines.
bool is_token(const std::string& s) {
    return !s.empty() && std::none_of(s.begin(), s.end(), [](unsigned char c) { return c <= ' '; });
}

// Reads one entry of `queries:`; every problem found goes to `problems` (prefixed with the
// entry's position and id, so a writer finds it among a hundred).
class EntryReader {
public:
    EntryReader(const std::string& file, YAML::Node node, std::size_t index, Problems& problems)
        : file_(file), node_(std::move(node)), problems_(problems) {
        label_ = "entry " + std::to_string(index + 1);
    }

    std::optional<JudgedQuery> read() {
        if (!node_.IsMap()) {
            problem(node_, "must be a mapping with keys " + joined(ENTRY_KEYS));
            return std::nullopt;
        }
        JudgedQuery q;
        q.file = file_;
        q.line = line_of(node_);
        q.id = scalar("id");
        if (!q.id.empty()) {
            label_ += " (id " + q.id + ")";
            if (!is_token(q.id)) problem(node_["id"], "id must not contain spaces");
        }
        for (const auto& kv : node_) {
            const auto key = kv.first.as<std::string>("");
            if (!contains(ENTRY_KEYS, key))
                problem(kv.first, "unknown key '" + key + "' (allowed: " + joined(ENTRY_KEYS) + ")");
        }
        q.query = scalar("query");
        q.kind = scalar("kind");
        if (!q.kind.empty() && !contains(query_kinds(), q.kind))
            problem(node_["kind"], "kind '" + q.kind + "' is not one of " + joined(query_kinds()));
        q.lang = scalar("lang");
        if (!q.lang.empty() && !contains(query_languages(), q.lang))
            problem(node_["lang"], "lang '" + q.lang + "' is not one of " + joined(query_languages()));
        q.judgements = judgements();
        if (failed_) return std::nullopt;
        return q;
    }

private:
    void problem(const YAML::Node& at, const std::string& message) {
        problems_.push_back({file_, at.IsDefined() ? line_of(at) : line_of(node_), label_ + ": " + message});
        failed_ = true;
    }

    // A required, non-empty scalar; "" (with a problem) otherwise.
    std::string scalar(const char* key) {
        const YAML::Node v = node_[key];
        if (!v.IsDefined() || v.IsNull()) {
            problem(node_, std::string("missing '") + key + "'");
            return {};
        }
        if (!v.IsScalar() || v.Scalar().empty()) {
            problem(v, std::string("'") + key + "' must be a non-empty string");
            return {};
        }
        return v.Scalar();
    }

    std::map<std::string, int> judgements() {
        std::map<std::string, int> out;
        const YAML::Node j = node_["judgements"];
        if (!j.IsDefined() || j.IsNull()) {
            problem(node_, "missing 'judgements' (note-id: grade, 2 = answers it, 1 = related)");
            return out;
        }
        if (!j.IsMap()) {
            problem(j, "'judgements' must be a mapping of note-id: grade");
            return out;
        }
        for (const auto& kv : j) {
            const std::string note = kv.first.as<std::string>("");
            if (!is_token(note)) {
                problem(kv.first, "judged note id '" + note + "' is empty or contains spaces");
                continue;
            }
            int grade = -1;
            if (kv.second.IsScalar()) {
                try {
                    grade = kv.second.as<int>();
                } catch (const YAML::Exception&) {
                }
            }
            if (grade < 0 || grade > MAX_GRADE) {
                problem(kv.second,
                        "grade of " + note + " must be 0, 1 or 2, not '" + kv.second.as<std::string>("") + "'");
                continue;
            }
            if (!out.emplace(note, grade).second) problem(kv.first, note + " is judged twice");
        }
        if (!failed_ && std::none_of(out.begin(), out.end(), [](const auto& p) { return p.second > 0; }))
            problem(j, "no note graded 1 or 2: nothing could be found for it");
        return out;
    }

    const std::string& file_;
    YAML::Node node_;  // a handle: copies share the node
    Problems& problems_;
    std::string label_;
    bool failed_ = false;
};

void load_file(const std::string& file, std::vector<JudgedQuery>& out, Problems& problems) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(file);
    } catch (const YAML::BadFile&) {
        problems.push_back({file, 0, "cannot read the file"});
        return;
    } catch (const YAML::Exception& e) {
        problems.push_back({file, e.mark.line + 1, "not valid YAML: " + e.msg});
        return;
    }
    const YAML::Node list = root.IsMap() ? root["queries"] : YAML::Node();
    if (!list.IsDefined() || !list.IsSequence()) {
        problems.push_back({file, 1, "expected a top-level 'queries:' list"});
        return;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        auto q = EntryReader(file, list[i], i, problems).read();
        if (q) out.push_back(std::move(*q));
    }
}

}  // namespace

std::vector<JudgedQuery> load_judged_queries(const std::vector<std::string>& files, Problems& problems) {
    std::vector<JudgedQuery> out;
    for (const auto& f : files) load_file(f, out, problems);
    std::map<std::string, const JudgedQuery*> seen;
    for (const auto& q : out) {
        const auto [it, added] = seen.emplace(q.id, &q);
        if (!added)
            problems.push_back({q.file, q.line,
                                "id " + q.id + " is used twice (first at " + it->second->file + ":" +
                                    std::to_string(it->second->line) + ")"});
    }
    return out;
}

Run read_run(const std::string& file, std::size_t depth, Problems& problems) {
    std::ifstream in(file);
    if (!in) {
        problems.push_back({file, 0, "cannot read the run file"});
        return {};
    }
    // query id -> (rank, note id), sorted by rank below
    std::map<std::string, std::vector<std::pair<long, std::string>>> ranked;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::istringstream fields(line);
        std::string qid, q0, doc, tag;
        long rank = 0;
        double score = 0;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (!(fields >> qid >> q0 >> doc >> rank >> score >> tag) || rank < 1) {
            problems.push_back(
                {file, n, "expected 'QID Q0 DOCID RANK SCORE TAG' with RANK >= 1, got '" + line.substr(0, 120) + "'"});
            continue;
        }
        ranked[qid].emplace_back(rank, doc);
    }
    Run run;
    for (auto& [qid, docs] : ranked) {
        std::stable_sort(docs.begin(), docs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        auto& ids = run[qid];
        std::set<std::string> seen;
        for (const auto& [rank, doc] : docs)
            if (ids.size() < depth && seen.insert(doc).second) ids.push_back(doc);
    }
    return run;
}

std::string run_line(const std::string& query_id, const std::string& note_id, int rank, double score,
                     const std::string& tag) {
    std::ostringstream out;
    out << query_id << " Q0 " << note_id << " " << rank << " " << score << " " << tag;
    return out.str();
}

}  // namespace kb::relevance
