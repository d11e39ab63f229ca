// The fixed query mix of the benchmarks: single term, two terms, phrase, boolean (OR, NOT),
// field prefix, questions and everyday words, and browsing (empty query); each plain, with
// two facet filters, with three (one facet repeated: OR within it), and with two on page 2.
// The same 212 requests as
// kb-bench-query's mix (query_bench.cpp), for the peers (kb-bench-peers) and the HTTP run.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kb::bench {

using Params = std::vector<std::pair<std::string, std::string>>;

inline std::vector<std::string> text_queries() {
    const std::vector<std::string> words = {"extradition", "assistance", "evidence", "confiscation", "treaty",
                                            "witness", "secrecy", "network", "recovery", "delay"};
    const std::vector<std::string> pairs = {"mutual assistance", "bank secrecy", "central authority",
                                            "asset recovery", "dual criminality", "joint investigation"};
    std::vector<std::string> queries;
    for (const auto& w : words) queries.push_back(w);                                // single term
    for (const auto& p : pairs) queries.push_back(p);                                // two terms
    for (const auto& p : pairs) queries.push_back("\"" + p + "\"");                  // phrase
    for (size_t i = 0; i + 1 < words.size(); ++i) queries.push_back(words[i] + " OR " + words[i + 1]);  // boolean
    for (size_t i = 0; i + 1 < words.size(); i += 2) queries.push_back(words[i] + " NOT " + words[i + 1]);
    for (const auto& w : words) queries.push_back("title:" + w);                     // field prefix
    // Questions and everyday words as practitioners type them (stop words, the thesaurus,
    // understood filters, the widening to the closest notes).
    for (const char* q : {"how have other States handled videoconference testimony?",
                          "what did reviews find about bank secrecy?",
                          "can we refuse extradition of our nationals",
                          "surrender of own citizens",
                          "what did reviews find about central authorities in the Asia-Pacific Group?",
                          "UNTOC art. 18 central authority delays"})
        queries.push_back(q);
    queries.push_back("");                                                           // browse
    return queries;
}

inline std::vector<Params> query_mix() {
    std::vector<Params> mix;
    for (const auto& q : text_queries()) {
        mix.push_back({{"q", q}});
        mix.push_back({{"q", q}, {"type", "finding"}, {"region", "African Group"}});
        mix.push_back({{"q", q}, {"topic", "bank secrecy"}, {"topic", "confiscation"}, {"year", "2013"}});
        mix.push_back({{"q", q}, {"article", "UNCAC 46"}, {"region", "Asia-Pacific Group"}, {"page", "2"}});
    }
    return mix;
}

}  // namespace kb::bench
