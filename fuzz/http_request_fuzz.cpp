// Fuzz target: an HTTP request target (path + query string) as outside input, through
// kb-serve's own code in process and without a socket. The bytes become the target of
// "GET <bytes> HTTP/1.1": cpp-httplib parses the request line and decodes the path, the
// routes of server/routes.cpp (installed by kb::server::install, as kb-serve does) pick a
// handler, and the real handlers answer from a real index of the test fixture corpus and
// the source tree's web/ templates. The same bytes also go straight through
// parse_query_string and parse_search_request, which a malformed request line skips.
//
// Oracles beyond ASan/UBSan: every answer is a well-formed HTTP/1.1 response, never a 5xx
// (a handler that throws is a bug: bad input is a 4xx), always with the CSP header, and a
// 200 under /static/ is always one of the files of web/static.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <httplib.h>

#include "content_indexer.h"
#include "database_pool.h"
#include "page_renderer.h"
#include "query_string.h"
#include "routes.h"
#include "search.h"
#include "web_assets.h"

namespace {

// A request and its response as strings: the bytes to read, then everything written.
class StringStream : public httplib::Stream {
public:
    explicit StringStream(std::string input) : in_(std::move(input)) {}
    bool is_readable() const override { return pos_ < in_.size(); }
    bool is_writable() const override { return true; }
    ssize_t read(char* ptr, std::size_t size) override {
        const std::size_t n = std::min(size, in_.size() - pos_);
        in_.copy(ptr, n, pos_);
        pos_ += n;
        return static_cast<ssize_t>(n);
    }
    ssize_t write(const char* ptr, std::size_t size) override {
        out_.append(ptr, size);
        return static_cast<ssize_t>(size);
    }
    void get_remote_ip_and_port(std::string& ip, int& port) const override {
        ip = "127.0.0.1";
        port = 40000;
    }
    void get_local_ip_and_port(std::string& ip, int& port) const override {
        ip = "127.0.0.1";
        port = 8080;
    }
    socket_t socket() const override { return INVALID_SOCKET; }
    const std::string& output() const { return out_; }

private:
    std::string in_;
    std::size_t pos_ = 0;
    std::string out_;
};

// httplib's own request processing (request line, headers, routing, error handler,
// response writing) on a StringStream.
class InProcessServer : public httplib::Server {
public:
    std::string answer(const std::string& raw_request) {
        StringStream stream(raw_request);
        bool closed = false;
        process_request(stream, true, closed, [](httplib::Request&) {});
        return stream.output();
    }
};

struct Fixture {
    std::filesystem::path db_dir;
    std::unique_ptr<kb::server::DatabasePool> pool;
    std::unique_ptr<kb::server::WebAssets> assets;
    std::unique_ptr<kb::server::PageRenderer> pages;
    std::FILE* log = nullptr;
    InProcessServer server;

    Fixture() {
        char tmpl[] = "/tmp/kb-fuzz-http-XXXXXX";
        const std::filesystem::path dir = ::mkdtemp(tmpl);
        kb::IndexOptions opt;
        opt.content_dir = std::filesystem::path(KB_FIXTURES_DIR) / "corpus";
        opt.db_dir = db_dir = dir / "db";
        kb::index_content(opt);
        pool = std::make_unique<kb::server::DatabasePool>(db_dir);
        assets = std::make_unique<kb::server::WebAssets>(kb::server::find_web_dir(""));
        pages = std::make_unique<kb::server::PageRenderer>(*assets);
        log = std::fopen("/dev/null", "w");  // the request log runs too (printable paths)
        kb::server::install(server, kb::server::ServerContext{*pool, *assets, *pages, log});
    }
};

[[noreturn]] void fail(const char* what, const std::string& request, const std::string& response) {
    std::fprintf(stderr, "http_request_fuzz: %s\n--- request:\n%s\n--- response:\n%s\n", what,
                 request.substr(0, 2000).c_str(), response.substr(0, 2000).c_str());
    std::abort();
}

void check(const Fixture& f, const std::string& bytes, const std::string& request, const std::string& response) {
    if (response.rfind("HTTP/1.1 ", 0) != 0 || response.size() < 12) fail("not an HTTP/1.1 response", request, response);
    const int status = std::atoi(response.substr(9, 3).c_str());
    if (status < 200 || status > 499) fail("a status outside 2xx-4xx", request, response);
    const std::size_t head_end = response.find("\r\n\r\n");
    if (head_end == std::string::npos) fail("no end of headers", request, response);
    const std::string head = response.substr(0, head_end);
    if (head.find("\r\nContent-Security-Policy: default-src 'self';") == std::string::npos)
        fail("no Content-Security-Policy header", request, response);
    if (status == 200 && bytes.rfind("/static/", 0) == 0) {
        const std::string body = response.substr(head_end + 4);
        bool known = false;
        for (const char* name : {"kb.css", "kb.js", "favicon.svg"}) {
            const kb::server::StaticFile* file = f.assets->static_file(name);
            if (file && file->body == body) known = true;
        }
        if (!known) fail("a static answer that is not a file of web/static", request, response);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Fixture fixture;
    const std::string bytes(reinterpret_cast<const char*>(data), size);

    const std::string request = "GET " + bytes + " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n";
    const std::string response = fixture.server.answer(request);
    check(fixture, bytes, request, response);
    static const bool verbose = std::getenv("KB_FUZZ_VERBOSE") != nullptr;  // status line per input
    if (verbose) std::fprintf(stderr, "%s <- %s\n", response.substr(0, response.find('\r')).c_str(), bytes.substr(0, 100).c_str());

    // The query-string parsing and the search request on their own, for bytes httplib
    // refuses before routing (spaces, CR/LF, an over-long line).
    const auto params = kb::server::parse_query_string(bytes);
    auto parsed = kb::parse_search_request(params);
    if (parsed) (void)kb::server::search_url(parsed.value());
    return 0;
}
