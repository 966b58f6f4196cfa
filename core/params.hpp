// Parameters owned by the processes that use them. A process declares each of its keys once,
// bound to the field of its own parameter struct that has the key's name:
//
//   struct FertilityParams { std::vector<double> asfr; double sex_ratio_at_birth{}; ... };
//   ParamFields<FertilityParams> f("demography.fertility");
//   f.field(LAOXIAO_KEY(FertilityParams, sex_ratio_at_birth), "males per 100 females", 80, 150,
//           "Sex ratio at birth.", "出生人口性别比").required();
//
// The declaration is the registry entry (key, kind from the field's type, unit, bounds,
// meaning, Chinese term, default of an optional key) and the reader of the field. Default
// values of required keys, each with its source, live in scenarios/defaults.toml; structs
// carry no defaults of their own. The input layer checks types and bounds against the
// declarations before anything is read, so reading only converts.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/age_group.hpp"
#include "core/calendar.hpp"

namespace laoxiao {

/// The key of a field is the field's own name.
#define LAOXIAO_KEY(Struct, field) #field, &Struct::field

enum class ParamKind {
  kReal,
  kInteger,
  kString,
  kBool,
  kMonth,  // "YYYY-MM"
  kRealArray,
  kIntegerArray,
  kStringArray,
  kTableArray,  // [[array.of.tables]]; children are declared as "key[].child"
  kValue,       // any TOML value, checked by its reader against what it stands for (a sweep's
                // values of a scenario key)
};

std::string_view to_string(ParamKind k);

struct ParamSpec {
  std::string key;  // dotted path; children of table arrays use "parent[].child"
  ParamKind kind = ParamKind::kReal;
  std::string unit;  // "" when dimensionless
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool required = false;             // must be present once defaults and extends are merged
  std::vector<std::string> choices;  // allowed strings for enumerations
  std::size_t length = 0;            // arrays of a fixed length (0: any)
  std::string length_rule;           // what the values of a fixed-length array stand for
  std::string description;
  std::string name_zh;       // the plan's term, where one exists
  std::string default_text;  // value used when an optional key is absent ("" if none)
};

/// Where parameters are read from: a validated table (the merged scenario, or one element of
/// an array of tables). Keys are relative to it. Types were checked before reading, so a
/// getter returns nothing only when the key is absent.
class ParamSource {
 public:
  virtual ~ParamSource() = default;
  virtual bool has(std::string_view key) const = 0;
  virtual std::optional<double> real(std::string_view key) const = 0;
  virtual std::optional<std::int64_t> integer(std::string_view key) const = 0;
  virtual std::optional<std::string> text(std::string_view key) const = 0;
  virtual std::optional<bool> flag(std::string_view key) const = 0;
  virtual std::optional<std::vector<double>> reals(std::string_view key) const = 0;
  virtual std::optional<std::vector<std::string>> texts(std::string_view key) const = 0;
  /// Elements of an array of tables (0 when absent).
  virtual std::size_t count(std::string_view key) const = 0;
  virtual std::unique_ptr<ParamSource> element(std::string_view key, std::size_t i) const = 0;
  /// Reports a problem at the key's place in the input (or the table's, when it is absent).
  virtual void error(std::string_view key, const std::string& message) const = 0;
};

namespace param_detail {

template <class V>
struct IsOptional : std::false_type {};
template <class V>
struct IsOptional<std::optional<V>> : std::true_type {};

template <class V>
struct IsArray : std::false_type {};
template <class V, std::size_t N>
struct IsArray<std::array<V, N>> : std::true_type {};

/// The kind of a field of type V.
template <class V>
constexpr ParamKind kind_of() {
  if constexpr (IsOptional<V>::value) {
    return kind_of<typename V::value_type>();
  } else if constexpr (std::is_same_v<V, double>) {
    return ParamKind::kReal;
  } else if constexpr (std::is_same_v<V, bool>) {
    return ParamKind::kBool;
  } else if constexpr (std::is_integral_v<V>) {
    return ParamKind::kInteger;
  } else if constexpr (std::is_same_v<V, std::string>) {
    return ParamKind::kString;
  } else if constexpr (std::is_same_v<V, Month>) {
    return ParamKind::kMonth;
  } else if constexpr (std::is_same_v<V, std::vector<std::string>> ||
                       std::is_same_v<V, std::vector<AgeGroup>>) {
    return ParamKind::kStringArray;
  } else if constexpr (IsArray<V>::value) {
    return std::is_integral_v<typename V::value_type> ? ParamKind::kIntegerArray
                                                      : ParamKind::kRealArray;
  } else {
    static_assert(std::is_same_v<V, std::vector<double>>, "no kind for this field type");
    return ParamKind::kRealArray;
  }
}

/// Reads one value of type V at `key`; returns false when absent.
template <class V>
bool get(const ParamSource& s, std::string_view key, V& out) {
  if constexpr (IsOptional<V>::value) {
    typename V::value_type v{};
    if (!get(s, key, v)) return false;
    out = std::move(v);
    return true;
  } else if constexpr (std::is_same_v<V, double>) {
    const auto v = s.real(key);
    if (v) out = *v;
    return v.has_value();
  } else if constexpr (std::is_integral_v<V> && !std::is_same_v<V, bool>) {
    const auto v = s.integer(key);
    if (v) out = static_cast<V>(*v);
    return v.has_value();
  } else if constexpr (std::is_same_v<V, bool>) {
    const auto v = s.flag(key);
    if (v) out = *v;
    return v.has_value();
  } else if constexpr (std::is_same_v<V, std::string>) {
    auto v = s.text(key);
    if (v) out = std::move(*v);
    return v.has_value();
  } else if constexpr (std::is_same_v<V, Month>) {
    const auto v = s.text(key);
    if (!v) return false;
    if (const auto m = Month::parse(*v)) out = *m;
    return true;
  } else if constexpr (std::is_same_v<V, std::vector<double>>) {
    auto v = s.reals(key);
    if (v) out = std::move(*v);
    return v.has_value();
  } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
    auto v = s.texts(key);
    if (v) out = std::move(*v);
    return v.has_value();
  } else if constexpr (std::is_same_v<V, std::vector<AgeGroup>>) {
    const auto v = s.texts(key);
    if (!v) return false;
    out.clear();
    for (const auto& label : *v) {
      const auto g = AgeGroup::parse(label);
      if (!g) {
        s.error(key, "'" + label + "' is not an age group (forms: \"0\", \"1-4\", \"85+\")");
        out.clear();
        return true;
      }
      out.push_back(*g);
    }
    return true;
  } else if constexpr (IsArray<V>::value) {
    const auto v = s.reals(key);
    if (!v) return false;
    for (std::size_t i = 0; i < out.size() && i < v->size(); ++i)
      out[i] = static_cast<typename V::value_type>((*v)[i]);
    return true;
  } else {
    static_assert(sizeof(V) == 0, "no reader for this field type");
  }
}

template <class V>
std::string show(const V& v) {
  std::ostringstream o;
  if constexpr (std::is_same_v<V, std::string>) {
    o << '"' << v << '"';
  } else if constexpr (std::is_same_v<V, bool>) {
    o << (v ? "true" : "false");
  } else if constexpr (std::is_same_v<V, Month>) {
    o << '"' << v.to_string() << '"';
  } else {
    o << v;
  }
  return o.str();
}

}  // namespace param_detail

/// Names of the values of an enumeration, in the order of its values 0, 1, 2, …
template <class E>
struct EnumNames {
  std::vector<std::string> names;
  std::optional<E> parse(const std::string& s) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
  }
};

/// What every ParamFields<T> offers without its type: its declarations.
class ParamFieldsBase {
 public:
  virtual ~ParamFieldsBase() = default;
  /// The declarations of this struct and of its nested tables and arrays.
  virtual void collect(std::vector<ParamSpec>& out) const = 0;
};

/// Returned by a declaration, to add what the key needs beyond its type and bounds.
template <class V>
class FieldRef {
 public:
  FieldRef(ParamSpec& spec, std::shared_ptr<std::optional<V>> fallback)
      : spec_(spec), fallback_(std::move(fallback)) {}
  /// Must be present once defaults and extends are merged.
  FieldRef& required() {
    spec_.required = true;
    return *this;
  }
  /// The value used when the key is absent (shown by `laoxiao params`).
  template <class W>
  FieldRef& defaults_to(W v) {
    if constexpr (std::is_enum_v<V>)  // a choice: its name
      spec_.default_text = "\"" + spec_.choices.at(static_cast<std::size_t>(v)) + "\"";
    else
      spec_.default_text = param_detail::show(v);
    *fallback_ = V(std::move(v));
    return *this;
  }
  /// The default is a rule rather than a value (e.g. "horizon.end_year").
  FieldRef& defaults_to_rule(std::string text) {
    spec_.default_text = std::move(text);
    return *this;
  }
  FieldRef& one_of(std::vector<std::string> choices) {
    spec_.choices = std::move(choices);
    return *this;
  }
  /// What each value of a fixed-length array stands for (reported with a wrong length).
  FieldRef& length_rule(std::string rule) {
    spec_.length_rule = std::move(rule);
    return *this;
  }

 private:
  ParamSpec& spec_;
  std::shared_ptr<std::optional<V>> fallback_;
};

/// The parameters of one struct T, declared field by field, and their reader.
template <class T>
class ParamFields : public ParamFieldsBase {
 public:
  /// `prefix`: the table the keys live in ("demography.fertility"), or for the elements of an
  /// array of tables its key with "[]" ("capacity.stock[]"), whose keys are read relative to
  /// each element.
  explicit ParamFields(std::string prefix) : prefix_(std::move(prefix)) {
    if (prefix_.size() < 2 || prefix_.compare(prefix_.size() - 2, 2, "[]") != 0)
      read_prefix_ = prefix_;
  }
  /// A sub-table inside the elements of an array of tables: declared under `prefix`
  /// ("plan.indicators[].baseline"), read at `read_prefix` ("baseline") of each element.
  ParamFields(std::string prefix, std::string read_prefix)
      : prefix_(std::move(prefix)), read_prefix_(std::move(read_prefix)) {}

  const std::string& prefix() const { return prefix_; }

  /// A scalar, array or optional field; V is deduced from the member.
  template <class V>
  FieldRef<V> field(const char* name, V T::*member, std::string unit, double min, double max,
                    std::string description, std::string name_zh = {}) {
    auto fallback = std::make_shared<std::optional<V>>();
    ParamSpec& s = add(name, param_detail::kind_of<V>(), std::move(unit), min, max,
                       std::move(description), std::move(name_zh));
    if constexpr (param_detail::IsArray<V>::value) s.length = std::tuple_size_v<V>;
    const std::string key = read_key(name);
    const ParamSpec* spec = &s;
    readers_.push_back([key, member, fallback, spec](const ParamSource& src, T& out) {
      if constexpr (param_detail::IsArray<V>::value) {
        const auto values = src.reals(key);
        if (values && values->size() != spec->length) {
          src.error(key, "needs " + std::to_string(spec->length) + " values" +
                             (spec->length_rule.empty() ? "" : ": " + spec->length_rule));
          return;
        }
      }
      if (!param_detail::get(src, key, out.*member) && fallback->has_value())
        out.*member = **fallback;
    });
    return FieldRef<V>(s, fallback);
  }

  /// A field without bounds (text, flags, months, age groups).
  template <class V>
  FieldRef<V> field(const char* name, V T::*member, std::string description,
                    std::string name_zh = {}) {
    return field(name, member, std::string(), -kInf, kInf, std::move(description),
                 std::move(name_zh));
  }

  /// A key that may hold any TOML value (declared, with no reader: its owner reads the node and
  /// checks it against what it stands for, e.g. a sweep's values of a scenario key).
  void any_value(const char* name, std::string description, std::string name_zh = {}) {
    add(name, ParamKind::kValue, "", -kInf, kInf, std::move(description), std::move(name_zh));
  }

  /// An enumeration written as one of `names`.
  template <class E>
  FieldRef<E> choice(const char* name, E T::*member, const EnumNames<E>& names,
                     std::string description, std::string name_zh = {}) {
    auto fallback = std::make_shared<std::optional<E>>();
    ParamSpec& s =
        add(name, ParamKind::kString, "", -kInf, kInf, std::move(description), std::move(name_zh));
    s.choices = names.names;
    const std::string key = read_key(name);
    readers_.push_back([key, member, fallback, names](const ParamSource& src, T& out) {
      if (const auto text = src.text(key)) {
        if (const auto e = names.parse(*text)) out.*member = *e;
      } else if (fallback->has_value()) {
        out.*member = **fallback;
      }
    });
    return FieldRef<E>(s, fallback);
  }

  /// An array of tables, each element read with `element` (declared with prefix "key[]").
  template <class U>
  void table_array(const char* name, std::vector<U> T::*member, const ParamFields<U>& element,
                   std::string description, std::string name_zh = {}) {
    add(name, ParamKind::kTableArray, "", -kInf, kInf, std::move(description), std::move(name_zh));
    const std::string key = read_key(name);
    readers_.push_back([key, member, &element](const ParamSource& src, T& out) {
      const std::size_t n = src.count(key);
      (out.*member).resize(n);
      for (std::size_t i = 0; i < n; ++i) element.read(*src.element(key, i), (out.*member)[i]);
    });
    children_.push_back(&element);
  }

  /// The keys of a sub-table (e.g. an indicator's `baseline.year`), read into a member struct.
  /// `inner` is declared with prefix `this->prefix() + "." + name`.
  template <class U>
  void table(U T::*member, const ParamFields<U>& inner) {
    readers_.push_back(
        [member, &inner](const ParamSource& src, T& out) { inner.read(src, out.*member); });
    children_.push_back(&inner);
  }

  /// A rule across fields, run after reading (errors at the keys it names).
  void check(std::function<void(const T&, const ParamSource&)> rule) {
    checks_.push_back(std::move(rule));
  }

  /// Reads every declared field of `out` from `src`, then runs the checks.
  void read(const ParamSource& src, T& out) const {
    for (const auto& r : readers_) r(src, out);
    for (const auto& c : checks_) c(out, src);
  }
  T read(const ParamSource& src) const {
    T out{};
    read(src, out);
    return out;
  }

  void collect(std::vector<ParamSpec>& out) const override {
    for (const auto& s : specs_) out.push_back(*s);
    for (const auto* c : children_) c->collect(out);
  }

  /// The key of `name` as read from this struct's source (for the errors of checks).
  std::string read_key(std::string_view name) const {
    return read_prefix_.empty() ? std::string(name) : read_prefix_ + "." + std::string(name);
  }

 private:
  static constexpr double kInf = std::numeric_limits<double>::infinity();

  ParamSpec& add(const char* name, ParamKind kind, std::string unit, double min, double max,
                 std::string description, std::string name_zh) {
    auto s = std::make_unique<ParamSpec>();
    s->key = prefix_ + "." + name;
    s->kind = kind;
    s->unit = std::move(unit);
    s->min = min;
    s->max = max;
    s->description = std::move(description);
    s->name_zh = std::move(name_zh);
    specs_.push_back(std::move(s));
    return *specs_.back();
  }

  std::string prefix_, read_prefix_;
  std::vector<std::unique_ptr<ParamSpec>> specs_;  // stable addresses for FieldRef
  std::vector<std::function<void(const ParamSource&, T&)>> readers_;
  std::vector<std::function<void(const T&, const ParamSource&)>> checks_;
  std::vector<const ParamFieldsBase*> children_;
};

/// The declarations of T, built by `make` on first use: what a process's accessor returns.
template <class T, ParamFields<T> (*Make)()>
const ParamFields<T>& declared() {
  static const ParamFields<T> fields = Make();
  return fields;
}

/// Reports `key` unless it holds one value per group of `groups_key`.
void check_per_group(const ParamSource& src, const std::string& key, std::size_t values,
                     const std::string& groups_key, std::size_t groups);
/// Reports `key` unless its groups cover the ages from `first` to kMaxAge, the last one open.
void check_covers_ages(const ParamSource& src, const std::string& key,
                       const std::vector<AgeGroup>& groups, int first);

}  // namespace laoxiao
