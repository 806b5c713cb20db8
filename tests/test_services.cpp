// Help-seeking and services: the Nord-Trøndelag pilot, capacity in the
// expected direction, waiting and treatment effects, the baseline against the
// BUP figures of docs/evidence.md, and what the twin still checks.
#include <catch2/catch.hpp>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "mh_transitions.hpp"
#include "services.hpp"
#include "services_helpers.hpp"
#include "twin_services.hpp"
#include "uncertain.hpp"

using namespace elevsim;
using namespace elevsim::test;
namespace fs = std::filesystem;

namespace {

// Keeps comments, the header and the rows of one county.
void keep_county(const fs::path& csv, const std::string& county) {
  std::istringstream in(slurp(csv));
  std::string out, line;
  bool header = false;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      out += line + "\n";
    } else if (!header) {
      out += line + "\n";
      header = true;
    } else if (line.rfind(county + ",", 0) == 0) {
      out += line + "\n";
    }
  }
  std::ofstream(csv) << out;
}

// Paired difference b - a over replications of a per-replication statistic.
MeanSe paired(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d;
  for (size_t k = 0; k < a.size(); ++k) d.push_back(b[k] - a[k]);
  return mean_se(d);
}

const std::string kBupTable = "[params.services.bup]\n";

}  // namespace

TEST_CASE("the Nord-Trøndelag pilot reproduces the pilot's first-year figures", "[services][pilot][statistical]") {
  // Counties do not interact, so Trøndelag alone at full scale (a copy of
  // params/ with only its rows) is the pilot county of a national run.
  TempDir tmp;
  const fs::path params = tmp.path / "params";
  fs::copy(params_dir(), params, fs::copy_options::recursive);
  keep_county(params / "population.csv", "Trøndelag");
  keep_county(params / "service_capacity.csv", "Trøndelag");
  // The scenario puts the clinicians in the parameters, so a warm start would run them for years
  // before the first reported one; the pilot's figures are a new service's first year, so the
  // run starts cold (the other services' queues start empty, as when this was fitted).
  const std::string text =
      slurp(source_dir() + "/scenarios/nord-trondelag-pilot.toml") + "\n[params.mental_health]\nwarm_start_years = 0\n";
  const int R = 50;
  RunResult run = run_texts({text}, R, 20142015u, 1.0, 1, params.string());
  const Dataset& pupils = dataset(run, "pupils");
  const Dataset& treated = dataset(run, "treated");
  const Dataset& sessions = dataset(run, "sessions_delivered");
  const Dataset& referrals = dataset(run, "referrals");
  const Dataset& days = dataset(run, "clinician_days");
  std::vector<double> use, girls, per_user, closed, per_day;
  for (int r = 0; r < R; ++r) {
    const double users = svc_sum(run, treated, r, 0, kBupSchool, 11, 13);
    REQUIRE(users > 0);
    use.push_back(100 * users / core_sum(run, pupils, r, 0, 11, 13));
    girls.push_back(100 * svc_sum(run, treated, r, 0, kBupSchool, 11, 13, -1, 0) / users);
    per_user.push_back(svc_sum(run, sessions, r, 0, kBupSchool, 11, 13) / users);
    closed.push_back(100 * (1 - svc_sum(run, referrals, r, 0, kBupSchool, 11, 13) / users));
    per_day.push_back(svc_sum(run, sessions, r, 0, kBupSchool, 11, 13) / small_at(run, days, r, 0, 0, kBupSchool));
  }
  const struct {
    const char* what;
    MeanSe sim;
    double target, band;
  } rows[] = {{"% of upper secondary pupils using it", mean_se(use), 4.9, 0.5},
              {"% of users girls", mean_se(girls), 62, 4},
              {"sessions per user", mean_se(per_user), 2.75, 0.25},
              {"% closed without further measures", mean_se(closed), 63.6, 4},
              {"sessions per clinician-day", mean_se(per_day), 3.5, 0.3}};
  for (auto& row : rows) {
    INFO(row.what << ": " << row.sim.mean << " +- " << row.sim.se << " (pilot " << row.target << " +- " << row.band
                  << ")");
    CHECK(std::abs(row.sim.mean - row.target) <= row.band);
  }
  // the pilot's days ranged from 2 to 5 sessions; no replication's mean leaves that range
  for (double d : per_day) {
    CHECK(d >= 2.0);
    CHECK(d <= 5.0);
  }
}

TEST_CASE("BUP capacity matters in the expected direction", "[services][capacity][statistical]") {
  const int R = 6, Y = 4;
  RunResult run = run_texts({scenario_text("base"), scenario_text("half", kBupTable + "fte_multiplier = 0.5"),
                             scenario_text("double", kBupTable + "fte_multiplier = 2.0"),
                             scenario_text("unlimited", "[params.services.school_health]\nunlimited = true\n"
                                                        "[params.services.bup_school]\nunlimited = true\n"
                                                        "[params.services.municipal_psychologist]\nunlimited = true\n" +
                                                            kBupTable + "unlimited = true")},
                            R, 77u, 0.25, Y);
  // years after the first (queues start empty), summed
  auto stat = [&](int s, const char* what) {
    std::vector<double> v;
    for (int r = 0; r < R; ++r) {
      double queue = 0, treated = 0, wait = 0;
      for (int y = 1; y < Y; ++y) {
        queue += svc_sum(run, dataset(run, "queue_end_of_year", s), r, y, kBup, 1, 13);
        treated += svc_sum(run, dataset(run, "treated", s), r, y, kBup, 1, 13);
        wait += svc_sum(run, dataset(run, "wait_weeks", s), r, y, kBup, 1, 13);
      }
      const std::string w(what);
      v.push_back(w == "queue" ? queue : w == "treated" ? treated : wait / treated);
    }
    return v;
  };
  for (const char* what : {"queue", "wait", "treated"}) {
    const MeanSe half = paired(stat(0, what), stat(1, what));
    INFO(what << ": half FTE minus baseline " << half.mean << " +- " << half.se);
    if (std::string(what) == "treated") CHECK(half.mean < -4 * half.se);
    else CHECK(half.mean > 4 * half.se);
  }
  const MeanSe dbl = paired(stat(0, "wait"), stat(2, "wait"));
  INFO("mean wait: double FTE minus baseline " << dbl.mean << " +- " << dbl.se);
  CHECK(dbl.mean < -4 * dbl.se);
  // unlimited capacity everywhere: nobody waits, nobody is left in a queue
  double waited = 0, queued = 0, treated = 0;
  for (int r = 0; r < R; ++r)
    for (int y = 0; y < Y; ++y)
      for (int k = 0; k < kServices; ++k) {
        waited += svc_sum(run, dataset(run, "wait_weeks", 3), r, y, k, 1, 13);
        queued += svc_sum(run, dataset(run, "queue_end_of_year", 3), r, y, k, 1, 13);
        treated += svc_sum(run, dataset(run, "treated", 3), r, y, k, 1, 13);
      }
  CHECK(treated > 0);
  CHECK(waited == 0);
  CHECK(queued == 0);
}

TEST_CASE("a pupil who waits longer gains less from treatment", "[services][treatment]") {
  const Params p = load_params(params_dir());
  const MentalHealthParams& mh = p.mental_health;
  for (int k = 0; k < kServices; ++k) {
    const ServiceParams& sp = p.services.service[k];
    if (sp.treatment_effect == 0) continue;
    double last = 2;
    for (double weeks : {0.0, 4.0, 13.0, 26.0, 52.0}) {
      const double shift = Services::treatment_shift(sp.treatment_effect, weeks, p.services.wait_halving_weeks);
      // chance of moving down from a disorder (band of upper secondary, a girl with low ses)
      const TransitionMatrix P = transition_matrix(mh, 3, cell_of(0, 0, 0, 0), 0, shift);
      const TransitionMatrix U = transition_matrix(mh, 3, cell_of(0, 0, 0, 0), 0, 0);
      const double down = P(2, 0) + P(2, 1), untreated = U(2, 0) + U(2, 1);
      INFO(kServiceKeys[k] << " after " << weeks << " weeks: P(move down) " << down << ", untreated " << untreated);
      CHECK(down > untreated);
      CHECK(down < last);
      last = down;
    }
  }
}

TEST_CASE("more treatment lowers state-2 prevalence in later years", "[services][treatment][statistical]") {
  const int R = 6, Y = 5;
  RunResult run = run_texts({scenario_text("off", kServicesOff), scenario_text("base"),
                             scenario_text("more", kBupTable + "fte_multiplier = 2.0")},
                            R, 99u, 0.25, Y);
  auto disorder = [&](int s) {
    std::vector<double> v;
    for (int r = 0; r < R; ++r) {
      double d = 0, n = 0;
      for (int y = 2; y < Y; ++y) {
        d += core_sum(run, dataset(run, "mh_disorder", s), r, y, 1, 13);
        n += core_sum(run, dataset(run, "pupils", s), r, y, 1, 13);
      }
      v.push_back(d / n);
    }
    return v;
  };
  const MeanSe base_vs_off = paired(disorder(0), disorder(1)), more_vs_base = paired(disorder(1), disorder(2));
  INFO("state 2, years 3-5: baseline minus no services " << base_vs_off.mean << " +- " << base_vs_off.se
                                                          << "; double BUP minus baseline " << more_vs_base.mean
                                                          << " +- " << more_vs_base.se);
  CHECK(base_vs_off.mean < -4 * base_vs_off.se);
  CHECK(more_vs_base.mean < -4 * more_vs_base.se);
}

TEST_CASE("the baseline's BUP contact and waiting time lie in the published ranges", "[services][acceptance]") {
  // Figures used (PE s.4a and s.8): 5.4-8 % of 0-17-year-olds in contact with
  // BUP a year (SAMDATA 2022: 5.7 %; SKDE atlas 5.38-8.01 % across areas), and a mean wait of
  // 45-55 days (Helsedirektoratet 2018-2023), i.e. 6.4-7.9 weeks. The model's share is of pupils
  // in grades 1-13 who start a BUP episode in the year; queues start empty, so the first year is
  // a warm-up and years 2-10 are compared.
  // The published figures are for the population of 2018-2023, so the cohorts are held at
  // population.csv's 2023 size: with the real, smaller cohorts of the 2020s, fewer pupils share
  // the same capacity and waits fall below the 2018-2023 range (a result, not a defect).
  const int R = 4, Y = 10;
  RunResult run = run_texts({scenario_text("baseline", "[params.population]\nconstant_cohorts = true")}, R, 2025u,
                            0.25, Y);
  double treated = 0, pupils = 0, wait = 0;
  for (int r = 0; r < R; ++r)
    for (int y = 1; y < Y; ++y) {
      treated += svc_sum(run, dataset(run, "treated"), r, y, kBup, 1, 13);
      wait += svc_sum(run, dataset(run, "wait_weeks"), r, y, kBup, 1, 13);
      pupils += core_sum(run, dataset(run, "pupils"), r, y, 1, 13);
    }
  const double share = treated / pupils, weeks = wait / treated;
  std::cout << "baseline BUP, years 2-10: " << 100 * share << " % of pupils treated a year (range 5.4-8 %), mean wait "
            << weeks << " weeks = " << 7 * weeks << " days (range 45-55 days)\n";
  INFO("share treated in BUP " << share << ", mean wait " << weeks << " weeks");
  CHECK(share >= 0.054);
  CHECK(share <= 0.080);
  CHECK(weeks >= 45.0 / 7);
  CHECK(weeks <= 55.0 / 7);
}

TEST_CASE("first contacts in the first year match the expected-value twin", "[services][twin][statistical]") {
  // The twin cannot model queues, waits or capacity (they depend on arrival order), nor the
  // treatment feedback on later years; it does give the first year's identification and
  // help-seeking, when nobody is queued yet: a cold start (no warm-start years). Queues, waits and
  // treatment are checked by the direction tests above and the published ranges instead.
  const int R = 8;
  // the twin's population is a steady state: every cohort at pupils_per_grade
  RunResult run = run_texts({scenario_text("baseline",
                                           "[params.mental_health]\nwarm_start_years = 0\n"
                                           "[params.population]\nconstant_cohorts = true")},
                            R, 31u, 0.25, 1);
  const Params p = load_params(params_dir());
  const TwinFirstContacts tw = twin_first_contacts(p, run_twin(p.mental_health, p.services.enabled));
  std::vector<double> ident, seekers;
  for (int r = 0; r < R; ++r) {
    const double n = core_sum(run, dataset(run, "pupils"), r, 0, 1, 13);
    ident.push_back(core_sum(run, dataset(run, "identified"), r, 0, 1, 13) / n);
    seekers.push_back(core_sum(run, dataset(run, "help_seekers"), r, 0, 1, 13) / n);
  }
  const MeanSe a = mean_se(ident), b = mean_se(seekers);
  INFO("identified " << a.mean << " +- " << a.se << " (twin " << tw.identified << "); help seekers " << b.mean << " +- "
                     << b.se << " (twin " << tw.help_seekers << ")");
  REQUIRE(a.se > 0);
  CHECK(std::abs(a.mean - tw.identified) < 4 * a.se);
  CHECK(std::abs(b.mean - tw.help_seekers) < 4 * b.se);
}

TEST_CASE("service datasets are bit-identical with 1 and 2 threads", "[services][determinism]") {
  const std::string text = slurp(source_dir() + "/scenarios/nord-trondelag-pilot.toml");
  RunResult one = run_texts({text}, 4, 5u, 0.1, 3, params_dir(), 1);
  RunResult two = run_texts({text}, 4, 5u, 0.1, 3, params_dir(), 2);
  check_bit_identical(one.scenarios.at(0).datasets, two.scenarios.at(0).datasets);
}

TEST_CASE("grants reach the services through the intervention levers", "[services][interventions][statistical]") {
  // BUP clinicians at schools bought for Trøndelag, and staff competence bought everywhere.
  const std::string bup_grant =
      "[[grant]]\nname = \"bup\"\nbudget_nok = 10000000\nallocation = \"targeted\"\n"
      "[grant.targeted]\n\"Trøndelag\" = 10000000\n[grant.split]\nbup_at_school = 1.0\n";
  const std::string staff_grant =
      "[[grant]]\nname = \"staff\"\nbudget_nok = 60000000\nallocation = \"per_capita\"\n"
      "[grant.split]\nstaff_competence = 1.0\n";
  const int R = 8, Y = 2;
  RunResult run = run_texts({scenario_text("base"), "name = \"bup\"\n" + bup_grant, "name = \"staff\"\n" + staff_grant},
                            R, 11u, 0.25, Y);
  int trondelag = -1;
  for (size_t c = 0; c < run.county_names.size(); ++c)
    if (run.county_names[c] == "Trøndelag") trondelag = static_cast<int>(c);
  REQUIRE(trondelag >= 0);
  std::vector<double> ident_base, ident_staff;
  for (int r = 0; r < R; ++r) {
    for (int y = 0; y < Y; ++y) {
      CHECK(svc_sum(run, dataset(run, "treated", 0), r, y, kBupSchool, 11, 13) == 0);
      CHECK(svc_sum(run, dataset(run, "treated", 1), r, y, kBupSchool, 11, 13, trondelag) > 0);
      CHECK(small_at(run, dataset(run, "capacity_sessions", 1), r, y, trondelag, kBupSchool) > 0);
      for (int c = 0; c < static_cast<int>(run.county_names.size()); ++c)
        if (c != trondelag) CHECK(svc_sum(run, dataset(run, "treated", 1), r, y, kBupSchool, 11, 13, c) == 0);
    }
    ident_base.push_back(core_sum(run, dataset(run, "identified", 0), r, 1, 1, 13));
    ident_staff.push_back(core_sum(run, dataset(run, "identified", 2), r, 1, 1, 13));
  }
  const MeanSe more = paired(ident_base, ident_staff);
  INFO("identified in the second year, staff competence grant minus baseline: " << more.mean << " +- " << more.se);
  CHECK(more.mean > 4 * more.se);
}

TEST_CASE("identification or referral possible in state 0 leaves every draw of the baseline in place",
          "[services][crn]") {
  // Probabilities of 1e-10 round to a zero threshold, so nobody more is identified or referred:
  // if every decision keeps its draw (common random numbers), every dataset is bit-identical.
  // (A shortcut that put state-0 pupils on another draw when these were non-zero broke this.)
  const std::string hs = "[params.services.help_seeking]\n";
  RunResult run = run_texts({scenario_text("base"), scenario_text("id0", hs + "identify = [1e-10, 0.12, 0.25]"),
                             scenario_text("gp0", hs + "gp_referral = [1e-10, 0.35, 0.85]")},
                            2, 404u, 0.05, 3);
  for (int s = 1; s <= 2; ++s) {
    INFO(run.scenarios.at(s).scenario.name);
    check_bit_identical(run.scenarios.at(0).datasets, run.scenarios.at(s).datasets);
  }
}

TEST_CASE("each capacity intervention bought for one county changes its pupils treated or waits",
          "[services][capacity][interventions][statistical]") {
  // 15 MNOK a year for Nordland alone (counties do not interact, so a copy of params/ with only its
  // rows at full scale is Nordland in a national run). Each scheme must move what the model says
  // is scarce at the service it buys, paired over replications, 95 % interval excluding zero.
  TempDir tmp;
  const fs::path params = tmp.path / "params";
  fs::copy(params_dir(), params, fs::copy_options::recursive);
  keep_county(params / "population.csv", "Nordland");
  keep_county(params / "service_capacity.csv", "Nordland");
  auto grant = [](const char* iv) {
    return std::string("name = \"") + iv + "\"\n[[grant]]\nname = \"g\"\nbudget_nok = 15000000\n"
           "allocation = \"targeted\"\n[grant.targeted]\n\"Nordland\" = 15000000\n[grant.split]\n" + iv + " = 1.0\n";
  };
  const int R = 10, Y = 3;
  RunResult run = run_texts({scenario_text("base"), grant("school_health_fte"), grant("bup_at_school"),
                             grant("municipal_psychologist")},
                            R, 1515u, 1.0, Y, params.string());
  // pupils treated and pupil-weeks waited at a service, summed over the run's years
  auto total = [&](int s, const char* what, int k) {
    std::vector<double> v;
    for (int r = 0; r < R; ++r) {
      double x = 0;
      for (int y = 0; y < Y; ++y) x += svc_sum(run, dataset(run, what, s), r, y, k, 1, 13);
      v.push_back(x);
    }
    return v;
  };
  auto mean_wait = [&](int s, int k) {
    std::vector<double> w = total(s, "wait_weeks", k), n = total(s, "treated", k);
    for (int r = 0; r < R; ++r) w[r] /= n[r];
    return w;
  };
  const struct {
    const char* what;
    MeanSe d;
    int sign;  // expected direction
  } rows[] = {
      {"school_health_fte: pupils treated by the school health service",
       paired(total(0, "treated", kSchoolHealth), total(1, "treated", kSchoolHealth)), +1},
      {"bup_at_school: pupils treated by BUP clinicians at school",
       paired(total(0, "treated", kBupSchool), total(2, "treated", kBupSchool)), +1},
      {"municipal_psychologist: pupils treated by municipal psychologists",
       paired(total(0, "treated", kMunicipal), total(3, "treated", kMunicipal)), +1},
      {"municipal_psychologist: mean municipal wait (weeks)",
       paired(mean_wait(0, kMunicipal), mean_wait(3, kMunicipal)), -1},
  };
  for (const auto& row : rows) {
    std::cout << row.what << ": " << row.d.mean << " [" << row.d.mean - 1.96 * row.d.se << ", "
              << row.d.mean + 1.96 * row.d.se << "]\n";
    INFO(row.what << ": " << row.d.mean << " +- " << row.d.se);
    CHECK(row.sign * row.d.mean > 1.96 * row.d.se);
  }
}

TEST_CASE("grant-bought FTE give sessions at their earmarked time share, today's staff at theirs",
          "[services][capacity][interventions][psa]") {
  // School nurses and municipal psychologists bought everywhere. Per replication, county and
  // year: clinician-days of the grant scenario minus the baseline's = FTE bought (units x the
  // ramp-up strength, full in the second funded year) x days per FTE-year x this replication's
  // draw of earmarked_time_share; and the baseline's own days are today's staff at time_share
  // (the grant-free scenario is bit-identical to the baseline: tests/test_grants.cpp).
  const std::string grant =
      "name = \"fte\"\n[[grant]]\nname = \"g\"\nbudget_nok = 200000000\nallocation = \"per_capita\"\n"
      "[grant.split]\nschool_health_fte = 0.5\nmunicipal_psychologist = 0.5\n";
  const int R = 3, Y = 2;
  const uint32_t seed = 4242u;
  RunResult run = run_texts({scenario_text("base"), grant}, R, seed, 0.05, Y);
  const Params p = load_params(params_dir());
  const Dataset& units = dataset(run, "units_bought", 1);
  const int C = static_cast<int>(run.county_names.size());
  const struct {
    int service, intervention;
  } bought[] = {{kSchoolHealth, kSchoolHealthFte}, {kMunicipal, kMunicipalPsychologist}};
  for (const auto& b : bought) {
    const ServiceParams& sp = p.services.service[b.service];
    const std::string name = std::string("services.") + kServiceKeys[b.service];
    for (int r = 0; r < R; ++r) {
      const double earmarked = draw_uncertain(sp.earmarked_time_share, name + ".earmarked_time_share", seed, r);
      const double today = draw_uncertain(sp.time_share, name + ".time_share", seed, r);
      REQUIRE(std::abs(earmarked - today) > 0.1);  // the two shares are told apart
      const int y = 1;  // strength 1: funded in the year before too
      double fte = 0;
      for (int c = 0; c < C; ++c) {
        const double u = units.values[((static_cast<size_t>(r) * Y + y) * C + c) * kInterventions + b.intervention];
        fte += u;
        const double base = small_at(run, dataset(run, "clinician_days", 0), r, y, c, b.service);
        const double with = small_at(run, dataset(run, "clinician_days", 1), r, y, c, b.service);
        INFO(name << " replication " << r << " county " << run.county_names[c]);
        CHECK(with - base == Approx(u * sp.days_per_fte_year * earmarked).epsilon(1e-9).margin(1e-9));
        const double cap_base = small_at(run, dataset(run, "capacity_sessions", 0), r, y, c, b.service);
        CHECK(cap_base == Approx(base * sp.sessions_per_day).epsilon(1e-12));
      }
      CHECK(fte > 0);
    }
  }
}
