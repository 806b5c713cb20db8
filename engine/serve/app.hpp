#pragma once
// What the routes share: the options, the token, the data folder, the job
// queue and the run files read in.
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <httplib.h>

#include "jobs.hpp"
#include "results.hpp"
#include "serve.hpp"
#include "store.hpp"

namespace elevsim {

struct App {
  App(const ServeOptions& o, std::string params, std::string shipped);
  ServeOptions opt;
  std::string token;       // random per start (guard.cpp)
  std::string params_dir;  // every run's parameters
  DataStore store;
  JobQueue jobs;
  int port = 0;
  std::vector<std::string> counties;

  // A finished run's report data, read once (the cached answer comes from memory).
  struct Read {
    std::shared_ptr<const ReportData> data;
    CountyWaits waits;
  };
  Read read_run(const std::string& key);
  std::mutex read_m;
  std::map<std::string, Read> read_cache;
  std::mutex files_m;  // downloads made on demand (report, CSV)
};

// Refuses a request that is not for this server: the Host not its address
// (DNS rebinding), an Origin not its own (cross-site), or no valid token.
// Returns the message, or "" when the request may go on.
std::string check_host(const App& app, const std::string& host);
std::string check_origin(const std::string& origin, const std::string& host);
std::string random_token();
bool token_matches(const std::string& expected, const std::string& given);
std::string cookie_token(const httplib::Request& req);

void add_routes(httplib::Server& svr, App& app);
void add_download_routes(httplib::Server& svr, App& app);
void add_job_routes(httplib::Server& svr, App& app);

// The JSON body of an error, with the field it is about when the message names one.
void send_error(httplib::Response& res, int status, const std::string& message);
// A route's handler returning JSON, with InputError -> 400, QueueFull -> 429,
// malformed JSON -> 400 and anything else -> 500, each with its message.
httplib::Server::Handler json_route(std::function<Json(const httplib::Request&)> f);
Json parse_body(const httplib::Request& req);

}  // namespace elevsim
