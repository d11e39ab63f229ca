// kb-serve: serves the knowledge base's web UI and JSON API over HTTP.
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <cstdio>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>
#include <xapian.h>

#include "database_pool.h"
#include "http_server.h"
#include "page_renderer.h"
#include "routes.h"
#include "version.h"
#include "web_assets.h"

namespace {

// Whether `host` is a loopback address, reachable from this machine only.
bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    in6_addr v6{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

// Every open connection and index handle is a file descriptor: allow as many as the
// system lets this process have (the soft limit is often 1024).
void raise_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    const rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? 65536 : limit.rlim_max;
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) return;
    limit.rlim_cur = wanted;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kb-serve: serves the knowledge base over HTTP: the web UI at /, the JSON API at\n"
                 "/api/search and /api/doc/ID, and /healthz. Picks up a re-built or updated index\n"
                 "(kb-index) without a restart."};
    std::string db, host = "127.0.0.1", web;
    int port = 8080;
    kb::server::ServerLimits limits;
    bool quiet = false;
    app.add_option("--db", db, "Index directory built by kb-index")->required();
    app.add_option("--host", host, "Address to listen on (loopback by default; the server has no authentication)")
        ->capture_default_str();
    app.add_option("--port", port, "Port to listen on; 0 picks a free one (printed at start-up)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    app.add_option("--web", web, "Directory of the web UI's templates/ and static/ (default: the source tree's "
                                 "web/ if present, else /usr/share/kb/web)");
    app.add_option("--threads", limits.threads, "Worker threads (each may hold one open index handle)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    std::size_t cache_mb = 64;
    app.add_option("--cache-mb", cache_mb,
                   "Megabytes of search API answers kept in memory, by index revision (0: none)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65536));
    app.add_flag("--quiet", quiet, "Do not log each request to stderr");
    app.set_version_flag("--version", std::string("kb-serve ") + kb::version());
    CLI11_PARSE(app, argc, argv);

    // Signals are taken by one thread (below), so workers never run a handler mid-request.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    std::unique_ptr<kb::server::WebAssets> assets;
    std::unique_ptr<kb::server::PageRenderer> pages;
    try {
        assets = std::make_unique<kb::server::WebAssets>(kb::server::find_web_dir(web));
        pages = std::make_unique<kb::server::PageRenderer>(*assets);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kb-serve: %s\n", e.what());
        return 1;
    }

    kb::server::DatabasePool pool(db);
    Xapian::doccount documents = 0;
    try {
        pool.with_database([&](const Xapian::Database& d, const kb::FacetTable*) { documents = d.get_doccount(); });
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "kb-serve: %s\n  build the index first: kb-index --content CONTENT_DIR --db %s\n",
                     e.get_msg().c_str(), db.c_str());
        return 1;
    }

    raise_file_limit();
    kb::server::HttpServer server;
    kb::server::ResponseCache cache(cache_mb * 1024 * 1024);
    const kb::server::ServerContext context{pool, *assets, *pages, quiet ? nullptr : stderr, &cache};
    kb::server::install(server, context, limits);
    const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
    if (bound < 0) {
        std::fprintf(stderr, "kb-serve: cannot listen on %s port %d (in use, or not an address of this machine)\n",
                     host.c_str(), port);
        return 1;
    }

    std::thread signals([&server, &stop_signals] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        server.stop();
    });

    const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (!is_loopback(host))
        std::fprintf(stderr, "kb-serve: warning: listening on %s, which other machines may reach; kb-serve has no "
                             "authentication: anyone who can connect can read the whole knowledge base\n",
                     shown_host.c_str());
    std::fprintf(stderr, "kb-serve %s: serving %u notes from %s at http://%s:%d/ (web assets: %s)\n",
                 kb::version(), documents, db.c_str(), shown_host.c_str(), bound, assets->dir().c_str());
    std::fflush(stderr);
    const bool ok = server.listen_after_bind();
    // Wake the signal thread if the server stopped by itself, and let it finish before the
    // server it points at is destroyed. (A signal it already took leaves this one pending.)
    pthread_kill(signals.native_handle(), SIGTERM);
    signals.join();
    std::fprintf(stderr, "kb-serve: stopped\n");
    return ok ? 0 : 1;
}
