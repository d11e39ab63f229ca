// kb-gen-corpus: writes N synthetic notes in the content format, deterministically (same
// seed, same files), for benchmarks and large-corpus tests. Front matter uses the real
// vocabularies of a content directory; bodies of 200-800 words mix a Zipf-distributed
// synthetic vocabulary with the field's own terms. With --formats, the same documents also
// as static HTML pages (for Pagefind and omindex) and as plain text (for SQLite FTS5).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

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

    // One note's content, drawn in a fixed order from the seeded generator.
    struct Note {
        std::string title, type, source, date;
        std::vector<std::string> articles, regions, countries, topics;
        std::vector<std::pair<bool, std::string>> blocks;  // (is heading, text)
    };

    Note note(size_t n) {
        static const char* types[] = {"practice", "handbook", "finding", "tool"};
        Note d;
        d.title = capitalised(words(4 + pick(6)));
        d.type = types[pick(4)];
        d.articles = some(articles_, 1 + pick(3));
        if (pick(3) != 0) d.regions = some(vocab_.regions, 1 + pick(2));
        if (pick(2) == 0) d.countries = some(kCountries, 1 + pick(2));
        d.topics = some(topics_, 2 + pick(3));
        d.source = "Generated note " + std::to_string(n) + " for benchmarks";
        char date[16];
        std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", 2003 + pick(23), 1 + pick(12), 1 + pick(28));
        d.date = date;
        size_t remaining = 200 + pick(601);
        while (remaining > 0) {
            if (pick(4) == 0) d.blocks.emplace_back(true, capitalised(words(2 + pick(4))));
            const size_t len = std::min(remaining, 40 + pick(81));
            d.blocks.emplace_back(false, capitalised(words(len)) + ".");
            remaining -= len;
        }
        return d;
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

    std::vector<std::string> some(const std::vector<std::string>& from, size_t k) {
        std::vector<std::string> chosen;
        while (chosen.size() < std::min(k, from.size())) {
            const auto& v = from[pick(from.size())];
            if (std::find(chosen.begin(), chosen.end(), v) == chosen.end()) chosen.push_back(v);
        }
        return chosen;
    }

    std::mt19937_64 rng_;
    const kb::Vocabulary& vocab_;
    std::vector<std::string> words_, articles_, topics_;
    std::vector<double> cdf_;
};


std::string joined(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// The note in our content format (front matter + Markdown).
std::string to_markdown(const Generator::Note& d) {
    std::string out = "---\n";
    out += "title: " + d.title + "\n";
    out += "type: " + d.type + "\n";
    out += "articles: [" + joined(d.articles, ", ") + "]\n";
    if (!d.regions.empty()) out += "regions: [" + joined(d.regions, ", ") + "]\n";
    if (!d.countries.empty()) out += "countries: [" + joined(d.countries, ", ") + "]\n";
    out += "topics: [" + joined(d.topics, ", ") + "]\n";
    out += "source: " + d.source + "\n";
    out += "date: " + d.date + "\n---\n";
    for (const auto& [heading, text] : d.blocks) out += (heading ? "\n## " : "\n") + text + "\n";
    return out;
}

std::string escaped(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

// The same note as a static page for Pagefind and omindex: the content inside
// data-pagefind-body, one data-pagefind-filter element per facet value.
std::string to_html(const Generator::Note& d) {
    std::string out = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                      escaped(d.title) + "</title>\n<meta name=\"description\" content=\"" + escaped(d.source) +
                      "\">\n</head>\n<body>\n<main data-pagefind-body>\n<h1>" + escaped(d.title) + "</h1>\n<ul class=\"meta\">\n";
    auto filter = [&](const char* name, const std::string& value) {
        out += std::string("<li data-pagefind-filter=\"") + name + "\">" + escaped(value) + "</li>\n";
    };
    filter("type", d.type);
    for (const auto& v : d.articles) filter("article", v);
    for (const auto& v : d.regions) filter("region", v);
    for (const auto& v : d.countries) filter("country", v);
    for (const auto& v : d.topics) filter("topic", v);
    filter("year", d.date.substr(0, 4));
    out += "</ul>\n<p class=\"source\">" + escaped(d.source) + ", " + d.date + "</p>\n";
    for (const auto& [heading, text] : d.blocks)
        out += (heading ? "<h2>" : "<p>") + escaped(text) + (heading ? "</h2>\n" : "</p>\n");
    out += "</main>\n</body>\n</html>\n";
    return out;
}

// The same note as plain text: the title, "key: value; value" lines, a blank line, the body.
std::string to_text(const Generator::Note& d) {
    std::string out = d.title + "\n";
    out += "type: " + d.type + "\n";
    out += "articles: " + joined(d.articles, "; ") + "\n";
    out += "regions: " + joined(d.regions, "; ") + "\n";
    out += "countries: " + joined(d.countries, "; ") + "\n";
    out += "topics: " + joined(d.topics, "; ") + "\n";
    out += "source: " + d.source + "\n";
    out += "date: " + d.date + "\n";
    for (const auto& [heading, text] : d.blocks) out += "\n" + text + "\n";
    return out;
}

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
    std::vector<std::string> formats = {"md"};
    app.add_option("--formats", formats,
                   "Formats to write, comma-separated: md (OUT/gen/*.md), html (OUT/html/*.html, with "
                   "Pagefind's data-pagefind-body and data-pagefind-filter), txt (OUT/txt/*.txt)")
        ->delimiter(',')
        ->check(CLI::IsMember({"md", "html", "txt"}));
    app.set_version_flag("--version", std::string("kb-gen-corpus ") + kb::version());
    CLI11_PARSE(app, argc, argv);

    kb::Problems problems;
    const kb::Vocabulary vocab = kb::load_vocabulary(vocab_dir, problems);
    for (const auto& p : problems) std::cerr << p.to_string() << "\n";
    if (!problems.empty()) return 1;

    auto wants = [&](const char* f) { return std::find(formats.begin(), formats.end(), f) != formats.end(); };
    const bool md = wants("md"), html = wants("html"), txt = wants("txt");
    // The notes go to OUT/gen/ with the vocabularies in OUT, so OUT is a content directory;
    // the peers' copies go beside it (kb-index reads only .md files).
    if (md) fs::create_directories(fs::path(out) / "gen");
    if (html) fs::create_directories(fs::path(out) / "html");
    if (txt) fs::create_directories(fs::path(out) / "txt");
    fs::create_directories(out);
    for (const char* f : {"topics.yaml", "regions.yaml", "concordance.yaml", "synonyms.yaml"})
        if (fs::exists(fs::path(vocab_dir) / f))
            fs::copy_file(fs::path(vocab_dir) / f, fs::path(out) / f, fs::copy_options::overwrite_existing);
    Generator gen(seed + static_cast<unsigned>(first), vocab);
    auto write = [](const fs::path& path, const std::string& text) {
        std::ofstream f(path, std::ios::binary);
        f << text;
        if (!f) throw std::runtime_error("cannot write " + path.string());
    };
    try {
        for (size_t i = first; i < first + count; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "note-%07zu", i);
            const Generator::Note note = gen.note(i);
            if (md) write(fs::path(out) / "gen" / (std::string(name) + ".md"), to_markdown(note));
            if (html) write(fs::path(out) / "html" / (std::string(name) + ".html"), to_html(note));
            if (txt) write(fs::path(out) / "txt" / (std::string(name) + ".txt"), to_text(note));
        }
    } catch (const std::exception& e) {
        std::cerr << "kb-gen-corpus: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
