#include "services/ingestor/json_schema_check.h"

#include <cmath>
#include <limits>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"
#include "nlohmann/json.hpp"

namespace giamsat::ingestor {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using json = nlohmann::ordered_json;

// The field a JSON key names: proto name, lowerCamelCase or json_name.
const FieldDescriptor* FindKey(const Descriptor* d, const std::string& key) {
  const FieldDescriptor* f = d->FindFieldByName(key);
  if (f == nullptr) f = d->FindFieldByCamelcaseName(key);
  if (f == nullptr) {
    for (int i = 0; i < d->field_count() && f == nullptr; ++i) {
      if (d->field(i)->json_name() == key) f = d->field(i);
    }
  }
  return f;
}

class Checker {
 public:
  std::vector<v1::FieldError> Take() { return std::move(errors_); }

  void Fail(const std::string& field, const std::string& reason,
            std::string message) {
    v1::FieldError e;
    e.set_field(field.empty() ? "(event)" : field);
    e.set_reason(reason);
    e.set_message(std::move(message));
    errors_.push_back(std::move(e));
  }

  void Message(const json& value, const Descriptor* d,
               const std::string& path) {
    if (!value.is_object()) {
      Fail(path, "wrong_type",
           absl::StrCat(path.empty() ? "the event" : path,
                        " must be a JSON object"));
      return;
    }
    std::vector<std::string> payloads;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      const FieldDescriptor* f = FindKey(d, key);
      const std::string child = Join(path, f ? f->json_name() : key);
      if (f == nullptr) {
        Fail(child, "unknown_field",
             absl::StrCat(child, " is not a field of the event schema",
                          " (giamsat.v1.", d->name(), ")"));
        continue;
      }
      if (it.value().is_null()) continue;
      if (f->containing_oneof() != nullptr) payloads.push_back(f->json_name());
      Field(it.value(), f, child);
    }
    if (payloads.size() > 1) {
      Fail(Join(path, "payload"), "ambiguous",
           absl::StrCat("exactly one of dossier, feedback or inspection is "
                        "allowed, got ",
                        absl::StrJoin(payloads, " and ")));
    }
  }

 private:
  static std::string Join(const std::string& path, const std::string& key) {
    return path.empty() ? key : absl::StrCat(path, ".", key);
  }

  void Field(const json& value, const FieldDescriptor* f,
             const std::string& path) {
    if (f->is_repeated()) {
      if (!value.is_array()) {
        Fail(path, "wrong_type", absl::StrCat(path, " must be a JSON array"));
        return;
      }
      for (size_t i = 0; i < value.size(); ++i) {
        if (value[i].is_null()) {
          Fail(absl::StrCat(path, "[", i, "]"), "wrong_type",
               absl::StrCat(path, "[", i, "] must not be null"));
          continue;
        }
        Single(value[i], f, absl::StrCat(path, "[", i, "]"));
      }
      return;
    }
    Single(value, f, path);
  }

  void Single(const json& value, const FieldDescriptor* f,
              const std::string& path) {
    switch (f->cpp_type()) {
      case FieldDescriptor::CPPTYPE_MESSAGE:
        if (f->message_type()->full_name() == "google.protobuf.Timestamp") {
          Timestamp(value, path);
        } else {
          Message(value, f->message_type(), path);
        }
        return;
      case FieldDescriptor::CPPTYPE_STRING:
        if (!value.is_string()) {
          Fail(path, "wrong_type", absl::StrCat(path, " must be a string"));
        }
        return;
      case FieldDescriptor::CPPTYPE_BOOL:
        if (!value.is_boolean()) {
          Fail(path, "wrong_type",
               absl::StrCat(path, " must be true or false"));
        }
        return;
      case FieldDescriptor::CPPTYPE_ENUM:
        Enum(value, f->enum_type(), path);
        return;
      case FieldDescriptor::CPPTYPE_INT32:
        Integer(value, path, std::numeric_limits<int32_t>::min(),
                std::numeric_limits<int32_t>::max());
        return;
      case FieldDescriptor::CPPTYPE_UINT32:
        Integer(value, path, 0, std::numeric_limits<uint32_t>::max());
        return;
      case FieldDescriptor::CPPTYPE_INT64:
      case FieldDescriptor::CPPTYPE_UINT64:
        // Not used by the schema yet; the parser checks them.
        return;
      case FieldDescriptor::CPPTYPE_DOUBLE:
      case FieldDescriptor::CPPTYPE_FLOAT:
        if (!value.is_number()) {
          Fail(path, "wrong_type", absl::StrCat(path, " must be a number"));
        }
        return;
    }
  }

  void Integer(const json& value, const std::string& path, int64_t min,
               int64_t max) {
    int64_t v = 0;
    if (value.is_number_integer()) {
      if (value.is_number_unsigned()) {
        const uint64_t u = value.get<uint64_t>();
        if (u > static_cast<uint64_t>(max)) {
          OutOfRange(path, min, max);
          return;
        }
        v = static_cast<int64_t>(u);
      } else {
        v = value.get<int64_t>();
      }
    } else if (value.is_number_float()) {
      const double d = value.get<double>();
      if (!std::isfinite(d) || std::floor(d) != d) {
        Fail(path, "wrong_type", absl::StrCat(path, " must be a whole number"));
        return;
      }
      if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
        OutOfRange(path, min, max);
        return;
      }
      v = static_cast<int64_t>(d);
    } else if (value.is_string()) {
      if (!absl::SimpleAtoi(value.get<std::string>(), &v)) {
        Fail(path, "wrong_type", absl::StrCat(path, " must be a whole number"));
        return;
      }
    } else {
      Fail(path, "wrong_type", absl::StrCat(path, " must be a whole number"));
      return;
    }
    if (v < min || v > max) OutOfRange(path, min, max);
  }

  void OutOfRange(const std::string& path, int64_t min, int64_t max) {
    Fail(path, "out_of_range",
         absl::StrCat(path, " must be between ", min, " and ", max));
  }

  void Enum(const json& value, const EnumDescriptor* e,
            const std::string& path) {
    if (value.is_number_integer()) {
      const int64_t n = value.get<int64_t>();
      if (n < std::numeric_limits<int32_t>::min() ||
          n > std::numeric_limits<int32_t>::max() ||
          e->FindValueByNumber(static_cast<int>(n)) == nullptr) {
        Fail(path, "unknown_enum",
             absl::StrCat(path, ": ", n, " is not a value of ", e->name()));
      }
      return;
    }
    if (!value.is_string()) {
      Fail(path, "wrong_type",
           absl::StrCat(path, " must be the name of a ", e->name(), " value"));
      return;
    }
    const std::string name = value.get<std::string>();
    if (e->FindValueByName(name) != nullptr) return;
    // A kind of another subject type?
    for (const char* other :
         {"giamsat.v1.DossierEventKind", "giamsat.v1.FeedbackEventKind",
          "giamsat.v1.InspectionEventKind"}) {
      const EnumDescriptor* o = e->file()->pool()->FindEnumTypeByName(other);
      if (o != nullptr && o != e && o->FindValueByName(name) != nullptr &&
          absl::EndsWith(e->full_name(), "EventKind")) {
        Fail(path, "invalid_kind",
             absl::StrCat(path, ": ", name, " is a ", o->name(),
                          ", not valid for this subject type; expected a ",
                          e->name(), " (", Names(e), ")"));
        return;
      }
    }
    Fail(path, "unknown_enum",
         absl::StrCat(path, ": \"", name.substr(0, 64), "\" is not a value of ",
                      e->name(), " (", Names(e), ")"));
  }

  static std::string Names(const EnumDescriptor* e) {
    std::vector<std::string> names;
    for (int i = 1; i < e->value_count(); ++i) {
      names.push_back(e->value(i)->name());
    }
    return absl::StrJoin(names, ", ");
  }

  void Timestamp(const json& value, const std::string& path) {
    if (!value.is_string()) {
      Fail(path, "wrong_type",
           absl::StrCat(path,
                        " must be an RFC 3339 string with a UTC offset, e.g. "
                        "\"2026-04-24T16:00:00+07:00\""));
      return;
    }
    int64_t seconds = 0;
    int32_t nanos = 0;
    std::string reason;
    if (ParseRfc3339WithOffset(value.get<std::string>(), &seconds, &nanos,
                               &reason)) {
      return;
    }
    if (reason == "missing_utc_offset") {
      Fail(path, reason,
           absl::StrCat(path, " \"", value.get<std::string>().substr(0, 64),
                        "\" has no UTC offset; add one, e.g. +07:00"));
    } else {
      Fail(path, reason,
           absl::StrCat(path, " \"", value.get<std::string>().substr(0, 64),
                        "\" is not an RFC 3339 timestamp, e.g. "
                        "\"2026-04-24T16:00:00+07:00\""));
    }
  }

  std::vector<v1::FieldError> errors_;
};

bool Digits(const std::string& s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

int Redact(json& value, const Descriptor* d) {
  if (!value.is_object()) return 0;
  int n = 0;
  for (auto it = value.begin(); it != value.end(); ++it) {
    const FieldDescriptor* f = FindKey(d, it.key());
    if (f == nullptr) {
      it.value() = "(removed)";
      ++n;
    } else if (f->message_type() != nullptr &&
               f->message_type()->full_name() != "google.protobuf.Timestamp") {
      if (it.value().is_array()) {
        for (json& element : it.value())
          n += Redact(element, f->message_type());
      } else {
        n += Redact(it.value(), f->message_type());
      }
    }
  }
  return n;
}

}  // namespace

int RedactUnknownFields(nlohmann::ordered_json& event) {
  return Redact(event, v1::Event::descriptor());
}

bool ParseRfc3339WithOffset(const std::string& text, int64_t* unix_seconds,
                            int32_t* nanos, std::string* reason) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)
  *reason = "bad_timestamp";
  const std::string& s = text;
  if (!(Digits(s, 0, 4) && s.size() > 4 && s[4] == '-' && Digits(s, 5, 2) &&
        s.size() > 7 && s[7] == '-' && Digits(s, 8, 2) && s.size() > 10 &&
        (s[10] == 'T' || s[10] == 't') && Digits(s, 11, 2) && s.size() > 13 &&
        s[13] == ':' && Digits(s, 14, 2) && s.size() > 16 && s[16] == ':' &&
        Digits(s, 17, 2))) {
    return false;
  }
  size_t pos = 19;
  int64_t frac = 0;
  int frac_digits = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (frac_digits < 9) {
        frac = frac * 10 + (s[pos] - '0');
        ++frac_digits;
      }
      ++pos;
    }
    if (frac_digits == 0) return false;
  }
  if (pos == s.size()) {
    *reason = "missing_utc_offset";
    return false;
  }
  int offset_minutes = 0;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    if (!(Digits(s, pos + 1, 2) && s.size() > pos + 3 && s[pos + 3] == ':' &&
          Digits(s, pos + 4, 2))) {
      return false;
    }
    const int hh = std::stoi(s.substr(pos + 1, 2));
    const int mm = std::stoi(s.substr(pos + 4, 2));
    if (hh > 23 || mm > 59) return false;
    offset_minutes = (hh * 60 + mm) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return false;
  }
  if (pos != s.size()) return false;
  absl::CivilSecond civil;
  const std::string local = s.substr(0, 10) + "T" + s.substr(11, 8);
  if (!absl::ParseCivilTime(local, &civil)) return false;
  // ParseCivilTime normalises (e.g. 02-30 -> 03-02): reject such input.
  if (absl::FormatCivilTime(civil) != local) return false;
  const absl::Time t = absl::FromCivil(civil, absl::UTCTimeZone()) -
                       absl::Minutes(offset_minutes);
  while (frac_digits < 9) {
    frac *= 10;
    ++frac_digits;
  }
  const int64_t secs = absl::ToUnixSeconds(t);
  // The range protobuf Timestamps allow: 0001-01-01 to 9999-12-31.
  if (secs < -62135596800LL || secs > 253402300799LL) return false;
  *unix_seconds = secs;
  *nanos = static_cast<int32_t>(frac);
  reason->clear();
  return true;
}

std::vector<v1::FieldError> CheckEventJson(
    const nlohmann::ordered_json& event) {
  Checker c;
  c.Message(event, v1::Event::descriptor(), "");
  return c.Take();
}

}  // namespace giamsat::ingestor
