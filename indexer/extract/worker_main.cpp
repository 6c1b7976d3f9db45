// synaps-extract-worker: extracts untrusted files in its own process, under the limits it is
// given on its command line (ARCHITECTURE invariant 7).
//
//   synaps-extract-worker [LIMITS...]                    serve framed requests on stdin/stdout
//   synaps-extract-worker [LIMITS...] --file PATH [--name NAME] [--json]   one file, for humans
//   synaps-extract-worker [LIMITS...] --file PATH --render-page N [--width W] --output PNG
//                                       draws page N of a PDF to a PNG file, for humans
//
// In serve mode stdin/stdout carry the protocol of worker_protocol.h; they are moved aside at
// start so that a library printing to stdout cannot corrupt a reply.
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <new>
#include <string>

#include "indexer/extract/extract.h"
#include "indexer/extract/type_detector.h"
#include "indexer/extract/worker_protocol.h"

namespace {

using synaps::indexer::ExtractionLimits;
namespace protocol = synaps::indexer::worker_protocol;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

void ApplyProcessLimits(const ExtractionLimits& limits) {
  // Ten steps below the parent: the index writer (the one thread every document goes through)
  // and the server's requests come first, and the workers use the rest. On the bench corpus
  // this alone makes `synaps index` 6 % faster, as the writer no longer waits for a core.
  errno = 0;
  const int inherited_nice = getpriority(PRIO_PROCESS, 0);
  if (errno == 0) setpriority(PRIO_PROCESS, 0, std::min(inherited_nice + 10, 19));
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);  // Crashes on hostile input must not litter dumps.
  // AddressSanitizer reserves terabytes of address space: an RLIMIT_AS would kill it at once.
  if (!kAddressSanitizer && limits.memory_bytes > 0) {
    rlimit memory{limits.memory_bytes, limits.memory_bytes};
    setrlimit(RLIMIT_AS, &memory);
  }
}

// RLIMIT_CPU counts the whole life of the process, so each document gets "used so far + N".
void ArmCpuLimit(const ExtractionLimits& limits) {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  rlim_t used = static_cast<rlim_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + 1);
  rlimit cpu{};
  getrlimit(RLIMIT_CPU, &cpu);
  rlim_t soft = used + static_cast<rlim_t>(limits.cpu_seconds);
  if (cpu.rlim_max != RLIM_INFINITY && soft > cpu.rlim_max) soft = cpu.rlim_max;
  cpu.rlim_cur = soft;
  setrlimit(RLIMIT_CPU, &cpu);
}

std::string ReadHead(const std::string& path) {
  std::string head(synaps::indexer::kTypeDetectorHeadBytes, '\0');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return {};
  ssize_t n = ::read(fd, head.data(), head.size());
  ::close(fd);
  head.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return head;
}

// Answers a render request with "P" + the page drawn. False if the request is malformed; a
// failed write (the parent is gone) is left to the next read, which sees the end of input.
bool Render(const std::string& request, const ExtractionLimits& limits, int out) {
  std::string path;
  int page = 0, width = 0;
  if (!protocol::DecodeRenderRequest(request, &path, &page, &width)) return false;
  ArmCpuLimit(limits);
  std::string reply;
  try {
    reply = "P" +
            protocol::EncodeRenderedPage(synaps::indexer::RenderPdfPage(path, page, width, limits));
  } catch (const std::bad_alloc&) {
    _exit(protocol::kExitMemoryLimit);
  }
  protocol::WriteFrame(out, reply);
  return true;
}

int Serve(const ExtractionLimits& limits) {
  // Keep the protocol on private descriptors; fd 0 reads nothing, fd 1 goes to stderr.
  int in = fcntl(0, F_DUPFD_CLOEXEC, 3);
  int out = fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (in < 0 || out < 0) return protocol::kExitProtocolError;
  int null = ::open("/dev/null", O_RDONLY);
  if (null >= 0) {
    dup2(null, 0);
    ::close(null);
  }
  dup2(2, 1);
  synaps::indexer::TypeDetector detector;
  for (;;) {
    std::string request;
    protocol::ReadResult read =
        protocol::ReadFrame(in, 1 << 20, std::chrono::steady_clock::time_point::max(), &request);
    if (read == protocol::ReadResult::kEof) return 0;
    if (read != protocol::ReadResult::kOk) return protocol::kExitProtocolError;
    if (protocol::KindOf(request) == protocol::RequestKind::kRender) {
      if (!Render(request, limits, out)) return protocol::kExitProtocolError;
      continue;
    }
    std::string path, name;
    if (!protocol::DecodeRequest(request, &path, &name)) return protocol::kExitProtocolError;
    if (name.empty()) name = std::filesystem::path(path).filename().string();
    const std::string type = detector.Detect(ReadHead(path), name);
    if (!protocol::WriteFrame(out, "T" + type)) return 0;
    ArmCpuLimit(limits);
    std::string reply;
    try {
      reply =
          "D" + protocol::EncodeDocument(synaps::indexer::ExtractFile(path, name, limits, type));
    } catch (const std::bad_alloc&) {
      _exit(protocol::kExitMemoryLimit);
    }
    if (!protocol::WriteFrame(out, reply)) return 0;
  }
}

int Usage() {
  std::cerr << "usage: synaps-extract-worker [--cpu-seconds=N --memory-bytes=N ...] "
               "[--file PATH [--name NAME] [--json]]\n"
               "       synaps-extract-worker [LIMITS...] --file PDF --render-page N [--width W] "
               "--output PNG\n";
  return protocol::kExitProtocolError;
}

int RenderToFile(const std::string& file, int page, int width, const std::string& output,
                 const ExtractionLimits& limits) {
  synaps::indexer::RenderedPage rendered =
      synaps::indexer::RenderPdfPage(file, page, width, limits);
  if (rendered.status != synaps::indexer::RenderedPage::Status::kOk) {
    std::cerr << rendered.reason << "\n";
    return 1;
  }
  std::ofstream out(output, std::ios::binary);
  out.write(rendered.png.data(), static_cast<std::streamsize>(rendered.png.size()));
  if (!out.flush()) {
    std::cerr << "cannot write " << output << "\n";
    return 1;
  }
  std::cout << output << ": page " << page << " of " << rendered.pages << ", " << rendered.width
            << " x " << rendered.height << " pixels, " << rendered.png.size() << " bytes\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // No PR_SET_PDEATHSIG: it fires when the spawning *thread* exits, which would kill healthy
  // workers of a thread pool. A dead parent closes the socket instead: the worker reads end of
  // input and exits, or fails its next write; its CPU limit bounds the document in between.
  ExtractionLimits limits;
  std::string file, name, output;
  bool json = false;
  int render_page = 0, width = 800;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--file" && i + 1 < argc) {
      file = argv[++i];
    } else if (arg == "--render-page" && i + 1 < argc) {
      render_page = std::atoi(argv[++i]);
    } else if (arg == "--width" && i + 1 < argc) {
      width = std::atoi(argv[++i]);
    } else if (arg == "--output" && i + 1 < argc) {
      output = argv[++i];
    } else if (arg == "--name" && i + 1 < argc) {
      name = argv[++i];
    } else if (arg == "--json") {
      json = true;
    } else if (!protocol::ParseLimitArg(arg, &limits)) {
      return Usage();
    }
  }
  ApplyProcessLimits(limits);
  if (file.empty()) return Serve(limits);
  ArmCpuLimit(limits);
  if (render_page != 0 || !output.empty()) {
    if (render_page < 1 || output.empty()) return Usage();
    return RenderToFile(file, render_page, width, output, limits);
  }
  synaps::indexer::ExtractedDocument doc = synaps::indexer::ExtractFile(file, name, limits);
  std::cout << (json ? synaps::indexer::ToJson(doc) + "\n"
                     : synaps::indexer::DescribeForDebug(doc));
  return doc.status == synaps::indexer::ExtractionStatus::kFailed ? 1 : 0;
}
