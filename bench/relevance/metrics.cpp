#include "metrics.h"

#include <algorithm>
#include <cmath>

namespace kb::relevance {

namespace {

int grade_of(const std::map<std::string, int>& judgements, const std::string& note) {
    const auto it = judgements.find(note);
    return it == judgements.end() ? 0 : it->second;
}

// DCG of grades in rank order, over the first NDCG_DEPTH; rank r (from 1) is discounted
// by log2(r + 1), as in Järvelin and Kekäläinen and trec_eval's ndcg_cut.
double dcg(const std::vector<int>& grades) {
    double sum = 0;
    for (std::size_t i = 0; i < grades.size() && i < NDCG_DEPTH; ++i)
        sum += (std::pow(2.0, grades[i]) - 1) / std::log2(static_cast<double>(i) + 2);
    return sum;
}

}  // namespace

QueryScore score_query(const std::map<std::string, int>& judgements, const std::vector<std::string>& ranked) {
    QueryScore s;
    s.empty = ranked.empty();
    std::vector<int> got;
    for (std::size_t i = 0; i < ranked.size() && i < NDCG_DEPTH; ++i) got.push_back(grade_of(judgements, ranked[i]));

    std::vector<int> ideal;
    for (const auto& [note, grade] : judgements) ideal.push_back(grade);
    std::sort(ideal.rbegin(), ideal.rend());
    const double best = dcg(ideal);
    s.ndcg = best > 0 ? dcg(got) / best : 0;

    // Capped: a query with two relevant notes that returns both in its top 5 scores 1.
    const auto relevant =
        static_cast<std::size_t>(std::count_if(ideal.begin(), ideal.end(), [](int g) { return g > 0; }));
    const auto found = static_cast<std::size_t>(
        std::count_if(got.begin(), got.begin() + static_cast<long>(std::min(got.size(), PRECISION_DEPTH)),
                      [](int g) { return g > 0; }));
    const std::size_t possible = std::min(PRECISION_DEPTH, relevant);
    s.precision = possible ? static_cast<double>(found) / static_cast<double>(possible) : 0;

    const auto first = std::find_if(got.begin(), got.end(), [](int g) { return g > 0; });
    if (first != got.end()) s.rr = 1.0 / static_cast<double>(first - got.begin() + 1);
    return s;
}

Summary summarise(const std::vector<QueryScore>& scores) {
    Summary sum;
    sum.queries = scores.size();
    for (const auto& s : scores) {
        sum.ndcg += s.ndcg;
        sum.precision += s.precision;
        sum.mrr += s.rr;
        sum.empty += s.empty ? 1 : 0;
    }
    if (sum.queries) {
        const auto n = static_cast<double>(sum.queries);
        sum.ndcg /= n;
        sum.precision /= n;
        sum.mrr /= n;
    }
    return sum;
}

}  // namespace kb::relevance
