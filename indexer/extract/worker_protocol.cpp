#include "indexer/extract/worker_protocol.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "indexer/extract/text_encoding.h"

namespace synaps::indexer::worker_protocol {
namespace {

void PutU64(std::string* out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint64_t GetU64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

void PutString(std::string* out, std::string_view s) {
  PutU64(out, s.size());
  out->append(s);
}

// A bounds-checked cursor over a payload.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool U64(std::uint64_t* v) {
    if (data_.size() < 8) return false;
    *v = GetU64(data_.data());
    data_.remove_prefix(8);
    return true;
  }
  bool String(std::string* s) {
    std::uint64_t n = 0;
    if (!U64(&n) || n > data_.size()) return false;
    *s = extract_internal::SanitizeUtf8(data_.substr(0, static_cast<std::size_t>(n)));
    data_.remove_prefix(static_cast<std::size_t>(n));
    return true;
  }
  bool Raw(std::string* s) {
    std::uint64_t n = 0;
    if (!U64(&n) || n > data_.size()) return false;
    s->assign(data_.substr(0, static_cast<std::size_t>(n)));
    data_.remove_prefix(static_cast<std::size_t>(n));
    return true;
  }
  bool done() const { return data_.empty(); }
  std::size_t left() const { return data_.size(); }

 private:
  std::string_view data_;
};

void Encode(std::string* out, const ExtractedDocument& doc) {
  PutU64(out, static_cast<std::uint64_t>(doc.status));
  PutString(out, doc.mime_type);
  PutString(out, doc.status_reason);
  PutString(out, doc.text);
  PutU64(out, doc.properties.size());
  for (const auto& [key, value] : doc.properties) {
    PutString(out, key);
    PutString(out, value);
  }
  PutU64(out, doc.children.size());
  for (const ExtractedChild& child : doc.children) {
    PutString(out, child.name);
    Encode(out, child.doc);
  }
}

bool Decode(Reader* in, ExtractedDocument* doc, int depth) {
  if (depth > 64) return false;
  std::uint64_t status = 0, count = 0;
  if (!in->U64(&status) || status > static_cast<std::uint64_t>(ExtractionStatus::kFailed)) {
    return false;
  }
  doc->status = static_cast<ExtractionStatus>(status);
  if (!in->String(&doc->mime_type) || !in->String(&doc->status_reason) || !in->String(&doc->text) ||
      !in->U64(&count)) {
    return false;
  }
  // Each entry takes at least 16 bytes: a count beyond that is a lie, not an allocation.
  if (count > in->left() / 16) return false;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string key, value;
    if (!in->String(&key) || !in->String(&value)) return false;
    doc->properties[key] = std::move(value);
  }
  if (!in->U64(&count) || count > in->left() / 16) return false;
  for (std::uint64_t i = 0; i < count; ++i) {
    ExtractedChild child;
    if (!in->String(&child.name) || !Decode(in, &child.doc, depth + 1)) return false;
    doc->children.push_back(std::move(child));
  }
  return true;
}

template <typename T>
bool ParseNumber(std::string_view text, T* value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *value);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

bool WriteFrame(int fd, std::string_view payload) {
  std::string header;
  PutU64(&header, payload.size());
  for (std::string_view part : {std::string_view(header), payload}) {
    while (!part.empty()) {
      ssize_t n = ::send(fd, part.data(), part.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == ENOTSOCK) n = ::write(fd, part.data(), part.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      part.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  return true;
}

namespace {

ReadResult ReadExactly(int fd, char* data, std::size_t size,
                       std::chrono::steady_clock::time_point deadline) {
  std::size_t done = 0;
  while (done < size) {
    int timeout_ms = -1;
    if (deadline != std::chrono::steady_clock::time_point::max()) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      deadline - std::chrono::steady_clock::now())
                      .count();
      if (left <= 0) return ReadResult::kTimeout;
      timeout_ms = static_cast<int>(std::min<long long>(left, 1 << 30));
    }
    pollfd pfd{fd, POLLIN, 0};
    int ready = ::poll(&pfd, 1, timeout_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return ReadResult::kError;
    if (ready == 0) continue;  // The deadline is checked at the top.
    ssize_t n = ::read(fd, data + done, size - done);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return ReadResult::kError;
    if (n == 0) return done == 0 ? ReadResult::kEof : ReadResult::kError;
    done += static_cast<std::size_t>(n);
  }
  return ReadResult::kOk;
}

}  // namespace

ReadResult ReadFrame(int fd, std::uint64_t max_payload,
                     std::chrono::steady_clock::time_point deadline, std::string* payload) {
  char header[8];
  ReadResult result = ReadExactly(fd, header, sizeof(header), deadline);
  if (result != ReadResult::kOk) return result;
  std::uint64_t size = GetU64(header);
  if (size > max_payload) return ReadResult::kTooLarge;
  payload->resize(static_cast<std::size_t>(size));
  result = ReadExactly(fd, payload->data(), payload->size(), deadline);
  return result == ReadResult::kEof ? ReadResult::kError : result;
}

std::string EncodeRequest(std::string_view path, std::string_view file_name) {
  std::string out = "E";
  PutString(&out, path);
  PutString(&out, file_name);
  return out;
}

bool DecodeRequest(std::string_view payload, std::string* path, std::string* file_name) {
  if (KindOf(payload) != RequestKind::kExtract) return false;
  Reader in(payload.substr(1));
  return in.Raw(path) && in.Raw(file_name) && in.done() && path->find('\0') == std::string::npos;
}

RequestKind KindOf(std::string_view request) {
  if (request.empty()) return RequestKind::kUnknown;
  if (request[0] == 'E') return RequestKind::kExtract;
  if (request[0] == 'R') return RequestKind::kRender;
  return RequestKind::kUnknown;
}

std::string EncodeRenderRequest(std::string_view path, int page, int width) {
  std::string out = "R";
  PutString(&out, path);
  PutU64(&out, static_cast<std::uint64_t>(page));
  PutU64(&out, static_cast<std::uint64_t>(width));
  return out;
}

bool DecodeRenderRequest(std::string_view payload, std::string* path, int* page, int* width) {
  if (KindOf(payload) != RequestKind::kRender) return false;
  Reader in(payload.substr(1));
  std::uint64_t page_number = 0, pixels = 0;
  if (!in.Raw(path) || !in.U64(&page_number) || !in.U64(&pixels) || !in.done()) return false;
  if (path->find('\0') != std::string::npos || page_number < 1 || page_number > INT32_MAX ||
      pixels < static_cast<std::uint64_t>(kMinRenderWidth) ||
      pixels > static_cast<std::uint64_t>(kMaxRenderWidth)) {
    return false;
  }
  *page = static_cast<int>(page_number);
  *width = static_cast<int>(pixels);
  return true;
}

std::string EncodeRenderedPage(const RenderedPage& page) {
  std::string out;
  PutU64(&out, static_cast<std::uint64_t>(page.status));
  PutString(&out, page.reason);
  PutU64(&out, static_cast<std::uint64_t>(std::max(page.pages, 0)));
  PutU64(&out, static_cast<std::uint64_t>(std::max(page.width, 0)));
  PutU64(&out, static_cast<std::uint64_t>(std::max(page.height, 0)));
  PutString(&out, page.png);
  return out;
}

namespace {

std::uint32_t GetU32BigEndian(std::string_view bytes) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[i]);
  return v;
}

// True if `png` starts as a PNG of `width` x `height` pixels: the signature, then the IHDR
// chunk (its length, 13, its type, the two dimensions). Nothing more is decoded here: the
// image is only handed on.
bool IsPngOfSize(std::string_view png, int width, int height) {
  static constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n", 8);
  if (png.size() < 8 + 8 + 13 + 4 || png.substr(0, 8) != kSignature) return false;
  if (GetU32BigEndian(png.substr(8)) != 13 || png.substr(12, 4) != "IHDR") return false;
  return GetU32BigEndian(png.substr(16)) == static_cast<std::uint32_t>(width) &&
         GetU32BigEndian(png.substr(20)) == static_cast<std::uint32_t>(height);
}

}  // namespace

bool DecodeRenderedPage(std::string_view payload, RenderedPage* page) {
  Reader in(payload);
  std::uint64_t status = 0, pages = 0, width = 0, height = 0;
  if (!in.U64(&status) || status > static_cast<std::uint64_t>(RenderedPage::Status::kFailed) ||
      !in.String(&page->reason) || !in.U64(&pages) || !in.U64(&width) || !in.U64(&height) ||
      pages > INT32_MAX || !in.Raw(&page->png) || !in.done()) {
    return false;
  }
  page->status = static_cast<RenderedPage::Status>(status);
  page->pages = static_cast<int>(pages);
  if (page->status != RenderedPage::Status::kOk) {
    page->width = page->height = 0;
    return page->png.empty();
  }
  if (width < 1 || width > static_cast<std::uint64_t>(kMaxRenderWidth) || height < 1 ||
      height > static_cast<std::uint64_t>(kMaxRenderHeight) || page->png.size() > kMaxPngBytes) {
    return false;
  }
  page->width = static_cast<int>(width);
  page->height = static_cast<int>(height);
  return IsPngOfSize(page->png, page->width, page->height);
}

std::string EncodeDocument(const ExtractedDocument& doc) {
  std::string out;
  Encode(&out, doc);
  return out;
}

bool DecodeDocument(std::string_view payload, ExtractedDocument* doc) {
  Reader in(payload);
  return Decode(&in, doc, 0) && in.done();
}

std::vector<std::string> LimitsToArgs(const ExtractionLimits& limits) {
  return {
      "--cpu-seconds=" + std::to_string(limits.cpu_seconds),
      "--memory-bytes=" + std::to_string(limits.memory_bytes),
      "--wall-seconds=" + std::to_string(limits.wall_seconds),
      "--max-text-bytes=" + std::to_string(limits.max_text_bytes),
      "--max-input-bytes=" + std::to_string(limits.max_input_bytes),
      "--max-depth=" + std::to_string(limits.max_depth),
      "--max-members=" + std::to_string(limits.max_members),
      "--max-total-uncompressed-bytes=" + std::to_string(limits.max_total_uncompressed_bytes),
      "--max-compression-ratio=" +
          std::to_string(static_cast<std::uint64_t>(limits.max_compression_ratio)),
      "--filter-seconds=" + std::to_string(limits.filter_seconds),
  };
}

bool ParseLimitArg(std::string_view arg, ExtractionLimits* limits) {
  std::size_t eq = arg.find('=');
  if (arg.substr(0, 2) != "--" || eq == std::string_view::npos) return false;
  std::string_view key = arg.substr(2, eq - 2);
  std::string_view value = arg.substr(eq + 1);
  std::uint64_t ratio = 0;
  bool ok = false;
  if (key == "cpu-seconds")
    ok = ParseNumber(value, &limits->cpu_seconds) && limits->cpu_seconds > 0;
  if (key == "memory-bytes") ok = ParseNumber(value, &limits->memory_bytes);
  if (key == "wall-seconds") ok = ParseNumber(value, &limits->wall_seconds);
  if (key == "max-text-bytes") ok = ParseNumber(value, &limits->max_text_bytes);
  if (key == "max-input-bytes") ok = ParseNumber(value, &limits->max_input_bytes);
  if (key == "max-depth") ok = ParseNumber(value, &limits->max_depth);
  if (key == "max-members") ok = ParseNumber(value, &limits->max_members);
  if (key == "max-total-uncompressed-bytes") {
    ok = ParseNumber(value, &limits->max_total_uncompressed_bytes);
  }
  if (key == "max-compression-ratio" && ParseNumber(value, &ratio) && ratio > 0) {
    limits->max_compression_ratio = static_cast<double>(ratio);
    ok = true;
  }
  if (key == "filter-seconds") ok = ParseNumber(value, &limits->filter_seconds);
  return ok;
}

}  // namespace synaps::indexer::worker_protocol
