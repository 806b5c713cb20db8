#include "serve.hpp"

#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app.hpp"
#include "input_error.hpp"
#include "report_assets.hpp"
#include "scenario.hpp"
#include "web_assets.hpp"

namespace fs = std::filesystem;

namespace elevsim {

App::App(const ServeOptions& o, std::string params, std::string shipped)
    : opt(o), token(random_token()), params_dir(std::move(params)), store(o.data, shipped), jobs(store, o.max_jobs) {}

App::Read App::read_run(const std::string& key) {
  {
    std::lock_guard<std::mutex> g(read_m);
    if (auto it = read_cache.find(key); it != read_cache.end()) return it->second;
  }
  if (!store.has_run(key)) throw InputError("run \"" + key.substr(0, 32) + "\": no finished run of that key");
  const std::string h5 = (store.run_dir(key) / "run.h5").string();
  Read r;
  {
    std::lock_guard<std::mutex> g(hdf5_mutex());
    auto d = std::make_shared<ReportData>(collect_report_data(h5, params_dir));
    r.waits = county_waits(h5, *d);
    r.data = std::move(d);
  }
  std::lock_guard<std::mutex> g(read_m);
  return read_cache.emplace(key, r).first->second;
}

namespace {

// The page and its scripts. Everything comes from this server: no network.
void add_static(httplib::Server& svr) {
  auto serve_text = [&svr](const char* path, std::string_view (*body)(), const char* type) {
    svr.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(body()), type);
    });
  };
  serve_text("/", serve_index_html, "text/html; charset=utf-8");
  serve_text("/app.js", serve_app_js, "text/javascript; charset=utf-8");
  serve_text("/app.css", serve_app_css, "text/css; charset=utf-8");
  serve_text("/vega.js", vega_js, "text/javascript; charset=utf-8");
  serve_text("/vega-lite.js", vega_lite_js, "text/javascript; charset=utf-8");
  serve_text("/vega-embed.js", vega_embed_js, "text/javascript; charset=utf-8");
}

// Every request passes here first: Host, Origin, then the token.
httplib::Server::HandlerResponse guard(App& app, const httplib::Request& req, httplib::Response& res) {
  using HR = httplib::Server::HandlerResponse;
  if (std::string m = check_host(app, req.get_header_value("Host")); !m.empty()) return send_error(res, 403, m), HR::Handled;
  if (std::string m = check_origin(req.get_header_value("Origin"), req.get_header_value("Host")); !m.empty())
    return send_error(res, 403, m), HR::Handled;
  const std::string site = req.get_header_value("Sec-Fetch-Site");
  if (!site.empty() && site != "same-origin" && site != "none")
    return send_error(res, 403, "Sec-Fetch-Site \"" + site.substr(0, 40) + "\": requests from other sites are refused"), HR::Handled;
  if (req.path == "/" && req.has_param("token")) {
    if (!token_matches(app.token, req.get_param_value("token")))
      return send_error(res, 403, "wrong token: open the address elevsim serve printed when it started"), HR::Handled;
    // the token moves to a cookie the page's scripts cannot read and no other site can send
    res.set_header("Set-Cookie", "elevsim_token=" + app.token + "; HttpOnly; SameSite=Strict; Path=/");
    res.set_redirect("/", 303);
    return HR::Handled;
  }
  if (!token_matches(app.token, cookie_token(req)))
    return send_error(res, 401, "no token: open the address elevsim serve printed when it started (it carries the token)"),
           HR::Handled;
  return HR::Unhandled;
}

void harden(httplib::Server& svr, App& app) {
  svr.set_payload_max_length(app.opt.max_body);
  svr.set_keep_alive_timeout(2);
  svr.set_read_timeout(10);
  svr.set_write_timeout(60);
  svr.set_pre_routing_handler([&app](const httplib::Request& req, httplib::Response& res) { return guard(app, req, res); });
  svr.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
                   "img-src 'self' data: blob:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
  });
  svr.set_error_handler([&app](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413)
      send_error(res, 413, "request body larger than " + std::to_string(app.opt.max_body / 1024) + " KiB: refused");
    else if (res.status == 404) send_error(res, 404, "no such page or API");
    else send_error(res, res.status, "refused (HTTP " + std::to_string(res.status) + ")");
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      send_error(res, 500, e.what());
    } catch (...) {
      send_error(res, 500, "internal error");
    }
  });
}

std::string shipped_dir(const ServeOptions& o, const std::string& params_dir) {
  if (!o.scenarios_dir.empty()) return o.scenarios_dir;
  const fs::path beside = fs::path(params_dir).parent_path() / "scenarios";
  return (fs::is_directory(beside) ? beside : fs::path(ELEVSIM_SOURCE_DIR) / "scenarios").string();
}

void announce(const App& app) {
  const std::string shown = app.opt.host == "0.0.0.0" ? "127.0.0.1" : app.opt.host;
  const std::string url = "http://" + (shown.find(':') != std::string::npos ? "[" + shown + "]" : shown) + ":" +
                          std::to_string(app.port) + "/?token=" + app.token;
  if (app.opt.host != "127.0.0.1" && app.opt.host != "localhost" && app.opt.host != "::1")
    std::fprintf(stderr,
                 "elevsim: warning: --host %s listens beyond this machine: anyone who can reach port %d and learns the "
                 "token (it travels unencrypted over plain HTTP) can run simulations (CPU), read and write scenarios and "
                 "runs in %s, and download them. Use it only on a network you trust.\n",
                 app.opt.host.c_str(), app.port, app.opt.data.c_str());
  std::printf("elevsim serve: open %s\n(data folder %s; Ctrl-C stops, discarding a run in progress)\n", url.c_str(),
              app.opt.data.c_str());
  std::fflush(stdout);
  if (!app.opt.port_file.empty()) {
    std::ofstream f(app.opt.port_file + ".tmp");
    f << url << "\n";
    f.close();
    fs::rename(app.opt.port_file + ".tmp", app.opt.port_file);
  }
}

}  // namespace

int serve(const ServeOptions& opt) {
  if (opt.port < 0 || opt.port > 65535) throw InputError("--port: expected 0 .. 65535, got " + std::to_string(opt.port));
  const std::string params = find_params_dir(opt.params_dir, "");
  // SIGINT and SIGTERM go to one thread that stops the server in order; every
  // thread started from here on (HTTP pool, job worker, OpenMP) inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&stop_signals, s);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  App app(opt, params, shipped_dir(opt, params));
  app.store.remove_stale_partials();
  for (const County& c : load_params(params).population.counties) app.counties.push_back(c.name);
  app.jobs.on_finished = [&app](const std::string& key) { app.read_run(key); };  // the cached answer is ready at once
  httplib::Server svr;
  harden(svr, app);
  add_static(svr);
  add_routes(svr, app);
  add_job_routes(svr, app);
  add_download_routes(svr, app);
  // SO_REUSEADDR only: cpp-httplib's default SO_REUSEPORT would let another
  // process of the same user bind the same port and take half the requests
  int listen_fd = -1;
  svr.set_socket_options([&listen_fd](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd = sock;
  });
  app.port = opt.port == 0 ? svr.bind_to_any_port(opt.host) : (svr.bind_to_port(opt.host, opt.port) ? opt.port : -1);
  if (app.port <= 0) throw InputError("--port: cannot listen on " + opt.host + ":" + std::to_string(opt.port) + " (in use?)");
  // Debian's cpp-httplib was built with a listen backlog of 5: a burst of
  // clients (100 at once) overflows it and connections are reset. Listening
  // again on the bound socket raises it.
  if (listen_fd >= 0) ::listen(listen_fd, SOMAXCONN);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::fprintf(stderr, "elevsim serve: stopping (signal %d): a run in progress is discarded\n", sig);
    app.jobs.stop();  // the running job ends after its replications in flight and removes its folder
    svr.stop();
  });
  announce(app);
  svr.listen_after_bind();
  app.jobs.stop();
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);  // listen ended without a signal: release the waiter
    stopper.join();
  }
  std::fprintf(stderr, "elevsim serve: stopped\n");
  return 0;
}

}  // namespace elevsim
