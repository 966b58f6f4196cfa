#include "app/output_paths.hpp"

#include <filesystem>
#include <map>

#include "app/commands.hpp"
#include "core/paths.hpp"

namespace laoxiao {

namespace fs = std::filesystem;

namespace {

/// Two spellings of one path that does not exist yet compare equal once made absolute.
std::string lexical_key(const std::string& p) {
  std::error_code ec;
  const fs::path abs = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? p : abs.string();
}

}  // namespace

void check_output_paths(const std::vector<OutputPath>& outputs,
                        const std::vector<Scenario>& scenarios) {
  // Every input of the run, by identity, with the file that read it.
  std::map<std::pair<dev_t, ino_t>, std::string> inputs;
  for (const Scenario& s : scenarios)
    for (const std::string& f : s.inputs)
      if (const auto id = identity_of(f)) inputs.emplace(std::make_pair(id->device, id->inode), f);
  std::map<std::string, std::string> seen;  // lexical key -> option
  for (const OutputPath& o : outputs) {
    if (o.path.empty()) throw UsageError(o.option + ": needs a file name, not ''");
    if (const auto id = identity_of(o.path)) {
      const auto it = inputs.find({id->device, id->inode});
      if (it != inputs.end())
        throw UsageError(o.option + ": '" + o.path + "' is an input of this run ('" + it->second +
                         "'); writing it would destroy it. Choose another output file");
    }
    const auto [it, fresh] = seen.emplace(lexical_key(o.path), o.option);
    if (!fresh)
      throw UsageError(o.option + ": '" + o.path + "' is also the file of " + it->second +
                       "; one would overwrite the other");
  }
  // Identity catches hard links and symbolic links between existing outputs.
  for (std::size_t i = 0; i < outputs.size(); ++i)
    for (std::size_t j = i + 1; j < outputs.size(); ++j) {
      const auto a = identity_of(outputs[i].path), b = identity_of(outputs[j].path);
      if (a && b && *a == *b)
        throw UsageError(outputs[j].option + ": '" + outputs[j].path + "' is also the file of " +
                         outputs[i].option + "; one would overwrite the other");
    }
}

}  // namespace laoxiao
