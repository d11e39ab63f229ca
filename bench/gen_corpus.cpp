// kb-gen-corpus: writes N synthetic notes in the content format, deterministically (same
// seed, same files), for benchmarks and large-corpus tests. Front matter uses the real
// vocabularies of a content directory; bodies of 200-800 words mix a Zipf-distributed
// synthetic vocabulary with the field's own terms.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>

#include <CLI/CLI.hpp>

#include "version.h"
#include "vocabulary.h"

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFieldTerms = {
    "extradition", "mutual", "legal", "assistance", "request", "requested", "requesting", "State",
    "central", "authority", "confiscation", "proceeds", "corruption", "evidence", "videoconference",
    "witness", "dual", "criminality", "refusal", "bank", "secrecy", "treaty", "Convention", "cooperation",
    "informal", "network", "asset", "recovery", "freezing", "seizure", "prosecution", "offence",
    "investigation", "joint", "liaison", "practitioners", "review", "recommendation", "delay", "translation"};

const std::vector<std::string> kCountries = {
    "Algeria", "Argentina", "Australia", "Brazil", "Canada", "Chile", "China", "Colombia", "Egypt",
    "Finland", "India", "Indonesia", "Italy", "Kenya", "Malaysia", "Mexico", "Nepal", "Nigeria",
    "Pakistan", "Panama", "Philippines", "Portugal", "Romania", "Russian Federation", "South Africa",
    "Spain", "Sweden", "Switzerland", "Thailand", "Turkey", "United Republic of Tanzania",
    "United States", "Viet Nam", "Zimbabwe"};

class Generator {
public:
    Generator(unsigned seed, const kb::Vocabulary& v) : rng_(seed), vocab_(v) {
        const char* onsets[] = {"b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "tr", "pl", "st"};
        const char* vowels[] = {"a", "e", "i", "o", "u", "ia", "ou"};
        std::mt19937 words_rng(12345);  // the synthetic vocabulary is the same for every seed
        for (int i = 0; i < 30000; ++i) {
            std::string w;
            const int syllables = 1 + static_cast<int>(words_rng() % 3);
            for (int s = 0; s < syllables; ++s) w += std::string(onsets[words_rng() % 16]) + vowels[words_rng() % 7];
            words_.push_back(w + (words_rng() % 3 ? "" : "n"));
        }
        double sum = 0;
        for (size_t r = 1; r <= words_.size(); ++r) cdf_.push_back(sum += 1.0 / std::pow(static_cast<double>(r), 1.07));
        for (auto& c : cdf_) c /= sum;
        for (const auto& a : v.concordance.articles()) articles_.push_back(a.id);
        if (articles_.empty()) articles_ = {"UNCAC 44", "UNCAC 46", "UNTOC 16", "UNTOC 18"};
        topics_ = v.topics.empty() ? std::vector<std::string>{"extradition", "confiscation"} : v.topics;
    }

    std::string note(size_t n) {
        static const char* types[] = {"practice", "handbook", "finding", "tool"};
        std::string out = "---\n";
        out += "title: " + capitalised(words(4 + pick(6))) + "\n";
        out += std::string("type: ") + types[pick(4)] + "\n";
        out += "articles: [" + some(articles_, 1 + pick(3)) + "]\n";
        if (pick(3) != 0) out += "regions: [" + some(vocab_.regions, 1 + pick(2)) + "]\n";
        if (pick(2) == 0) out += "countries: [" + some(kCountries, 1 + pick(2)) + "]\n";
        out += "topics: [" + some(topics_, 2 + pick(3)) + "]\n";
        out += "source: Generated note " + std::to_string(n) + " for benchmarks\n";
        char date[16];
        std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", 2003 + pick(23), 1 + pick(12), 1 + pick(28));
        out += std::string("date: ") + date + "\n---\n";
        size_t remaining = 200 + pick(601);
        while (remaining > 0) {
            if (pick(4) == 0) out += "\n## " + capitalised(words(2 + pick(4))) + "\n";
            const size_t len = std::min(remaining, 40 + pick(81));
            out += "\n" + capitalised(words(len)) + ".\n";
            remaining -= len;
        }
        return out;
    }

private:
    size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

    std::string word() {
        if (pick(10) == 0) return kFieldTerms[pick(kFieldTerms.size())];
        const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
        const size_t i = static_cast<size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
        return words_[std::min(i, words_.size() - 1)];
    }

    std::string words(size_t n) {
        std::string out;
        for (size_t i = 0; i < n; ++i) out += (i ? " " : "") + word();
        return out;
    }

    static std::string capitalised(std::string s) {
        if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
        return s;
    }

    std::string some(const std::vector<std::string>& from, size_t k) {
        std::vector<std::string> chosen;
        while (chosen.size() < std::min(k, from.size())) {
            const auto& v = from[pick(from.size())];
            if (std::find(chosen.begin(), chosen.end(), v) == chosen.end()) chosen.push_back(v);
        }
        std::string out;
        for (const auto& c : chosen) out += (out.empty() ? "" : ", ") + c;
        return out;
    }

    std::mt19937_64 rng_;
    const kb::Vocabulary& vocab_;
    std::vector<std::string> words_, articles_, topics_;
    std::vector<double> cdf_;
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kb-gen-corpus: writes synthetic notes for benchmarks and large-corpus tests"};
    std::string out, vocab_dir;
    size_t count = 1000;
    unsigned seed = 1;
    size_t first = 0;
    app.add_option("--out", out, "Directory to write (notes go to OUT/gen/; vocabularies are copied)")->required();
    app.add_option("--vocab", vocab_dir, "Content directory whose vocabularies to use")->required();
    app.add_option("--count", count, "Number of notes");
    app.add_option("--first", first, "Number of the first note (to add notes to a corpus)");
    app.add_option("--seed", seed, "Random seed");
    app.set_version_flag("--version", std::string("kb-gen-corpus ") + kb::version());
    CLI11_PARSE(app, argc, argv);

    kb::Problems problems;
    const kb::Vocabulary vocab = kb::load_vocabulary(vocab_dir, problems);
    for (const auto& p : problems) std::cerr << p.to_string() << "\n";
    if (!problems.empty()) return 1;

    fs::create_directories(fs::path(out) / "gen");
    for (const char* f : {"topics.yaml", "regions.yaml", "concordance.yaml", "synonyms.yaml"})
        if (fs::exists(fs::path(vocab_dir) / f))
            fs::copy_file(fs::path(vocab_dir) / f, fs::path(out) / f, fs::copy_options::overwrite_existing);
    Generator gen(seed + static_cast<unsigned>(first), vocab);
    for (size_t i = first; i < first + count; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "note-%07zu.md", i);
        std::ofstream(fs::path(out) / "gen" / name) << gen.note(i);
    }
    return 0;
}
