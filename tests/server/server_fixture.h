// Helpers for the server tests: an indexed corpus in a temporary directory, the server's
// routes on a real httplib::Server bound to a free loopback port, and the real kb-serve
// binary run as a child process. Everything is torn down by destructors (scope guards).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "content_indexer.h"
#include "database_pool.h"
#include "page_renderer.h"
#include "routes.h"
#include "test_support.h"
#include "web_assets.h"

namespace kb::test {

// A content directory and an index directory inside one TempDir.
class Corpus {
public:
    enum class Source { fixture, bundled };
    explicit Corpus(Source source = Source::fixture);

    const std::filesystem::path& content() const { return content_; }
    const std::filesystem::path& db() const { return db_; }
    const std::filesystem::path& root() const { return tmp_.path(); }

    // Writes a note file (relative to the content directory).
    void write_note(const std::string& relative, const std::string& text) const;
    // Runs kb::index_content in this process; REQUIREs that no note had a problem.
    kb::IndexSummary index(bool full = false) const;

private:
    TempDir tmp_;
    std::filesystem::path content_, db_;
};

// kb-serve's routes on a real httplib::Server on 127.0.0.1 and a free port.
class TestServer {
public:
    explicit TestServer(const std::filesystem::path& db, std::size_t threads = 4);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    int port() const { return port_; }
    // A client that sends paths exactly as written (already percent-encoded).
    std::unique_ptr<httplib::Client> client() const;
    const kb::server::ResponseCache& cache() const { return cache_; }
    // Everything the server logged so far.
    std::string log() const;

private:
    kb::server::DatabasePool pool_;
    kb::server::WebAssets assets_;
    kb::server::PageRenderer pages_;
    std::FILE* log_;
    kb::server::ResponseCache cache_;  // on, as in kb-serve: every test also checks it is never stale
    httplib::Server server_;
    int port_ = -1;
    std::thread thread_;
};

// The built kb-serve binary as a child process; stderr goes to a file the test can read.
class ServeProcess {
public:
    explicit ServeProcess(const std::vector<std::string>& args);
    ~ServeProcess();  // SIGTERM, then SIGKILL if it lingers
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    // Waits for the "serving ... at http://HOST:PORT/" line; false if the process exited
    // or the time ran out first.
    bool wait_until_serving(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // Waits for the process to end: its exit status, or -1 on timeout (or a signal).
    int wait_for_exit(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    void terminate();  // sends SIGTERM
    int port() const { return port_; }
    std::string stderr_text() const;
    std::unique_ptr<httplib::Client> client() const;

private:
    TempDir tmp_;
    std::filesystem::path stderr_path_;
    pid_t pid_ = -1;
    int port_ = -1;
    int status_ = -1;
    bool exited_ = false;
    bool terminated_ = false;
};

// Runs a program to completion; returns its exit status (-1 if it died by a signal).
int run_program(const std::vector<std::string>& args, std::string* output = nullptr);

// Paths of the built programs.
std::string kb_serve_path();
std::string kb_index_path();

// GET `path` and parse the body as JSON (REQUIREs a response with a JSON body).
nlohmann::json get_json(httplib::Client& client, const std::string& path, int* status = nullptr);

}  // namespace kb::test
