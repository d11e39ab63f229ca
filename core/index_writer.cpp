#include "index_writer.h"

#include <nlohmann/json.hpp>

#include "language.h"
#include "markdown.h"
#include "schema.h"

namespace kb {

namespace {
// Title words count five times a body word, headings three times (two extra).
constexpr Xapian::termcount TITLE_WEIGHT = 5;
constexpr Xapian::termcount HEADING_EXTRA_WEIGHT = 2;
constexpr Xapian::termcount METADATA_WEIGHT = 2;

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += s + "\n";
    return out;
}
}  // namespace

IndexWriter::IndexWriter(const std::string& path, bool create, bool durable)
    : db_(path, (create ? Xapian::DB_CREATE_OR_OVERWRITE : Xapian::DB_CREATE_OR_OPEN) | (durable ? 0 : Xapian::DB_NO_SYNC)) {
    tg_.set_stemmer(Xapian::Stem("english"));
    tg_.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    tg_.set_database(db_);
    tg_.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
}

Xapian::Document IndexWriter::to_xapian(const Document& d) {
    const MarkdownText md = markdown_to_text(d.body);
    // French and Italian elisions ("l'entraide") would otherwise make one term of two words.
    const bool elisions = d.language == "fr" || d.language == "it";
    auto words = [&](const std::string& s) { return elisions ? split_elisions(s) : s; };
    const std::string title = words(d.title), text = words(md.text), headings = words(md.headings);
    Xapian::Document x;
    tg_.set_document(x);
    tg_.set_termpos(0);

    tg_.index_text(title, 1, PREFIX_TITLE);
    tg_.index_text(title, TITLE_WEIGHT);
    tg_.increase_termpos(100);
    tg_.index_text_without_positions(headings, HEADING_EXTRA_WEIGHT);
    tg_.index_text(text);
    tg_.increase_termpos(100);
    // Metadata words are searchable as text too: "Colombia", "videoconference".
    tg_.index_text(joined(d.topics) + joined(d.countries) + joined(d.regions) + joined(d.articles),
                   METADATA_WEIGHT);
    tg_.increase_termpos(100);
    tg_.index_text(d.source);

    // A note in another language also gets that language's stems, so a query stemmed
    // in that language finds it.
    if (d.language != "en") {
        const std::string stemmer = stemmer_name(d.language);
        if (!stemmer.empty()) {
            Xapian::TermGenerator local;
            local.set_stemmer(Xapian::Stem(stemmer));
            local.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
            local.set_document(x);
            local.index_text_without_positions(title, TITLE_WEIGHT);
            local.index_text_without_positions(text);
        }
    }

    x.add_boolean_term(PREFIX_ID + d.id);
    auto add_facet = [&](const char* name, const std::vector<std::string>& values) {
        const Facet& f = *find_facet(name);
        for (const auto& v : values) x.add_boolean_term(facet_term(f, v));
        x.add_value(f.slot, pack_values(values));
    };
    add_facet("article", d.articles);
    add_facet("region", d.regions);
    add_facet("topic", d.topics);
    add_facet("country", d.countries);
    add_facet("type", {d.type});
    add_facet("year", {d.date.substr(0, 4)});
    add_facet("language", {d.language});

    x.add_value(SLOT_DATE, d.date.substr(0, 4) + d.date.substr(5, 2) + d.date.substr(8, 2));
    x.add_value(SLOT_PATH, d.path);
    x.add_value(SLOT_HASH, d.hash);
    x.add_value(SLOT_ID, d.id);
    x.set_data(stored_data(d, md.text).dump());
    return x;
}

Xapian::docid IndexWriter::add(const Document& doc) { return db_.add_document(to_xapian(doc)); }

void IndexWriter::replace(Xapian::docid id, const Document& doc) { db_.replace_document(id, to_xapian(doc)); }

void IndexWriter::remove(Xapian::docid id) { db_.delete_document(id); }

void IndexWriter::add_indexed(const Xapian::Document& doc) { db_.add_document(doc); }

void IndexWriter::store_vocabulary(const Vocabulary& vocab) {
    std::vector<std::string> old_keys;
    for (auto k = db_.synonym_keys_begin(); k != db_.synonym_keys_end(); ++k) old_keys.push_back(*k);
    for (const auto& k : old_keys) db_.clear_synonyms(k);
    // Each member of a group lists every other member. Values may be phrases; the query
    // side (query_rewriter) expands them, since Xapian's own expansion takes single terms.
    for (const auto& group : vocab.synonyms)
        for (const auto& key : group)
            for (const auto& other : group)
                if (other != key) db_.add_synonym(key, other);
    db_.set_metadata(META_SCHEMA, std::to_string(SCHEMA_VERSION));
    db_.set_metadata(META_VOCAB_HASH, vocab.hash);
    db_.set_metadata(META_CONCORDANCE, vocab.concordance.to_json().dump());
    db_.set_metadata(META_QUERY_LEXICON, vocab.query_lexicon.to_json().dump());
}

void IndexWriter::begin() {
    db_.begin_transaction(true);
    in_transaction_ = true;
}

void IndexWriter::commit() {
    if (in_transaction_) db_.commit_transaction();
    else db_.commit();
    in_transaction_ = false;
}

}  // namespace kb
