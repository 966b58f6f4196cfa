#include "core/population.hpp"

namespace laoxiao {

void PopulationStore::reserve(std::size_t n) {
  birth_.reserve(n);
  flags_.reserve(n);
  township_.reserve(n);
}

void PopulationStore::push_back(std::uint16_t birth_month, std::uint8_t flags,
                                std::uint8_t township) {
  if (birth_.size() == birth_.capacity()) {
    // Grow by a tenth, not by doubling: stores can hold a billion agents.
    reserve(birth_.size() + birth_.size() / 10 + 1024);
  }
  birth_.push_back(birth_month);
  flags_.push_back(flags);
  township_.push_back(township);
}

void PopulationStore::resize(std::size_t n) {
  birth_.resize(n);
  flags_.resize(n);
  township_.resize(n);
}

void PopulationStore::clear() {
  birth_.clear();
  flags_.clear();
  township_.clear();
}

std::size_t PopulationStore::count_alive() const {
  std::size_t n = 0;
  for (auto f : flags_) n += (f & person_flags::kAlive) ? 1 : 0;
  return n;
}

std::size_t PopulationStore::bytes_reserved() const {
  return birth_.capacity() * sizeof(std::uint16_t) + flags_.capacity() + township_.capacity();
}

double PopulationStore::bytes_per_slot() const {
  return size() ? static_cast<double>(bytes_reserved()) / static_cast<double>(size()) : 0.0;
}

}  // namespace laoxiao
