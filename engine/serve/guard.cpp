// The server's guard: who may talk to it. A token per start (in the printed
// address, then an HttpOnly SameSite=Strict cookie), the Host header one of
// this server's own addresses (a page on another site that rebinds its DNS
// name to 127.0.0.1 still sends its own name), and an Origin, when the
// browser sends one, the server's own.
#include <cstdio>
#include <fstream>
#include <random>
#include <regex>

#include "app.hpp"
#include "editor.hpp"
#include "input_error.hpp"

namespace elevsim {

std::string random_token() {
  unsigned char b[16];
  std::ifstream u("/dev/urandom", std::ios::binary);
  u.read(reinterpret_cast<char*>(b), sizeof b);
  if (!u) {
    std::random_device rd;  // the kernel's generator by another door
    for (auto& c : b) c = static_cast<unsigned char>(rd());
  }
  std::string t;
  char h[3];
  for (unsigned char c : b) std::snprintf(h, sizeof h, "%02x", c), t += h;
  return t;
}

bool token_matches(const std::string& expected, const std::string& given) {
  if (given.size() != expected.size()) return false;
  unsigned char diff = 0;  // in constant time: no early exit to time
  for (size_t i = 0; i < given.size(); ++i) diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

std::string cookie_token(const httplib::Request& req) {
  static const std::regex re("(?:^|;\\s*)elevsim_token=([0-9a-f]{1,64})");
  const std::string c = req.get_header_value("Cookie");
  std::smatch m;
  return std::regex_search(c, m, re) ? m[1].str() : "";
}

std::string check_host(const App& app, const std::string& host) {
  const std::string port = ":" + std::to_string(app.port);
  const bool ok = host == "127.0.0.1" + port || host == "localhost" + port || host == "[::1]" + port ||
                  host == app.opt.host + port ||
                  // on 0.0.0.0 any address of the machine, but only as a number: a name could be rebound
                  (app.opt.host == "0.0.0.0" && std::regex_match(host, std::regex("[0-9]{1,3}(\\.[0-9]{1,3}){3}" + port)));
  if (ok) return "";
  return "Host \"" + host.substr(0, 80) + "\" is not this server's address (open the address elevsim serve printed)";
}

std::string check_origin(const std::string& origin, const std::string& host) {
  if (origin.empty() || origin == "http://" + host) return "";
  return "Origin \"" + origin.substr(0, 80) + "\" is not this server: requests from other sites are refused";
}

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(Json{{"error", message}, {"field", message_key(message)}}.dump(), "application/json");
}

Json parse_body(const httplib::Request& req) {
  try {
    Json j = Json::parse(req.body);
    if (!j.is_object()) throw InputError("request body: expected a JSON object");
    return j;
  } catch (const Json::parse_error& e) {
    throw InputError(std::string("request body: malformed JSON (") + e.what() + ")");
  }
}

httplib::Server::Handler json_route(std::function<Json(const httplib::Request&)> f) {
  return [f](const httplib::Request& req, httplib::Response& res) {
    try {
      res.set_content(f(req).dump(), "application/json");
    } catch (const InputError& e) {
      send_error(res, 400, e.what());
    } catch (const QueueFull& e) {
      send_error(res, 429, e.what());
    } catch (const Json::exception& e) {
      send_error(res, 400, std::string("request: a field has the wrong type (") + e.what() + ")");
    } catch (const std::exception& e) {
      send_error(res, 500, e.what());
    }
  };
}

}  // namespace elevsim
