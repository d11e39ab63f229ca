// The relevance metrics, one implementation for the ctest (tests/relevance) and the
// side-by-side benchmark (bench/relevance/run): nDCG@10, capped P@5, MRR, empty results.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kb::relevance {

inline constexpr std::size_t NDCG_DEPTH = 10;  // also the depth of every run
inline constexpr std::size_t PRECISION_DEPTH = 5;

struct QueryScore {
    double ndcg = 0;       // nDCG@10, gain 2^grade - 1, ideal DCG from all the judged notes
    double precision = 0;  // P@5: relevant (grade >= 1) in the top 5 / min(5, notes graded >= 1)
    double rr = 0;         // 1 / rank of the first relevant result in the top 10, else 0
    bool empty = true;     // the tool returned nothing
};

// `ranked`: the note ids returned, best first (only the first NDCG_DEPTH count).
// `judgements`: note id -> grade; unlisted notes are grade 0.
QueryScore score_query(const std::map<std::string, int>& judgements, const std::vector<std::string>& ranked);

struct Summary {
    std::size_t queries = 0;
    std::size_t empty = 0;                    // queries with no result
    double ndcg = 0, precision = 0, mrr = 0;  // means over all the queries, empty ones as 0
    double empty_share() const { return queries ? static_cast<double>(empty) / static_cast<double>(queries) : 0; }
};

Summary summarise(const std::vector<QueryScore>& scores);

}  // namespace kb::relevance
