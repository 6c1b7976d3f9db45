// Thread resources: the objects each request thread keeps open from one request to the next —
// its Store (an SQLite connection with its statement cache), its Searcher (an open Xapian
// database) and its type detector (a libmagic handle).
//
// None of the three is thread-safe, and opening one costs far more than most requests, so each
// thread opens its own on first use and keeps it until the thread ends: with 64 request
// threads, up to 64 SQLite connections and 64 Xapian readers. Each thread keeps one Store and
// one Searcher per data directory (tests run several servers in one process). A Searcher
// reopens the index by itself when a writer has committed (searcher.h), so keeping it is safe.
//
// Thread-safety: each function touches only the calling thread's objects; what it returns
// belongs to that thread and must not be handed to another. Ownership: the thread keeps them;
// references and pointers stay valid until the thread ends.
// Errors: HttpError (status_response.h), so that a request whose thread cannot open its Store
// or its index fails alone; the next request on the thread tries again.
#pragma once

#include <filesystem>

namespace synaps::store {
class Store;
}
namespace synaps::indexer {
class TypeDetector;
namespace query {
class Searcher;
}
}  // namespace synaps::indexer

namespace synaps::server {

// The calling thread's Store on `data_dir` (which must hold a store already). Throws the
// HttpError of the failed open (500, or 503 when the database stays busy).
store::Store& ThreadStore(const std::filesystem::path& data_dir);

// The calling thread's Searcher over the index of `data_dir`; null while there is no index yet
// (nothing indexed). Throws HttpError 500 when the index exists but cannot be opened.
indexer::query::Searcher* ThreadSearcher(const std::filesystem::path& data_dir);

// The calling thread's content-type detector. Never fails (without libmagic, it goes by the
// file name's extension: type_detector.h).
const indexer::TypeDetector& ThreadDetector();

}  // namespace synaps::server
