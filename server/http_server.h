// Connection handling that holds up against hostile clients, on top of cpp-httplib 0.11:
//
// - HttpServer: an httplib::Server whose connections are read through a stream with two
//   more limits than httplib's per-read timeout: a request (line, headers and any body)
//   must arrive within `request_timeout` of its first byte, and may not be larger than
//   `max_request_bytes`. Without them one client can hold a worker forever by sending a
//   byte every few seconds (slowloris), or grow the server's memory without bound with an
//   endless stream of headers (httplib 0.11 limits each header line, not their number).
//   A request over a limit is answered 400 (or 413, 414) when httplib still can, and its
//   connection closed.
// - ElasticThreadPool: the task queue. It keeps `min` workers and starts another one
//   whenever a connection arrives and none is idle, up to `max`; workers above `min` end
//   after a while idle. A connection holds its worker while it is open, so with a fixed
//   pool a few hundred slow or idle connections would queue everyone else behind them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>

namespace kb::server {

class HttpServer : public httplib::Server {
public:
    HttpServer& set_request_limits(std::size_t max_request_bytes, std::chrono::milliseconds request_timeout);

    // httplib's, then a listen backlog of SOMAXCONN instead of httplib 0.11's 5: a burst
    // of connections (a browser, a load test, a slowloris attack) must not overflow the
    // accept queue, which costs the clients dropped SYNs and seconds of retransmission.
    bool bind_to_port(const std::string& host, int port, int socket_flags = 0);
    int bind_to_any_port(const std::string& host, int socket_flags = 0);

private:
    // Overrides httplib's (private virtual) per-connection loop: the same keep-alive loop
    // around the protected process_request, on a LimitedSocketStream.
    bool process_and_close_socket(socket_t sock) override;

    std::size_t max_request_bytes_ = 128 * 1024;
    std::chrono::milliseconds request_timeout_{10000};
};

// Asks the connection whose request this thread is handling to close once the response
// is written: the request's framing cannot be trusted (a body httplib would not read).
// Only an HttpServer's connections honour it.
void close_connection_after_response();

class ElasticThreadPool : public httplib::TaskQueue {
public:
    ElasticThreadPool(std::size_t min, std::size_t max,
                      std::chrono::milliseconds idle_exit = std::chrono::seconds(30));
    ElasticThreadPool(const ElasticThreadPool&) = delete;
    ElasticThreadPool& operator=(const ElasticThreadPool&) = delete;
    ~ElasticThreadPool() override;

    void enqueue(std::function<void()> fn) override;
    void shutdown() override;

    std::size_t threads() const;  // workers alive now

private:
    void start_worker();  // with mutex_ held
    void reap();          // joins workers that ended; with mutex_ held
    void work();

    const std::size_t min_, max_;
    const std::chrono::milliseconds idle_exit_;
    mutable std::mutex mutex_;
    std::condition_variable cond_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    std::vector<std::thread::id> ended_;
    std::size_t idle_ = 0;
    bool shutdown_ = false;
};

}  // namespace kb::server
