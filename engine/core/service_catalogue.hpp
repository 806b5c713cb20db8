#pragma once
// The help services a pupil can be served by (spec s.4); the order is the
// `service` dimension of the output.

namespace elevsim {

inline constexpr int kServices = 4;
// Processing order: a service only refers onwards to services after it.
enum ServiceId : int { kSchoolHealth = 0, kBupSchool = 1, kMunicipal = 2, kBup = 3 };
// Keys in services.toml, column stems in service_capacity.csv, labels of the `service` scale.
inline constexpr const char* kServiceKeys[kServices] = {"school_health", "bup_school", "municipal_psychologist",
                                                        "bup"};

}  // namespace elevsim
