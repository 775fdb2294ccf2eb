#include "services/ingestor/csv_codec.h"

#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "giamsat/v1/events.pb.h"
#include "google/protobuf/descriptor.h"
#include "nlohmann/json.hpp"

namespace giamsat::ingestor {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using json = nlohmann::ordered_json;

constexpr char kBom[] = "\xEF\xBB\xBF";

const FieldDescriptor* FindField(const Descriptor* d, const std::string& key) {
  if (d == nullptr) return nullptr;
  const FieldDescriptor* f = d->FindFieldByName(key);
  if (f == nullptr) f = d->FindFieldByCamelcaseName(key);
  return f;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> ParseCsvRecord(
    const std::string& text) {
  std::string_view s(text);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  std::vector<std::string> fields;
  std::string field;
  size_t i = 0;
  while (true) {
    field.clear();
    if (i < s.size() && s[i] == '"') {
      const size_t start = i;
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            field.push_back('"');
            i += 2;
          } else {
            closed = true;
            ++i;
            break;
          }
        } else {
          field.push_back(s[i++]);
        }
      }
      if (!closed) {
        return absl::InvalidArgumentError(
            absl::StrCat("quoted field starting at character ", start + 1,
                         " is not terminated"));
      }
      if (i < s.size() && s[i] != ',') {
        return absl::InvalidArgumentError(
            absl::StrCat("text after the closing quote at character ", i + 1));
      }
    } else {
      while (i < s.size() && s[i] != ',') field.push_back(s[i++]);
    }
    fields.push_back(field);
    if (i >= s.size()) break;
    ++i;  // the comma
  }
  return fields;
}

void CsvRecordSplitter::AddLine(std::string line) {
  ++line_number_;
  if (!has_current_) {
    current_first_line_ = line_number_;
    current_.clear();
    has_current_ = true;
  } else {
    current_.push_back('\n');
  }
  for (char c : line) {
    if (c == '"') in_quotes_ = !in_quotes_;
  }
  current_ += line;
  if (!in_quotes_) {
    ready_.emplace_back(std::move(current_), current_first_line_);
    current_.clear();
    has_current_ = false;
  }
}

bool CsvRecordSplitter::Next(std::string* record, int64_t* first_line) {
  if (next_ready_ >= ready_.size()) {
    ready_.clear();
    next_ready_ = 0;
    return false;
  }
  *record = std::move(ready_[next_ready_].first);
  *first_line = ready_[next_ready_].second;
  ++next_ready_;
  return true;
}

bool CsvRecordSplitter::TakeIncomplete(std::string* record,
                                       int64_t* first_line) {
  if (!has_current_) return false;
  *record = std::move(current_);
  *first_line = current_first_line_;
  current_.clear();
  has_current_ = false;
  in_quotes_ = false;
  return true;
}

absl::StatusOr<CsvHeader> CsvHeader::Parse(const std::string& header_record) {
  std::string text = header_record;
  if (absl::StartsWith(text, kBom)) text.erase(0, 3);
  absl::StatusOr<std::vector<std::string>> names = ParseCsvRecord(text);
  if (!names.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("CSV header: ", names.status().message()));
  }
  CsvHeader h;
  std::set<std::string> values;
  std::set<std::string> parents;
  for (size_t c = 0; c < names->size(); ++c) {
    const std::string name(absl::StripAsciiWhitespace((*names)[c]));
    if (name.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV header: column ", c + 1, " has no name"));
    }
    Column col;
    col.type = Column::Type::kString;
    const Descriptor* d = v1::Event::descriptor();
    std::vector<std::string> parts = absl::StrSplit(name, '.');
    for (size_t k = 0; k < parts.size(); ++k) {
      if (parts[k].empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "CSV header: column ", c + 1, " (", name, ") has an empty part"));
      }
      const FieldDescriptor* f = FindField(d, parts[k]);
      if (f == nullptr) {
        col.segments.push_back(parts[k]);
        d = nullptr;
        continue;
      }
      col.segments.push_back(f->json_name());
      if (k + 1 == parts.size()) {
        col.repeated = f->is_repeated();
        switch (f->cpp_type()) {
          case FieldDescriptor::CPPTYPE_BOOL:
            col.type = Column::Type::kBool;
            break;
          case FieldDescriptor::CPPTYPE_INT32:
          case FieldDescriptor::CPPTYPE_UINT32:
          case FieldDescriptor::CPPTYPE_INT64:
          case FieldDescriptor::CPPTYPE_UINT64:
            col.type = Column::Type::kInteger;
            break;
          case FieldDescriptor::CPPTYPE_DOUBLE:
          case FieldDescriptor::CPPTYPE_FLOAT:
            col.type = Column::Type::kNumber;
            break;
          case FieldDescriptor::CPPTYPE_ENUM:
            col.type = Column::Type::kEnum;
            break;
          default:
            col.type = Column::Type::kString;
        }
      }
      d = f->message_type();
    }
    std::string canonical;
    for (size_t k = 0; k < col.segments.size(); ++k) {
      if (k > 0) {
        parents.insert(canonical);
        canonical += ".";
      }
      canonical += col.segments[k];
    }
    if (!values.insert(canonical).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV header: column ", c + 1, " (", name,
                       ") repeats an earlier column"));
    }
    h.names_.push_back(name);
    h.paths_.push_back(std::move(col));
  }
  for (size_t c = 0; c < h.names_.size(); ++c) {
    std::string canonical;
    for (size_t k = 0; k < h.paths_[c].segments.size(); ++k) {
      if (k > 0) canonical += ".";
      canonical += h.paths_[c].segments[k];
    }
    if (parents.count(canonical) > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("CSV header: column ", c + 1, " (", h.names_[c],
                       ") is both a value and the parent of another column"));
    }
  }
  return h;
}

nlohmann::ordered_json CsvHeader::Convert(const std::string& cell,
                                          Column::Type type) {
  switch (type) {
    case Column::Type::kBool: {
      const std::string v = absl::AsciiStrToLower(cell);
      if (v == "true" || v == "1" || v == "yes") return true;
      if (v == "false" || v == "0" || v == "no") return false;
      return cell;
    }
    case Column::Type::kInteger: {
      int64_t i = 0;
      uint64_t u = 0;
      if (absl::SimpleAtoi(cell, &i)) return i;
      if (absl::SimpleAtoi(cell, &u)) return u;
      return cell;
    }
    case Column::Type::kNumber: {
      double d = 0;
      if (absl::SimpleAtod(cell, &d)) return d;
      return cell;
    }
    case Column::Type::kString:
    case Column::Type::kEnum:
      break;
  }
  return cell;
}

nlohmann::ordered_json CsvHeader::ToJson(const std::vector<std::string>& fields,
                                         bool* mismatch) const {
  *mismatch = fields.size() != paths_.size();
  json doc = json::object();
  const size_t n = std::min(fields.size(), paths_.size());
  for (size_t c = 0; c < n; ++c) {
    const std::string cell(absl::StripAsciiWhitespace(fields[c]));
    if (cell.empty()) continue;
    const Column& col = paths_[c];
    json value;
    if (col.repeated) {
      value = json::array();
      for (absl::string_view part : absl::StrSplit(cell, '|')) {
        const std::string p(absl::StripAsciiWhitespace(part));
        if (!p.empty()) value.push_back(Convert(p, col.type));
      }
    } else {
      value = Convert(cell, col.type);
    }
    json* node = &doc;
    for (size_t k = 0; k + 1 < col.segments.size(); ++k) {
      json& child = (*node)[col.segments[k]];
      if (!child.is_object()) child = json::object();
      node = &child;
    }
    (*node)[col.segments.back()] = std::move(value);
  }
  return doc;
}

}  // namespace giamsat::ingestor
