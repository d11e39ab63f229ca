// IndexWriter: turns Documents into Xapian documents (terms, prefixes, values per the schema)
// and writes them, with the vocabulary's synonyms and metadata, to one writable database.
#pragma once

#include <string>

#include <xapian.h>

#include "document.h"
#include "vocabulary.h"

namespace kb {

class IndexWriter {
public:
    // Creates or opens the database at `path`; `create` overwrites whatever is there.
    // `durable` false: commits skip fsync, for a scratch database that is merged (and
    // synced) elsewhere before anyone reads it.
    IndexWriter(const std::string& path, bool create, bool durable = true);

    Xapian::docid add(const Document& doc);
    void replace(Xapian::docid id, const Document& doc);
    void remove(Xapian::docid id);
    // Copies a document as indexed elsewhere (keeps a note whose new version is broken).
    void add_indexed(const Xapian::Document& doc);

    // Stores synonyms, the concordance and the vocabulary hash; replaces earlier ones.
    void store_vocabulary(const Vocabulary& vocab);

    // Groups what follows into one transaction: all of it is committed or none.
    void begin();
    // Commits: on return the changes are on disk and visible to new readers.
    void commit();

    Xapian::WritableDatabase& database() { return db_; }

private:
    Xapian::Document to_xapian(const Document& doc);

    Xapian::WritableDatabase db_;
    Xapian::TermGenerator tg_;
    bool in_transaction_ = false;
};

}  // namespace kb
