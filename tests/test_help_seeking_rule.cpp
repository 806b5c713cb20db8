// Help-seeking's rule for one pupil (model/help_seeking_rule.hpp, spec
// section 4), case by case, without the runner: a word below its threshold is
// a yes; identification or seeking makes a contact at school, in a school
// week; a GP referral alone sends the pupil to BUP, in any week; where BUP
// clinicians serve the school, the route word picks them or school health.
#include <catch2/catch.hpp>

#include "help_seeking_rule.hpp"

using namespace elevsim;

namespace {

HelpThresholds th(uint32_t identify, uint32_t seek, uint32_t gp, bool bup_at_school = false, uint32_t to_bup = 0) {
  HelpThresholds t;
  t.identify = identify;
  t.seek = seek;
  t.gp = gp;
  t.bup_at_school = bup_at_school;
  t.to_bup_school = to_bup;
  return t;
}

int routes = 0;
uint32_t route_word() {
  ++routes;
  return 100;
}

}  // namespace

TEST_CASE("help-seeking rule: no word below its threshold, no contact", "[help_seeking_rule]") {
  routes = 0;
  const FirstContact c = first_contact({50, 50, 50, 7}, th(50, 50, 50, true, 1000), 38, 52, route_word);
  CHECK_FALSE(c.identified);
  CHECK_FALSE(c.made);
  CHECK(routes == 0);  // no route drawn without a contact at school
}

TEST_CASE("help-seeking rule: identified by staff is a contact at school health in a school week",
          "[help_seeking_rule]") {
  const FirstContact c = first_contact({49, 90, 90, 40}, th(50, 50, 50), 38, 52, route_word);
  CHECK(c.identified);
  CHECK(c.made);
  CHECK(c.service == kSchoolHealth);
  CHECK(c.week == 40 % 38);
}

TEST_CASE("help-seeking rule: seeking is a contact at school, not counted as identified", "[help_seeking_rule]") {
  const FirstContact c = first_contact({90, 49, 90, 40}, th(50, 50, 50), 38, 52, route_word);
  CHECK_FALSE(c.identified);
  CHECK(c.made);
  CHECK(c.service == kSchoolHealth);
  CHECK(c.week == 2);
}

TEST_CASE("help-seeking rule: a GP referral alone goes to BUP in any week of the year", "[help_seeking_rule]") {
  routes = 0;
  const FirstContact c = first_contact({90, 90, 49, 40}, th(50, 50, 50, true, 1000), 38, 52, route_word);
  CHECK(c.made);
  CHECK(c.service == kBup);
  CHECK(c.week == 40);
  CHECK(routes == 0);
}

TEST_CASE("help-seeking rule: where BUP clinicians serve the school, the route word picks them or school health",
          "[help_seeking_rule]") {
  routes = 0;
  CHECK(first_contact({0, 90, 90, 0}, th(50, 50, 50, true, 101), 38, 52, route_word).service == kBupSchool);
  CHECK(first_contact({0, 90, 90, 0}, th(50, 50, 50, true, 100), 38, 52, route_word).service == kSchoolHealth);
  CHECK(routes == 2);
  // not there: no route drawn, school health
  CHECK(first_contact({0, 90, 90, 0}, th(50, 50, 50, false, 101), 38, 52, route_word).service == kSchoolHealth);
  CHECK(routes == 2);
}

TEST_CASE("help-seeking rule: a zero threshold never says yes", "[help_seeking_rule]") {
  const FirstContact c = first_contact({0, 0, 0, 0}, th(0, 0, 0), 38, 52, route_word);
  CHECK_FALSE(c.made);
  CHECK_FALSE(seeks_help(0, th(0, 0, 0)));
}
