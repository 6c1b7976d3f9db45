// synaps-pst-reader ARCHIVE: reads one Outlook archive (.pst) with libpst, in a process of its
// own, for the sources that find archives (connectors/mail/pst_reader.h runs it). libpst was
// not written for hostile files: a damaged archive may crash it, and then only this process
// ends; its parent reports the message it was reading and starts it again for the next one.
//
// Requests on standard input, answers on standard output: connectors/mail/pst_answers.h.
// Limits: no core dump; 2 GiB of address space (not under AddressSanitizer, which reserves
// terabytes). Time is bounded by the parent, which kills a reader that does not answer.
#include <sys/resource.h>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "connectors/mail/pst_answers.h"
#include "connectors/pst-reader/pst_mime.h"

namespace {

using synaps::connectors::mail::FormatPstAnswer;
using synaps::connectors::mail::FormatPstListing;
using synaps::connectors::mail::PstListedMessage;

constexpr uint64_t kNodeTypeMask = 0x1F;
constexpr uint64_t kNormalFolder = 0x02;
constexpr uint64_t kNormalMessage = 0x04;
constexpr uint64_t kMessageStore = 0x21;
constexpr int kMaxFolderDepth = 64;

void SetLimits() {
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SYNAPS_PST_READER_ASAN 1
#endif
#endif
#if !defined(SYNAPS_PST_READER_ASAN) && !defined(__SANITIZE_ADDRESS__)
  rlimit memory{rlim_t{2} << 30, rlim_t{2} << 30};
  setrlimit(RLIMIT_AS, &memory);
#endif
}

void Answer(char kind, std::string_view payload) {
  const std::string answer = FormatPstAnswer(kind, payload);
  std::fwrite(answer.data(), 1, answer.size(), stdout);
}

class Archive {
 public:
  explicit Archive(pst_file* file) : file_(file) {}

  // Finds the folders and messages below the top of personal folders.
  bool Load(std::string* error) {
    // The message store is a node of the top level, with the root folder.
    pst_desc_tree* store_node = file_->d_head;
    while (store_node != nullptr && store_node->d_id != kMessageStore)
      store_node = store_node->next;
    pst_item* store = store_node ? pst_parse_item(file_, store_node, nullptr) : nullptr;
    if (store == nullptr) {
      *error = "its message store cannot be read: not an Outlook archive, or a damaged one";
      return false;
    }
    pst_desc_tree* top = pst_getTopOfFolders(file_, store);
    pst_freeItem(store);
    if (top == nullptr) {
      *error = "it has no top of personal folders";
      return false;
    }
    Walk(top, {}, 0);
    return true;
  }

  void List() {
    for (const auto& [node, listed] : messages_) Answer('M', FormatPstListing(listed));
    for (const std::string& skipped : skipped_) Answer('S', skipped);
    Answer('E', "");
  }

  void Message(uint64_t node) {
    auto found = nodes_.find(node);
    if (found == nodes_.end()) {
      Answer('F', "no such message in the archive");
      return;
    }
    pst_item* item = pst_parse_item(file_, found->second, nullptr);
    if (item == nullptr) {
      Answer('F', "the message cannot be read: the archive is damaged there");
      return;
    }
    const std::string mail = synaps::connectors::pst::ComposeMessage(file_, item);
    pst_freeItem(item);
    Answer('B', mail);
  }

 private:
  static std::string Hex(uint64_t value) {
    char text[17];
    std::snprintf(text, sizeof text, "%llx", static_cast<unsigned long long>(value));
    return text;
  }

  void Walk(pst_desc_tree* folder, const std::vector<std::string>& path, int depth) {
    for (pst_desc_tree* node = folder->child; node != nullptr; node = node->next) {
      const uint64_t type = node->d_id & kNodeTypeMask;
      if (type == kNormalMessage) {
        PstListedMessage listed;
        listed.node = node->d_id;
        // Outlook writes a changed message to new blocks: their ids say whether it changed.
        listed.change_token = Hex(node->desc ? node->desc->i_id : 0) + "-" +
                              Hex(node->assoc_tree ? node->assoc_tree->i_id : 0);
        listed.folders = path;
        messages_[node->d_id] = std::move(listed);
        nodes_[node->d_id] = node;
      } else if (type == kNormalFolder && node->child != nullptr) {
        if (depth >= kMaxFolderDepth) {
          skipped_.push_back("folders nested deeper than " + std::to_string(kMaxFolderDepth));
          continue;
        }
        std::vector<std::string> inner = path;
        pst_item* item = pst_parse_item(file_, node, nullptr);
        std::string name;
        int kind = PST_TYPE_NOTE;
        if (item != nullptr) {
          if (item->file_as.str != nullptr) {
            if (!item->file_as.is_utf8) pst_convert_utf8(item, &item->file_as);
            name = item->file_as.str;
          }
          kind = item->type;
          pst_freeItem(item);
        }
        if (kind == PST_TYPE_CONTACT || kind == PST_TYPE_APPOINTMENT || kind == PST_TYPE_TASK ||
            kind == PST_TYPE_JOURNAL || kind == PST_TYPE_STICKYNOTE) {
          skipped_.push_back("folder \"" + name +
                             "\": contacts, calendar, tasks or notes, not mail");
          continue;
        }
        inner.push_back(name.empty() ? "folder " + Hex(node->d_id) : name);
        Walk(node, inner, depth + 1);
      }
      // Search folders only point at messages kept elsewhere; other nodes are not messages.
    }
  }

  pst_file* file_;
  std::map<uint64_t, PstListedMessage> messages_;
  std::map<uint64_t, pst_desc_tree*> nodes_;
  std::vector<std::string> skipped_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: synaps-pst-reader ARCHIVE.pst (requests on standard input)\n";
    return 2;
  }
  SetLimits();
  pst_file file;
  if (pst_open(&file, argv[1], "utf-8") != 0) {
    Answer('F', "not an Outlook archive (.pst) that can be read");
    return 0;
  }
  pst_load_index(&file);
  pst_load_extended_attributes(&file);
  Archive archive(&file);
  std::string error;
  if (!archive.Load(&error)) {
    Answer('F', error);
    pst_close(&file);
    return 0;
  }
  Answer('R', "");
  std::fflush(stdout);
  std::string request;
  while (std::getline(std::cin, request)) {
    if (request == "list") {
      archive.List();
    } else if (request.rfind("message ", 0) == 0) {
      uint64_t node = 0;
      const char* first = request.data() + 8;
      const char* last = request.data() + request.size();
      auto [end, failed] = std::from_chars(first, last, node, 16);
      if (failed != std::errc() || end != last) {
        Answer('F', "unknown request");
      } else {
        archive.Message(node);
      }
    } else {
      Answer('F', "unknown request");
    }
    std::fflush(stdout);
  }
  pst_close(&file);
  return 0;
}
