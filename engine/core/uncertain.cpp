#include "uncertain.hpp"

#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <map>
#include <mutex>
#include <tuple>

#include "rng.hpp"

namespace elevsim {

namespace {
// FNV-1a: a parameter's stream id is a hash of its name, so adding or
// reordering parameters never changes another parameter's draws.
uint32_t name_id(const std::string& s) {
  uint32_t h = 2166136261u;
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}
std::mutex registry_mutex;
std::map<std::string, Uncertain>& registry() {
  static std::map<std::string, Uncertain> r;
  return r;
}
bool before(const Uncertain& a, const Uncertain& b) {
  return std::tie(a.value, a.low, a.high, a.dist) < std::tie(b.value, b.low, b.high, b.dist);
}
// One lock per parameter and replication, not per pupil: realisation is per replication.
void note_drawn(const std::string& name, const Uncertain& u) {
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto [it, inserted] = registry().emplace(name, u);
  if (!inserted && before(u, it->second)) it->second = u;
}
}  // namespace

std::vector<std::pair<std::string, Uncertain>> drawn_parameters() {
  std::lock_guard<std::mutex> lock(registry_mutex);
  return {registry().begin(), registry().end()};
}

double draw_uncertain(const Uncertain& u, const std::string& name, uint32_t seed, uint32_t replication) {
  if (u.dist == "fixed" || u.low == u.high) return u.value;
  note_drawn(name, u);
  Streams rng(seed, replication);
  auto g = rng.urng(name_id(name), kYearSynthesis, Decision::ParamDraw);
  if (u.dist == "uniform") return boost::random::uniform_real_distribution<double>(u.low, u.high)(g);
  if (u.dist == "triangular") return boost::random::triangle_distribution<double>(u.low, u.value, u.high)(g);
  // lognormal: median = value, [low, high] taken as the 95 % interval (truncated to it);
  // its half-width is the standard normal's 97.5 % quantile, a constant, not a model number
  static const double z975 = boost::math::quantile(boost::math::normal_distribution<double>(0, 1), 0.975);
  const double m = std::log(u.value), s = (std::log(u.high) - std::log(u.low)) / (2 * z975);
  const double x = std::exp(m + s * boost::random::normal_distribution<double>(0, 1)(g));
  return std::min(std::max(x, u.low), u.high);
}

}  // namespace elevsim
