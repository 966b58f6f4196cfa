#include "models/care/derivation.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace laoxiao {

const ParamFields<Derivation>& derivation_fields(const std::string& owner, const std::string& at) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<ParamFields<Derivation>>> by_owner;
  const std::lock_guard<std::mutex> lock(mu);
  auto& f = by_owner[owner];
  if (!f) {
    // The spec key is the owner's prefix and the last part of `at` ("….baseline.derived").
    f = std::make_unique<ParamFields<Derivation>>(owner + ".derived", at);
    f->field(LAOXIAO_KEY(Derivation, from),
             "What the figure is derived from: keys of the plan's indicator rows, facts or "
             "capacity entries, \"census\" or \"param:KEY\".");
    f->field(LAOXIAO_KEY(Derivation, rule),
             "How it is derived (a figure the document does not state).");
    f->check([at](const Derivation& d, const ParamSource& src) {
      if (!d.from.empty() && d.rule.empty())
        src.error(at, "a derived value needs its rule (derived.rule)");
    });
  }
  return *f;
}

}  // namespace laoxiao
