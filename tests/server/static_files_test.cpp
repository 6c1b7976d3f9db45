// StaticFiles on its own: what a web root serves, and every way out of it refused.
#include "dms-server/server/static_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace synaps::server {
namespace {

namespace fs = std::filesystem;
using store::ErrorCode;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string Read(StaticFiles::File& file) {
  std::string text(static_cast<size_t>(file.size), '\0');
  REQUIRE(::pread(file.fd.get(), text.data(), text.size(), 0) == file.size);
  return text;
}

// A web root beside a secret that must never be reached from it.
struct Site {
  testing::TempDir dir;
  fs::path root = dir / "web";
  StaticFiles files{root};
  Site() {
    Write(root / "index.html", "<h1>Synaps</h1>");
    Write(root / "css" / "app.css", "body{}");
    Write(root / "docs" / "index.html", "docs");
    Write(root / "docs" / "guide.PDF", "%PDF");
    Write(root / ".git" / "config", "[core]");
    Write(root / ".env", "SECRET=1");
    Write(root / "notes.db", "sqlite");
    Write(root / "Makefile", "all:");
    Write(dir / "secret.txt", "the secret");
    Write(dir / "outside" / "index.html", "outside");
  }
};

ErrorCode CodeOf(const Site& site, const std::string& path) {
  auto opened = site.files.Open(path);
  return opened.ok() ? ErrorCode::kOk : opened.status().code();
}

TEST_CASE("a web root serves its files, its index.html and the right types", "[server][static]") {
  Site site;
  auto index = site.files.Open("/");
  REQUIRE(index.ok());
  CHECK(Read(*index) == "<h1>Synaps</h1>");
  CHECK(index->content_type == "text/html; charset=utf-8");
  CHECK(index->etag.front() == '"');
  CHECK(index->modified_ms > 0);

  auto css = site.files.Open("/css/app.css");
  REQUIRE(css.ok());
  CHECK(Read(*css) == "body{}");
  CHECK(css->content_type == "text/css; charset=utf-8");
  CHECK(css->etag != index->etag);

  auto docs = site.files.Open("/docs/");
  REQUIRE(docs.ok());
  CHECK(Read(*docs) == "docs");
  CHECK(site.files.Open("/docs")->directory);  // the caller redirects to /docs/
  CHECK(site.files.Open("/docs/guide.PDF")->content_type == "application/pdf");
  CHECK(CodeOf(site, "/css/app.css/") == ErrorCode::kNotFound);  // a file is no folder
  CHECK(CodeOf(site, "/missing.html") == ErrorCode::kNotFound);
  CHECK(CodeOf(site, "/css/") == ErrorCode::kNotFound);  // a folder without index.html

  CHECK(StaticFiles::ContentTypeOf("app.MJS") == "text/javascript; charset=utf-8");
  CHECK(StaticFiles::ContentTypeOf("fonts/marianne.woff2") == "font/woff2");
  CHECK(StaticFiles::ContentTypeOf("a.b/README").empty());
}

TEST_CASE("an ETag changes when the file does", "[server][static]") {
  Site site;
  std::string before = site.files.Open("/css/app.css")->etag;
  Write(site.root / "css" / "app.css", "body{color:red}");
  CHECK(site.files.Open("/css/app.css")->etag != before);
}

TEST_CASE("hidden files, unknown types and special files are never served", "[server][static]") {
  Site site;
  for (const char* path : {"/.git/config", "/.env", "/notes.db", "/Makefile", "/.git/"}) {
    INFO(path);
    CHECK(CodeOf(site, path) == ErrorCode::kNotFound);
  }
  REQUIRE(::mkfifo((site.root / "pipe.html").c_str(), 0600) == 0);
  CHECK(CodeOf(site, "/pipe.html") == ErrorCode::kNotFound);  // and it does not block
}

TEST_CASE("no path leaves the root", "[server][static]") {
  Site site;
  for (const char* path : {"/../secret.txt", "/css/../../secret.txt", "/./index.html", "/..",
                           "/css/..", "/a\\..\\secret.txt", "/index.html\x01"}) {
    INFO(path);
    CHECK(CodeOf(site, path) == ErrorCode::kInvalidArgument);
  }
  CHECK(CodeOf(site, "") == ErrorCode::kInvalidArgument);
  CHECK(CodeOf(site, "index.html") == ErrorCode::kInvalidArgument);

  // Symbolic links: followed while they stay inside, refused as missing once they leave.
  fs::create_symlink(site.dir / "secret.txt", site.root / "secret.txt");
  fs::create_symlink("../secret.txt", site.root / "relative.txt");
  fs::create_symlink(site.dir / "outside", site.root / "elsewhere");
  fs::create_symlink("/etc", site.root / "etc");
  fs::create_symlink("css/app.css", site.root / "style.css");
  fs::create_symlink("../index.html", site.root / "docs" / "home.html");
  for (const char* path : {"/secret.txt", "/relative.txt", "/elsewhere/", "/elsewhere/index.html",
                           "/etc/hostname.txt", "/etc/"}) {
    INFO(path);
    CHECK(CodeOf(site, path) == ErrorCode::kNotFound);
  }
  auto linked = site.files.Open("/style.css");
  REQUIRE(linked.ok());
  CHECK(Read(*linked) == "body{}");
  CHECK(site.files.Open("/docs/home.html").ok());
  // The root itself may be a link (an installation pointing at a build).
  fs::create_symlink(site.root, site.dir / "current");
  CHECK(StaticFiles(site.dir / "current").Open("/index.html").ok());
}

TEST_CASE("a missing or unset root answers not found", "[server][static]") {
  testing::TempDir dir;
  CHECK(StaticFiles(dir / "nothing").Open("/").status().code() == ErrorCode::kNotFound);
  CHECK(StaticFiles(dir.path()).Open("/").status().code() == ErrorCode::kNotFound);
  CHECK(StaticFiles("").Open("/").status().code() == ErrorCode::kNotFound);
}

TEST_CASE("Accept-Encoding and fingerprinted paths", "[server][static]") {
  CHECK(StaticFiles::Accepts("gzip, deflate, br", "br"));
  CHECK(StaticFiles::Accepts("GZIP", "gzip"));
  CHECK(StaticFiles::Accepts("*", "br"));
  CHECK_FALSE(StaticFiles::Accepts("*, br;q=0", "br"));
  CHECK_FALSE(StaticFiles::Accepts("gzip;q=0", "gzip"));
  CHECK(StaticFiles::Accepts("gzip ; q=0.5", "gzip"));
  CHECK_FALSE(StaticFiles::Accepts("", "gzip"));
  CHECK_FALSE(StaticFiles::Accepts("brotli", "br"));

  CHECK(StaticFiles::IsFingerprinted("/assets/0123456789abcdef/app.js"));
  CHECK(StaticFiles::IsFingerprinted("/assets/0123456789abcdef/dsfr/icons/x.svg"));
  CHECK_FALSE(StaticFiles::IsFingerprinted("/index.html"));
  CHECK_FALSE(StaticFiles::IsFingerprinted("/0123456789abcdef"));  // a file's name is no folder
  CHECK_FALSE(StaticFiles::IsFingerprinted("/assets/0123456789ABCDEF/app.js"));
  CHECK_FALSE(StaticFiles::IsFingerprinted("/assets/0123456789abcde/app.js"));  // too short
}

}  // namespace
}  // namespace synaps::server
