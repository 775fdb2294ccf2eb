#include "services/ingestor/json_decoder.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"
#include "nlohmann/json.hpp"
#include "services/ingestor/csv_codec.h"
#include "services/ingestor/json_schema_check.h"

namespace giamsat::ingestor {
namespace {

using json = nlohmann::ordered_json;

v1::FieldError Error(std::string field, std::string reason,
                     std::string message) {
  v1::FieldError e;
  e.set_field(std::move(field));
  e.set_reason(std::move(reason));
  e.set_message(std::move(message));
  return e;
}

std::string EventIdOf(const json& doc) {
  if (!doc.is_object()) return "";
  for (const char* key : {"eventId", "event_id"}) {
    auto it = doc.find(key);
    if (it != doc.end() && it->is_string()) {
      return it->get<std::string>().substr(0, 256);
    }
  }
  return "";
}

// Dumps without throwing on invalid UTF-8 (replaced by U+FFFD).
std::string Dump(const json& doc) {
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

DecodedItem EventDecoder::FromJsonValue(json doc, std::string encoding) const {
  DecodedItem item;
  item.encoding = std::move(encoding);
  if (!doc.is_object()) {
    item.raw = Dump(doc).substr(0, 1024);
    item.errors.push_back(
        Error("(event)", "malformed", "an event must be a JSON object"));
    return item;
  }
  const std::string citizen_ref = ScrubJson(doc, policy_, &item.pii);
  item.event_id = EventIdOf(doc);
  item.errors = CheckEventJson(doc);
  if (!item.errors.empty()) {
    RedactUnknownFields(doc);
    item.raw = Dump(doc);
    return item;
  }
  item.raw = Dump(doc);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      item.raw, &item.event, options);
  if (!status.ok()) {
    item.errors.push_back(
        Error("(event)", "malformed", std::string(status.message())));
    return item;
  }
  item.event.set_citizen_ref(citizen_ref);
  RedactFreeText(item.event, policy_, &item.pii);
  item.decoded = true;
  return item;
}

DecodedItem EventDecoder::DecodeJson(const std::string& text) const {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    DecodedItem item;
    item.errors.push_back(Error(
        "(event)", "malformed",
        "not valid JSON (the input is not kept: personal data could not be "
        "removed from it)"));
    return item;
  }
  return FromJsonValue(std::move(doc), "json");
}

absl::StatusOr<std::vector<DecodedItem>> EventDecoder::DecodeJsonBody(
    const std::string& body) const {
  json doc = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError("body: not valid JSON");
  }
  std::vector<DecodedItem> items;
  if (doc.is_object()) {
    items.push_back(FromJsonValue(std::move(doc), "json"));
    return items;
  }
  if (!doc.is_array()) {
    return absl::InvalidArgumentError(
        "body: expected one event object or an array of event objects");
  }
  items.reserve(doc.size());
  for (json& element : doc) {
    items.push_back(FromJsonValue(std::move(element), "json"));
  }
  return items;
}

DecodedItem EventDecoder::DecodeCsv(const CsvHeader& header,
                                    const std::string& record) const {
  absl::StatusOr<std::vector<std::string>> fields = ParseCsvRecord(record);
  if (!fields.ok()) {
    DecodedItem item;
    item.encoding = "csv";
    item.errors.push_back(Error(
        "(record)", "malformed",
        absl::StrCat("not a valid CSV record: ", fields.status().message(),
                     " (the input is not kept: personal data could not be "
                     "removed from it)")));
    return item;
  }
  bool mismatch = false;
  json doc = header.ToJson(*fields, &mismatch);
  DecodedItem item = FromJsonValue(std::move(doc), "csv");
  if (mismatch) {
    item.decoded = false;
    item.errors.insert(
        item.errors.begin(),
        Error("(record)", "malformed",
              absl::StrCat("the record has ", fields->size(),
                           " fields, the header ", header.columns())));
  }
  return item;
}

DecodedItem EventDecoder::FromProto(v1::Event event) const {
  DecodedItem item;
  item.encoding = "protobuf";
  item.decoded = true;
  item.event = std::move(event);
  item.event.DiscardUnknownFields();
  item.event.clear_ingested_at();
  item.event.clear_citizen_ref();
  RedactFreeText(item.event, policy_, &item.pii);
  item.event_id = item.event.event_id();
  item.raw = item.event.SerializeAsString();
  return item;
}

absl::StatusOr<std::vector<DecodedItem>> DecodeJsonEvents(
    const std::string& body) {
  return EventDecoder().DecodeJsonBody(body);
}

DecodedItem DecodeJsonEvent(const std::string& text) {
  return EventDecoder().DecodeJson(text);
}

}  // namespace giamsat::ingestor
