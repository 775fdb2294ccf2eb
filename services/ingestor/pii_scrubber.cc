#include "services/ingestor/pii_scrubber.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "google/protobuf/descriptor.h"
#include "nlohmann/json.hpp"

namespace giamsat::ingestor {
namespace {

using json = nlohmann::ordered_json;

struct Lists {
  std::map<std::string, std::string> drop;  // normalised -> as configured
  std::vector<std::string> hash;            // normalised, in policy order
};

Lists Normalised(const PiiPolicy& policy) {
  Lists l;
  for (const auto& f : policy.drop_fields)
    l.drop.emplace(NormalisePiiName(f), f);
  for (const auto& f : policy.hash_fields)
    l.hash.push_back(NormalisePiiName(f));
  return l;
}

int HashRank(const Lists& lists, const std::string& normalised) {
  for (size_t i = 0; i < lists.hash.size(); ++i) {
    if (lists.hash[i] == normalised) return static_cast<int>(i);
  }
  return -1;
}

// Masks digit runs in a free-text value (a string or a list of strings).
void MaskStrings(json& value, const std::string& name, const PiiPolicy& policy,
                 PiiReport* report) {
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    if (MaskDigitRuns(text, policy.redact_digit_runs)) {
      value = text;
      if (report) report->actions.emplace_back(name, "redacted");
    }
  } else if (value.is_array()) {
    for (json& element : value) {
      if (element.is_string()) MaskStrings(element, name, policy, report);
    }
  }
}

struct Found {
  int rank = -1;
  std::string value;
};

void Walk(json& node, const Lists& lists, const PiiPolicy& policy,
          PiiReport* report, Found* found) {
  if (node.is_array()) {
    for (json& element : node) Walk(element, lists, policy, report, found);
    return;
  }
  if (!node.is_object()) return;
  for (auto it = node.begin(); it != node.end();) {
    const std::string normalised = NormalisePiiName(it.key());
    const int rank = HashRank(lists, normalised);
    if (rank >= 0) {
      const bool keyed = !policy.hash_key.empty();
      if (keyed && it.value().is_string() &&
          (found->rank < 0 || rank < found->rank)) {
        found->rank = rank;
        found->value = it.value().get<std::string>();
      }
      if (report) {
        report->actions.emplace_back(policy.hash_fields[rank],
                                     keyed ? "hashed" : "dropped");
      }
      it = node.erase(it);
      continue;
    }
    if (auto d = lists.drop.find(normalised); d != lists.drop.end()) {
      if (report) report->actions.emplace_back(d->second, "dropped");
      it = node.erase(it);
      continue;
    }
    if (normalised == "reason" || normalised == "shortcomings") {
      MaskStrings(it.value(), normalised, policy, report);
    }
    Walk(it.value(), lists, policy, report, found);
    ++it;
  }
}

std::string CanonicalId(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == ' ' || c == '.' || c == '-' || c == '\t') continue;
    out.push_back(absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsJoiner(char c) { return c == ' ' || c == '.' || c == '-'; }

void CollectNames(const google::protobuf::Descriptor* d,
                  std::set<const google::protobuf::Descriptor*>& seen,
                  std::set<std::string>& names) {
  if (!seen.insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* f = d->field(i);
    names.insert(NormalisePiiName(f->name()));
    names.insert(NormalisePiiName(f->json_name()));
    if (f->message_type() != nullptr)
      CollectNames(f->message_type(), seen, names);
  }
}

}  // namespace

std::string NormalisePiiName(const std::string& name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '_' || c == '-') continue;
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string ScrubJson(json& doc, const PiiPolicy& policy, PiiReport* report) {
  if (doc.is_object()) {
    for (const char* k :
         {"citizenRef", "citizen_ref", "ingestedAt", "ingested_at"}) {
      doc.erase(k);
    }
  }
  const Lists lists = Normalised(policy);
  Found found;
  Walk(doc, lists, policy, report, &found);
  if (found.rank < 0) return "";
  const std::string id = CanonicalId(found.value);
  if (id.empty()) return "";
  return KeyedHash(policy.hash_key, id);
}

bool MaskDigitRuns(std::string& text, int min_digits) {
  if (min_digits <= 0) return false;
  std::string out;
  out.reserve(text.size());
  bool masked = false;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    // A run: digits, with single joiners between digits.
    size_t end = i;
    int digits = 0;
    size_t last_digit_end = i;
    while (end < text.size()) {
      if (IsDigit(text[end])) {
        ++digits;
        ++end;
        last_digit_end = end;
      } else if (IsJoiner(text[end]) && end + 1 < text.size() &&
                 IsDigit(text[end + 1])) {
        ++end;
      } else {
        break;
      }
    }
    if (digits >= min_digits) {
      out += "***";
      masked = true;
    } else {
      out.append(text, i, last_digit_end - i);
    }
    i = last_digit_end;
  }
  if (masked) text = std::move(out);
  return masked;
}

void RedactFreeText(v1::Event& event, const PiiPolicy& policy,
                    PiiReport* report) {
  const int n = policy.redact_digit_runs;
  if (n <= 0) return;
  if (event.has_dossier() &&
      MaskDigitRuns(*event.mutable_dossier()->mutable_reason(), n) && report) {
    report->actions.emplace_back("reason", "redacted");
  }
  if (event.has_inspection()) {
    for (std::string& s : *event.mutable_inspection()->mutable_shortcomings()) {
      if (MaskDigitRuns(s, n) && report) {
        report->actions.emplace_back("shortcomings", "redacted");
      }
    }
  }
}

std::string KeyedHash(const std::string& key, const std::string& value) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(),
       digest, &length);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

std::vector<std::string> PiiNamesClashingWithSchema(const PiiPolicy& policy) {
  std::set<std::string> names;
  std::set<const google::protobuf::Descriptor*> seen;
  CollectNames(v1::Event::descriptor(), seen, names);
  std::vector<std::string> out;
  for (const auto* list : {&policy.drop_fields, &policy.hash_fields}) {
    for (const auto& f : *list) {
      if (names.count(NormalisePiiName(f)) > 0) out.push_back(f);
    }
  }
  return out;
}

}  // namespace giamsat::ingestor
