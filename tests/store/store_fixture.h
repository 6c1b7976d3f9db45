// A fresh store in a temporary directory, with a service and a helper to put text documents.
#pragma once

#include <memory>
#include <string>

#include "dms-server/store/store.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

namespace synaps::testing {

struct StoreFixture {
  TempDir dir;
  std::unique_ptr<store::Store> store;
  store::Actor actor{"tester"};

  StoreFixture() {
    auto opened = store::Store::Open(dir.path() / "data", store::Store::OpenMode::kCreateIfMissing);
    if (!opened.ok()) throw std::runtime_error(opened.status().message());
    store = std::move(opened).value();
    auto service = store->AddService(actor, "CAB", "Cabinet du préfet");
    if (!service.ok()) throw std::runtime_error(service.status().message());
  }

  store::BlobInfo WriteBlob(const std::string& content) {
    auto writer = store->blobs().NewWriter();
    if (!writer.ok()) throw std::runtime_error(writer.status().message());
    if (!writer->Append(content.data(), content.size()).ok()) throw std::runtime_error("append");
    auto info = writer->Commit();
    if (!info.ok()) throw std::runtime_error(info.status().message());
    return *info;
  }

  store::Result<store::PutResult> Put(const std::string& folder, const std::string& name,
                                      const std::string& content,
                                      const std::string& service = "CAB") {
    store::PutRequest request;
    request.service_code = service;
    if (!folder.empty()) request.folder = {folder};
    request.name = name;
    request.blob = WriteBlob(content);
    request.mime_type = "text/plain";
    return store->PutDocument(actor, request);
  }

  std::string Content(int64_t document_id, int version) {
    auto v = store->GetVersion(document_id, version);
    if (!v.ok()) throw std::runtime_error(v.status().message());
    auto fd = store->OpenContent(*v);
    if (!fd.ok()) throw std::runtime_error(fd.status().message());
    std::string content;
    char buffer[4096];
    for (;;) {
      auto n = store::ReadSome(fd->get(), buffer, sizeof buffer, "blob");
      if (!n.ok() || *n == 0) break;
      content.append(buffer, *n);
    }
    return content;
  }
};

}  // namespace synaps::testing
