// The relevance benchmark's inputs: judged queries (tests/relevance/queries-*.yaml) and runs
// in TREC format (`QID Q0 DOCID RANK SCORE TAG`), read with every problem reported as
// "file:line: message".
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "diagnostics.h"

namespace kb::relevance {

// Grades: 2 = the note answers the query, 1 = related, 0 (or unlisted) = not relevant.
inline constexpr int MAX_GRADE = 2;

struct JudgedQuery {
    std::string id;                         // "en-001": unique across all the files read together
    std::string query;                      // what the practitioner typed
    std::string kind;                       // question, keywords, everyday, misspelling, ... (see query_kinds())
    std::string lang;                       // en, fr or es: the searcher's language
    std::map<std::string, int> judgements;  // note id -> grade
    std::string file;                       // where it was read, for messages
    int line = 0;
};

// The kinds a judged query may have, in the order the tables list them.
const std::vector<std::string>& query_kinds();
// The languages a judged query may be written in.
const std::vector<std::string>& query_languages();

// Reads the `queries:` list of each file in turn. Every malformed entry (missing or
// mistyped key, unknown kind or language, a grade outside 0-2, no note graded 1 or more,
// an id used twice) is added to `problems`; the entries read without problems are returned.
std::vector<JudgedQuery> load_judged_queries(const std::vector<std::string>& files, Problems& problems);

// One run: query id -> the note ids returned, best first (at most `depth` each). A query
// the run returned nothing for is absent.
using Run = std::map<std::string, std::vector<std::string>>;

// Reads a TREC run file; lines are ordered by their RANK within each query (as written by
// the tools: trec_eval's tie-breaking by score is not needed). Malformed lines go to
// `problems`.
Run read_run(const std::string& file, std::size_t depth, Problems& problems);

// One TREC run line: "QID Q0 DOCID RANK SCORE TAG".
std::string run_line(const std::string& query_id, const std::string& note_id, int rank, double score,
                     const std::string& tag);

}  // namespace kb::relevance
