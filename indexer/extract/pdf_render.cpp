// One PDF page drawn to a PNG image (RenderPdfPage, extract.h): Poppler's Splash renderer
// through poppler-cpp's page_renderer, and Poppler's own PNG writer (libpng) through
// poppler::image::save, which writes to a file: a private temporary file, read back, removed.
#include <fcntl.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>

#include "indexer/extract/extract.h"

namespace synaps::indexer {
namespace {

RenderedPage Refused(RenderedPage::Status status, std::string reason, int pages = 0) {
  RenderedPage page;
  page.status = status;
  page.reason = std::move(reason);
  page.pages = pages;
  return page;
}

RenderedPage Failed(const std::string& why, int pages = 0) {
  return Refused(RenderedPage::Status::kFailed, "rendering failed: " + why, pages);
}

// Poppler reports every syntax problem on stderr; damaged files would flood the logs.
void QuietPoppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// The bytes of `path`, at most `max_bytes` of them; false (and `why`) otherwise.
bool ReadBounded(const std::filesystem::path& path, std::uint64_t max_bytes, std::string* bytes,
                 std::string* why) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error) {
    *why = "cannot read the file: " + error.message();
    return false;
  }
  if (size > max_bytes || size > static_cast<std::uintmax_t>(INT_MAX)) {
    *why = "the file is larger than " +
           std::to_string(std::min<std::uint64_t>(max_bytes, INT_MAX) >> 20) +
           " MiB, the most rendered";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  bytes->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    *why = "cannot read the file";
    return false;
  }
  return true;
}

// The PNG that Poppler writes for `image`, through a temporary file of our own.
bool EncodePng(const poppler::image& image, std::string* png, std::string* why) {
  std::error_code error;
  std::filesystem::path pattern = std::filesystem::temp_directory_path(error);
  if (error) pattern = "/tmp";
  std::string name = (pattern / "synaps-render-XXXXXX").string();
  int fd = ::mkstemp(name.data());
  if (fd < 0) {
    *why = "cannot create a temporary file in " + pattern.string();
    return false;
  }
  ::close(fd);
  bool saved = image.save(name, "png");
  std::string read_why;
  bool read = saved && ReadBounded(name, kMaxPngBytes, png, &read_why);
  ::unlink(name.c_str());
  if (!saved) *why = "the PNG writer refused the image";
  if (saved && !read) *why = "the PNG is too large or unreadable: " + read_why;
  return saved && read;
}

}  // namespace

RenderedPage RenderPdfPage(const std::filesystem::path& path, int page_number, int width,
                           const ExtractionLimits& limits) {
  QuietPoppler();
  if (width < kMinRenderWidth || width > kMaxRenderWidth) {
    return Failed("a width of " + std::to_string(width) + " pixels is outside [" +
                  std::to_string(kMinRenderWidth) + ", " + std::to_string(kMaxRenderWidth) + "]");
  }
  if (!poppler::page_renderer::can_render()) {
    return Failed("this build of Poppler cannot draw pages (no Splash backend)");
  }
  std::string bytes, why;
  if (!ReadBounded(path, limits.max_input_bytes, &bytes, &why)) return Failed(why);
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) {
    return Failed(bytes.substr(0, 1024).find("%PDF-") == std::string::npos
                      ? "not a PDF: no %PDF- header at the start"
                      : "PDF is damaged: Poppler cannot open it");
  }
  if (pdf->is_locked()) {
    // Nothing of a locked document is touched: poppler 22.12 crashes on pages() of one.
    return Refused(RenderedPage::Status::kEncrypted,
                   "encrypted PDF: password required, no page can be drawn");
  }
  const int pages = pdf->pages();
  if (page_number < 1 || page_number > pages) {
    return Refused(RenderedPage::Status::kNoSuchPage,
                   "the document has " + std::to_string(pages) + " page(s), not " +
                       std::to_string(page_number),
                   pages);
  }
  std::unique_ptr<poppler::page> page(pdf->create_page(page_number - 1));
  if (!page) {
    return Failed("PDF is damaged: page " + std::to_string(page_number) + " cannot be read", pages);
  }
  // The page's size in points as shown: a page turned a quarter is as wide as it is tall.
  poppler::rectf box = page->page_rect(poppler::crop_box);
  double points_wide = std::abs(box.width()), points_high = std::abs(box.height());
  const poppler::page::orientation_enum orientation = page->orientation();
  if (orientation == poppler::page::landscape || orientation == poppler::page::seascape) {
    std::swap(points_wide, points_high);
  }
  if (!(points_wide >= 1 && points_high >= 1 && points_wide < 1e6 && points_high < 1e6)) {
    return Failed("PDF is damaged: page " + std::to_string(page_number) + " has no usable size",
                  pages);
  }
  double scale = width / points_wide;
  if (points_high * scale > kMaxRenderHeight) scale = kMaxRenderHeight / points_high;
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing);
  renderer.set_image_format(poppler::image::format_rgb24);
  // Whole pixels: the rectangle drawn is exactly the image announced.
  const int image_width = std::max(1, static_cast<int>(std::lround(points_wide * scale)));
  const int image_height = std::max(1, static_cast<int>(std::lround(points_high * scale)));
  poppler::image image =
      renderer.render_page(page.get(), 72.0 * scale, 72.0 * scale, 0, 0, image_width, image_height);
  if (!image.is_valid() || image.width() != image_width || image.height() != image_height) {
    return Failed("Poppler could not draw page " + std::to_string(page_number), pages);
  }
  RenderedPage rendered;
  rendered.pages = pages;
  if (!EncodePng(image, &rendered.png, &why)) return Failed(why, pages);
  rendered.status = RenderedPage::Status::kOk;
  rendered.width = image_width;
  rendered.height = image_height;
  return rendered;
}

}  // namespace synaps::indexer
