// Lucene 8 (Debian's liblucene8-java) as a peer of bench/relevance/run: prints its TREC run
// on the judged queries.
//
// Usage: java -cp LUCENE_JARS:DIR LuceneRelevance NOTES_TSV QUERIES_TSV > lucene.run
//   NOTES_TSV    id, title, body per line; QUERIES_TSV id, lang, kind, query (kb-relevance export)
//
// Configured as Lucene's documentation shows for a first search application: an in-memory
// index with fields id (stored, not analysed), title and body (analysed); EnglishAnalyzer
// (Porter stemming, English stop words) for indexing and querying; BM25Similarity (k1 1.2,
// b 0.75); the classic query syntax through MultiFieldQueryParser over title and body,
// default operator OR, the raw query escaped with QueryParser.escape; top 10.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

public final class LuceneRelevance {
    private static final int DEPTH = 10;

    private LuceneRelevance() {}

    private static void index(Directory dir, Analyzer analyzer, List<String> notes) throws IOException {
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (String line : notes) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", 3);
                Document doc = new Document();
                doc.add(new StringField("id", f[0], Field.Store.YES));
                doc.add(new TextField("title", f.length > 1 ? f[1] : "", Field.Store.NO));
                doc.add(new TextField("body", f.length > 2 ? f[2] : "", Field.Store.NO));
                writer.addDocument(doc);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java LuceneRelevance NOTES_TSV QUERIES_TSV");
            System.exit(2);
        }
        Analyzer analyzer = new EnglishAnalyzer();
        Directory dir = new ByteBuffersDirectory();
        index(dir, analyzer, Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8));

        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity());
            MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {"title", "body"}, analyzer);
            parser.setDefaultOperator(QueryParser.Operator.OR);
            StringBuilder out = new StringBuilder();
            for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", 4);
                Query query;
                try {
                    query = parser.parse(QueryParser.escape(f[3]));
                } catch (ParseException e) {
                    // As a user would see it: no result for a query the parser refuses.
                    System.err.println("LuceneRelevance: " + f[0] + ": " + e.getMessage());
                    continue;
                }
                int rank = 0;
                for (ScoreDoc hit : searcher.search(query, DEPTH).scoreDocs) {
                    String id = searcher.doc(hit.doc).get("id");
                    out.append(f[0]).append(" Q0 ").append(id).append(' ').append(++rank).append(' ')
                       .append(String.format("%.4f", hit.score)).append(" lucene\n");
                }
            }
            System.out.print(out);
        }
    }
}
