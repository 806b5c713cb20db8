// A module that touches pupil fields Services owns (svc_queue), built by the
// ctests module_writing_unowned_field_*: reading compiles (ELEVSIM_CASE 0, the
// control), each way of writing does not, so only the owner writes its fields
// (core/pupil_field.hpp).
#include <cstdint>
#include <cstring>

#include "sim.hpp"

namespace elevsim {

class Rogue : public Module {
 public:
  const char* name() const override { return "rogue"; }
  void init(Sim&) override {}
  void results(Sim&, std::vector<Dataset>&) override {}
  void step(Sim& sim, int) override {
    People& P = sim.people;
#if ELEVSIM_CASE == 1
    auto p = P.svc_queue.data();  // a pointer from data() ...
    p[0] = 1;                     // ... written through
#elif ELEVSIM_CASE == 2
    std::memset(P.svc_queue.data() + 1, 0, 4);
#elif ELEVSIM_CASE == 3
    P.svc_queue.write({})[0] = 1;  // the write access, without the owner's key
#else
    seen_ = P.svc_queue[0] + P.svc_queue.data()[1];
#endif
  }
  int seen_ = 0;
};

}  // namespace elevsim

int main() {
  elevsim::Rogue r;
  return r.seen_;
}
