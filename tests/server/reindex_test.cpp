// The server picks up a re-indexed knowledge base without a restart and without a failed
// request: clients keep searching while kb-index updates in place and rebuilds into a new
// generation, again and again.
#include <atomic>
#include <mutex>

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;

namespace {

std::string marked_note(const std::string& title, const std::string& word) {
    return note(title, "articles: [UNCAC 46]\nregions: [African Group]\ntopics: [mutual legal assistance]\n",
                "A note added while the server runs; its marker word is " + word + ".");
}

long total_for(httplib::Client& client, const std::string& q) {
    return get_json(client, "/api/search?q=" + q)["total"].get<long>();
}

// Clients that search, browse and read notes in a loop until told to stop.
class ClientLoops {
public:
    ClientLoops(int port, int count) {
        for (int i = 0; i < count; ++i) threads_.emplace_back([this, port, i] { run(port, i); });
    }
    ~ClientLoops() { stop(); }
    void stop() {
        done_ = true;
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }
    long requests() const { return requests_; }
    std::vector<std::string> failures() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return failures_;
    }

private:
    void run(int port, int which) {
        static const std::vector<std::string> paths = {
            "/api/search?q=mutual+legal+assistance&region=African+Group&type=practice",
            "/search?q=extradition&article=UNCAC+44&region=Asia-Pacific+Group",
            "/api/search?q=videoconference+testimony",
            "/api/search?sort=date&size=50",
            "/",
            "/healthz",
        };
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(20);
        client.set_url_encode(false);
        std::size_t i = static_cast<std::size_t>(which);
        while (!done_) {
            const std::string& path = paths[i++ % paths.size()];
            auto res = client.Get(path.c_str());
            ++requests_;
            if (!res || res->status != 200) {
                std::lock_guard<std::mutex> lock(mutex_);
                failures_.push_back(path + " -> " +
                                    (res ? std::to_string(res->status) + " " + res->body.substr(0, 200)
                                         : "no response: " + httplib::to_string(res.error())));
            }
        }
    }

    std::atomic<bool> done_{false};
    std::atomic<long> requests_{0};
    mutable std::mutex mutex_;
    std::vector<std::string> failures_;
    std::vector<std::thread> threads_;
};

}  // namespace

TEST_CASE("searches never fail while kb-index updates and rebuilds, and changes show at once") {
    Corpus corpus(Corpus::Source::bundled);
    const std::string content = corpus.content().string(), db = corpus.db().string();
    REQUIRE(run_program({kb_index_path(), "--content", content, "--db", db}) == 0);
    ServeProcess serve({"--db", db, "--port", "0", "--threads", "6", "--quiet"});
    REQUIRE(serve.wait_until_serving());
    auto client = serve.client();
    const long notes = get_json(*client, "/healthz")["documents"].get<long>();

    ClientLoops loops(serve.port(), 3);
    for (int round = 1; round <= 3; ++round) {
        const std::string r = std::to_string(round);
        INFO("round " << r);
        // An added note, indexed incrementally (in place, in the current generation).
        corpus.write_note("practices/zz-added-" + r + ".md", marked_note("Added note " + r, "quokkaadded" + r));
        std::string output;
        REQUIRE(run_program({kb_index_path(), "--content", content, "--db", db}, &output) == 0);
        CAPTURE(output);
        CHECK(total_for(*client, "quokkaadded" + r) == 1);
        CHECK(get_json(*client, "/api/doc/zz-added-" + r)["title"] == "Added note " + r);

        // The same note changed, then a full rebuild into a new generation.
        corpus.write_note("practices/zz-added-" + r + ".md", marked_note("Changed note " + r, "quokkachanged" + r));
        REQUIRE(run_program({kb_index_path(), "--content", content, "--db", db, "--full"}, &output) == 0);
        CHECK(total_for(*client, "quokkachanged" + r) == 1);
        CHECK(total_for(*client, "quokkaadded" + r) == 0);
        CHECK(get_json(*client, "/api/doc/zz-added-" + r)["title"] == "Changed note " + r);
        CHECK(get_json(*client, "/healthz")["documents"] == notes + round);
    }
    // A removed note disappears with the next incremental run.
    std::filesystem::remove(corpus.content() / "practices/zz-added-1.md");
    REQUIRE(run_program({kb_index_path(), "--content", content, "--db", db}) == 0);
    CHECK(total_for(*client, "quokkachanged1") == 0);
    int status = 0;
    get_json(*client, "/api/doc/zz-added-1", &status);
    CHECK(status == 404);

    loops.stop();
    const auto failures = loops.failures();
    for (const auto& f : failures) UNSCOPED_INFO(f);
    CHECK(failures.empty());
    CHECK(loops.requests() > 50);
}

TEST_CASE("the in-process server sees a rebuilt generation and an in-place update on the next request") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db(), 2);
    auto client = server.client();
    CHECK(total_for(*client, "wombatword") == 0);  // the pool now holds open handles

    corpus.write_note("notes/k-new.md", note("New note", "", "The wombatword appears here."));
    corpus.index(/*full=*/true);
    CHECK(total_for(*client, "wombatword") == 1);

    corpus.write_note("notes/l-newer.md", note("Newer note", "", "Another wombatword here."));
    corpus.index();
    CHECK(total_for(*client, "wombatword") == 2);
    CHECK(get_json(*client, "/healthz")["documents"] == 11);
}

TEST_CASE("while the index is missing the server answers 503, and recovers once it is back") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db(), 2);
    auto client = server.client();
    CHECK(get_json(*client, "/healthz")["documents"] == 9);

    std::filesystem::remove_all(corpus.db());
    int status = 0;
    const json health = get_json(*client, "/healthz", &status);
    CHECK(status == 503);
    CHECK(health["status"] == "unavailable");
    const json search = get_json(*client, "/api/search?q=bank", &status);
    CHECK(status == 503);
    CHECK(search.contains("error"));
    auto page = client->Get("/search?q=bank");
    REQUIRE(page);
    CHECK(page->status == 503);
    CHECK(page->body.find("The knowledge base is not available") != std::string::npos);

    corpus.index();
    CHECK(get_json(*client, "/healthz", &status)["documents"] == 9);
    CHECK(status == 200);
}

TEST_CASE("facet counts follow a note whose metadata changed in place") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db(), 2);
    auto client = server.client();
    auto region_count = [&](const std::string& region) {
        const json all = get_json(*client, "/api/search");
        for (const auto& row : all["facets"]["region"])
            if (row["value"] == region) return row["count"].get<long>();
        return 0L;
    };
    CHECK(region_count("Eastern European Group") == 1);
    CHECK(region_count("Asia-Pacific Group") == 1);
    // f-informal moves region: the same file, so the same document is replaced in place
    // and the document count does not change.
    corpus.write_note("notes/f-informal.md",
                      "---\ntitle: Informal cooperation before a criminal case\ntype: finding\n"
                      "articles: [UNCAC 48]\nregions: [Asia-Pacific Group]\ntopics: [informal cooperation]\n"
                      "source: Expert meeting report, Panama City 2013, para. 15\ndate: 2013-11-26\n---\n"
                      "Information can be shared between agencies.\n");
    corpus.index();
    CHECK(region_count("Eastern European Group") == 0);
    CHECK(region_count("Asia-Pacific Group") == 2);
    CHECK(get_json(*client, "/api/search?region=Asia-Pacific+Group")["total"] == 2);
}
