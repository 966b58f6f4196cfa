#include "core/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace laoxiao {

std::string Diagnostic::format() const {
  if (pos.command_line()) {
    // "--set k=v: message": the option names the key (an element of it is still named).
    const bool named = key.empty() || pos.file.find(" " + key + "=") != std::string::npos ||
                       pos.file.find(" " + key + " ") != std::string::npos;
    return pos.file + ": " + (named ? "" : key + ": ") + message;
  }
  std::string out = pos.file.empty() ? std::string("<input>") : pos.file;
  // Line 0: the file as a whole (missing, too large, not a file).
  if (pos.line > 0) out += ':' + std::to_string(pos.line) + ':' + std::to_string(pos.column);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

void Diagnostics::error(SourcePos pos, std::string key, std::string message) {
  // Once each: the places of a batch share their template, and with it its errors.
  for (const Diagnostic& d : items_)
    if (d.key == key && d.message == message && d.pos.file == pos.file && d.pos.line == pos.line &&
        d.pos.column == pos.column)
      return;
  items_.push_back({std::move(pos), std::move(key), std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

std::string Diagnostics::format() const {
  std::vector<const Diagnostic*> sorted;
  for (const auto& d : items_) sorted.push_back(&d);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
    return std::tie(a->pos.file, a->pos.line, a->pos.column) <
           std::tie(b->pos.file, b->pos.line, b->pos.column);
  });
  std::string out;
  for (const auto* d : sorted) out += d->format() + '\n';
  return out;
}

InputError::InputError(Diagnostics d)
    : std::runtime_error(d.format()), diagnostics_(std::move(d)) {}

}  // namespace laoxiao
