#include "services/ctl/health_command.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <fstream>
#include <future>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace giamsat::ctl {
namespace {

constexpr char kCheckMethod[] = "/grpc.health.v1.Health/Check";

void AppendVarint(uint64_t v, std::string& out) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool ReadVarint(const std::string& in, size_t& pos, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && pos < in.size(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in[pos++]);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

std::string EncodeHealthRequest(const std::string& service) {
  std::string out;
  if (service.empty()) return out;  // proto3: default values are not sent
  out.push_back(0x0a);              // field 1, length-delimited
  AppendVarint(service.size(), out);
  out += service;
  return out;
}

absl::StatusOr<int> DecodeHealthStatus(const std::string& bytes) {
  int status = 0;
  size_t pos = 0;
  while (pos < bytes.size()) {
    uint64_t tag = 0;
    uint64_t value = 0;
    if (!ReadVarint(bytes, pos, tag)) {
      return absl::InvalidArgumentError("health response: truncated tag");
    }
    const uint64_t wire_type = tag & 7;
    if (wire_type != 0 && wire_type != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("health response: unexpected wire type ", wire_type));
    }
    if (!ReadVarint(bytes, pos, value)) {
      return absl::InvalidArgumentError("health response: truncated field");
    }
    if (wire_type == 0) {
      if (tag >> 3 == 1) status = static_cast<int>(value);
    } else {  // unknown length-delimited field: skip it
      if (value > bytes.size() - pos) {
        return absl::InvalidArgumentError("health response: truncated field");
      }
      pos += value;
    }
  }
  return status;
}

std::string HealthStatusName(int status) {
  switch (status) {
    case 0:
      return "UNKNOWN";
    case 1:
      return "SERVING";
    case 2:
      return "NOT_SERVING";
    case 3:
      return "SERVICE_UNKNOWN";
    default:
      return absl::StrCat("status ", status);
  }
}

int CheckHealth(std::shared_ptr<grpc::Channel> channel,
                const HealthOptions& options, std::ostream& out,
                std::ostream& err) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + options.timeout));
  const std::string request_bytes = EncodeHealthRequest(options.service);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, kCheckMethod, grpc::StubOptions(), &request,
                 &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  const grpc::Status status = done.get_future().get();
  if (!status.ok()) {
    err << "health " << options.address << ": " << status.error_message()
        << " (" << status.error_code() << ")\n";
    return 1;
  }
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (response.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  absl::StatusOr<int> serving = DecodeHealthStatus(bytes);
  if (!serving.ok()) {
    err << "health " << options.address << ": " << serving.status().message()
        << "\n";
    return 1;
  }
  const std::string name = HealthStatusName(*serving);
  if (*serving != 1) {
    err << "health " << options.address << ": " << name << "\n";
    return 1;
  }
  out << name << "\n";
  return 0;
}

int Health(const HealthOptions& options, std::ostream& out, std::ostream& err) {
  std::shared_ptr<grpc::ChannelCredentials> creds =
      grpc::InsecureChannelCredentials();
  if (!options.ca_file.empty()) {
    std::ifstream in(options.ca_file);
    std::stringstream pem;
    pem << in.rdbuf();
    if (!in || pem.str().empty()) {
      err << "health: cannot read --ca-file " << options.ca_file << "\n";
      return 1;
    }
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = pem.str();
    creds = grpc::SslCredentials(ssl);
  }
  return CheckHealth(grpc::CreateChannel(options.address, creds), options, out,
                     err);
}

}  // namespace giamsat::ctl
