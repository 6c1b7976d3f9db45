#include "tests/support/pst_writer.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace synaps::testing {

namespace {

using Bytes = std::string;

// [MS-PST] 2.2.2.7.7.4: at most 8 KiB a block, trailer included.
constexpr size_t kMaxBlockData = 8176;
constexpr size_t kPageSize = 512;
// Values longer than this go to a sub-node of their own instead of the node's heap.
constexpr size_t kLargeValue = 1024;

// Node types ([MS-PST] 2.2.2.1).
constexpr uint32_t kNormalFolder = 0x02;
constexpr uint32_t kNormalMessage = 0x04;
constexpr uint32_t kAttachment = 0x05;
constexpr uint32_t kValueNode = 0x1F;
constexpr uint32_t kMessageStoreNid = 0x21;
constexpr uint32_t kRootFolderNid = 0x122;
constexpr uint32_t kAttachmentTableNid = 0x671;
constexpr uint32_t kFirstAutomaticIndex = 0x10000;

// Property types.
constexpr uint16_t kInt32 = 0x0003;
constexpr uint16_t kBool = 0x000B;
constexpr uint16_t kUnicode = 0x001F;
constexpr uint16_t kTime = 0x0040;
constexpr uint16_t kBinary = 0x0102;

void Put8(Bytes& out, uint8_t value) {
  out.push_back(static_cast<char>(value));
}
void Put16(Bytes& out, uint16_t value) {
  for (int i = 0; i < 2; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}
void Put32(Bytes& out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}
void Put64(Bytes& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}
void Set16(Bytes& out, size_t at, uint16_t value) {
  for (int i = 0; i < 2; ++i) out[at + i] = static_cast<char>(value >> (8 * i));
}
void Set32(Bytes& out, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>(value >> (8 * i));
}
void Set64(Bytes& out, size_t at, uint64_t value) {
  for (int i = 0; i < 8; ++i) out[at + i] = static_cast<char>(value >> (8 * i));
}

// [MS-PST] 5.3: CRC-32 of the usual polynomial, started at 0 and not inverted.
uint32_t Crc(const char* data, size_t size) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0;
  for (size_t i = 0; i < size; ++i) {
    crc = table[(crc ^ static_cast<uint8_t>(data[i])) & 0xFF] ^ (crc >> 8);
  }
  return crc;
}

// [MS-PST] 5.5.
uint16_t Signature(uint64_t offset, uint64_t bid) {
  offset ^= bid;
  return static_cast<uint16_t>(static_cast<uint16_t>(offset >> 16) ^ static_cast<uint16_t>(offset));
}

uint64_t Fnv64(const Bytes& bytes) {
  uint64_t hash = 1469598103934665603ull;
  for (char c : bytes) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

Bytes Utf16(const std::string& utf8) {
  Bytes out;
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<uint8_t>(utf8[i]);
    const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    uint32_t code = length == 1 ? lead : lead & (0x3F >> (length - 1));
    for (int k = 1; k < length && i + k < utf8.size(); ++k) {
      code = (code << 6) | (static_cast<uint8_t>(utf8[i + k]) & 0x3F);
    }
    i += length;
    if (code >= 0x10000) {
      code -= 0x10000;
      Put16(out, static_cast<uint16_t>(0xD800 + (code >> 10)));
      Put16(out, static_cast<uint16_t>(0xDC00 + (code & 0x3FF)));
    } else {
      Put16(out, static_cast<uint16_t>(code));
    }
  }
  return out;
}

struct Property {
  uint16_t id;
  uint16_t type;
  Bytes value;  // as stored: little-endian numbers, UTF-16LE strings
};

Property Int32(uint16_t id, uint32_t value) {
  Bytes bytes;
  Put32(bytes, value);
  return {id, kInt32, bytes};
}
Property Bool(uint16_t id, bool value) {
  return {id, kBool, Bytes(1, value ? 1 : 0)};
}
Property Text(uint16_t id, const std::string& utf8) {
  return {id, kUnicode, Utf16(utf8)};
}
Property Binary(uint16_t id, Bytes value) {
  return {id, kBinary, std::move(value)};
}
Property Time(uint16_t id, int64_t unix_seconds) {
  Bytes bytes;
  Put64(bytes, static_cast<uint64_t>(unix_seconds + 11644473600ll) * 10000000ull);
  return {id, kTime, bytes};
}

struct SubNode {
  uint32_t nid = 0;
  uint64_t bid_data = 0;
  uint64_t bid_sub = 0;
};

struct Node {
  uint32_t nid = 0;
  uint64_t bid_data = 0;
  uint64_t bid_sub = 0;
  uint32_t parent = 0;
};

// The blocks and nodes of the archive being written.
class Archive {
 public:
  // A block holding `data` (at most kMaxBlockData bytes); the same bytes are one block.
  uint64_t Block(Bytes data, bool internal) {
    if (data.size() > kMaxBlockData) throw std::runtime_error("PST block over 8 KiB");
    Bytes keyed = data;
    keyed.push_back(internal ? 'i' : 'e');
    uint64_t bid = (Fnv64(keyed) & 0x0FFFFFFFFFFFFFF8ull) | 0x100;
    if (internal) bid |= 2;
    while (blocks_.count(bid) && blocks_[bid] != data) bid += 8;
    blocks_[bid] = std::move(data);
    return bid;
  }

  // `data` as one block, or as an XBLOCK over several ([MS-PST] 2.2.2.8.3.2.1).
  uint64_t Data(const Bytes& data) {
    if (data.size() <= kMaxBlockData) return Block(data, false);
    Bytes xblock;
    Put8(xblock, 0x01);  // btype
    Put8(xblock, 0x01);  // cLevel
    const size_t count = (data.size() + kMaxBlockData - 1) / kMaxBlockData;
    if (8 + count * 8 > kMaxBlockData) throw std::runtime_error("PST value over 8 MiB");
    Put16(xblock, static_cast<uint16_t>(count));
    Put32(xblock, static_cast<uint32_t>(data.size()));
    for (size_t i = 0; i < count; ++i) {
      Put64(xblock, Block(data.substr(i * kMaxBlockData, kMaxBlockData), false));
    }
    return Block(xblock, true);
  }

  // A sub-node block (SLBLOCK, [MS-PST] 2.2.2.8.3.3.1); 0 when there is none.
  uint64_t SubNodes(std::vector<SubNode> nodes) {
    if (nodes.empty()) return 0;
    std::sort(nodes.begin(), nodes.end(),
              [](const SubNode& a, const SubNode& b) { return a.nid < b.nid; });
    Bytes block;
    Put8(block, 0x02);  // btype
    Put8(block, 0x00);  // cLevel
    Put16(block, static_cast<uint16_t>(nodes.size()));
    Put32(block, 0);
    for (const SubNode& node : nodes) {
      Put64(block, node.nid);
      Put64(block, node.bid_data);
      Put64(block, node.bid_sub);
    }
    return Block(block, true);
  }

  void AddNode(Node node) { nodes_.push_back(node); }

  void Write(const std::filesystem::path& path) const;

 private:
  struct PageRef {
    uint64_t key;
    uint64_t bid;
    uint64_t offset;
  };
  // Pages of one B-tree, leaves first; returns the root's reference.
  PageRef WriteTree(Bytes& file, uint64_t& next_page_bid, uint8_t page_type,
                    std::vector<std::pair<uint64_t, Bytes>> entries, size_t entry_size) const;

  std::map<uint64_t, Bytes> blocks_;
  std::vector<Node> nodes_;
};

Archive::PageRef Archive::WriteTree(Bytes& file, uint64_t& next_page_bid, uint8_t page_type,
                                    std::vector<std::pair<uint64_t, Bytes>> entries,
                                    size_t entry_size) const {
  uint8_t level = 0;
  for (;;) {
    const size_t per_page = 488 / entry_size;
    std::vector<std::pair<uint64_t, Bytes>> parents;
    for (size_t first = 0; first < entries.size() || first == 0; first += per_page) {
      const size_t count = std::min(per_page, entries.size() - first);
      Bytes page(kPageSize, '\0');
      for (size_t i = 0; i < count; ++i) {
        page.replace(i * entry_size, entry_size, entries[first + i].second);
      }
      page[488] = static_cast<char>(count);
      page[489] = static_cast<char>(per_page);
      page[490] = static_cast<char>(entry_size);
      page[491] = static_cast<char>(level);
      const uint64_t bid = next_page_bid;
      next_page_bid += 4;
      const uint64_t offset = file.size();
      page[496] = static_cast<char>(page_type);
      page[497] = static_cast<char>(page_type);
      Set16(page, 498, Signature(offset, bid));
      Set32(page, 500, Crc(page.data(), 496));
      Set64(page, 504, bid);
      file += page;
      Bytes reference;
      const uint64_t key = count ? entries[first].first : 0;
      Put64(reference, key);
      Put64(reference, bid);
      Put64(reference, offset);
      parents.emplace_back(key, reference);
      if (entries.empty()) break;
    }
    if (parents.size() == 1) {
      return {parents[0].first, next_page_bid - 4, file.size() - kPageSize};
    }
    entries = std::move(parents);
    entry_size = 24;
    ++level;
  }
}

void Archive::Write(const std::filesystem::path& path) const {
  Bytes file(0x4400, '\0');  // the header, and where the first allocation maps would be
  std::vector<std::pair<uint64_t, Bytes>> block_entries;
  uint64_t last_bid = 0;
  for (const auto& [bid, data] : blocks_) {
    const uint64_t offset = file.size();
    Bytes block = data;
    block.resize((data.size() + 16 + 63) / 64 * 64 - 16, '\0');
    Put16(block, static_cast<uint16_t>(data.size()));
    Put16(block, Signature(offset, bid));
    Put32(block, Crc(data.data(), data.size()));
    Put64(block, bid);
    file += block;
    Bytes entry;
    Put64(entry, bid);
    Put64(entry, offset);
    Put16(entry, static_cast<uint16_t>(data.size()));
    Put16(entry, 2);  // cRef
    Put32(entry, 0);
    block_entries.emplace_back(bid, entry);
    last_bid = std::max(last_bid, bid);
  }
  file.resize((file.size() + kPageSize - 1) / kPageSize * kPageSize, '\0');

  std::vector<Node> nodes = nodes_;
  std::sort(nodes.begin(), nodes.end(), [](const Node& a, const Node& b) { return a.nid < b.nid; });
  std::vector<std::pair<uint64_t, Bytes>> node_entries;
  for (const Node& node : nodes) {
    Bytes entry;
    Put64(entry, node.nid);
    Put64(entry, node.bid_data);
    Put64(entry, node.bid_sub);
    Put32(entry, node.parent);
    Put32(entry, 0);
    node_entries.emplace_back(node.nid, entry);
  }
  uint64_t next_page_bid = 0x1000;
  const PageRef bbt = WriteTree(file, next_page_bid, 0x80, block_entries, 24);
  const PageRef nbt = WriteTree(file, next_page_bid, 0x81, node_entries, 32);

  Bytes& header = file;
  Set32(header, 0, 0x4E444221);  // "!BDN"
  Set16(header, 8, 0x4D53);      // "SM"
  Set16(header, 10, 23);         // Unicode
  Set16(header, 12, 19);
  header[14] = 0x01;
  header[15] = 0x01;
  Set64(header, 32, next_page_bid);  // bidNextP
  Set32(header, 40, 1);              // dwUnique
  for (int i = 0; i < 32; ++i) Set32(header, 44 + 4 * i, 0x400);
  Set64(header, 184, file.size());  // ibFileEof
  Set64(header, 192, 0x4400);       // ibAMapLast
  Set64(header, 216, nbt.bid);
  Set64(header, 224, nbt.offset);
  Set64(header, 232, bbt.bid);
  Set64(header, 240, bbt.offset);
  header[248] = 0x00;  // fAMapValid: the maps are to be rebuilt
  header[512] = static_cast<char>(0x80);
  header[513] = 0x00;  // no encryption
  Set64(header, 516, (last_bid & ~3ull) + 4);
  Set32(header, 4, Crc(header.data() + 8, 471));
  Set32(header, 524, Crc(header.data() + 8, 516));

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(file.data(), static_cast<std::streamsize>(file.size()));
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A heap-on-node ([MS-PST] 2.3.1) in one block.
class Heap {
 public:
  explicit Heap(uint8_t client_signature) : bytes_(12, '\0') {
    bytes_[2] = static_cast<char>(0xEC);
    bytes_[3] = static_cast<char>(client_signature);
  }
  uint32_t Allocate(const Bytes& data) {
    starts_.push_back(static_cast<uint16_t>(bytes_.size()));
    bytes_ += data;
    return static_cast<uint32_t>(starts_.size()) << 5;
  }
  void Replace(uint32_t hid, const Bytes& data) {
    bytes_.replace(starts_[(hid >> 5) - 1], data.size(), data);
  }
  Bytes Finish(uint32_t user_root) {
    Bytes block = bytes_;
    const auto end = static_cast<uint16_t>(block.size());
    if (block.size() % 2) block.push_back('\0');  // the map starts on an even offset
    Set16(block, 0, static_cast<uint16_t>(block.size()));
    Set32(block, 4, user_root);
    Put16(block, static_cast<uint16_t>(starts_.size()));
    Put16(block, 0);
    // The end of one allocation is the start of the next.
    for (uint16_t start : starts_) Put16(block, start);
    Put16(block, end);
    if (block.size() > kMaxBlockData) throw std::runtime_error("PST heap over one block");
    return block;
  }

 private:
  Bytes bytes_;
  std::vector<uint16_t> starts_;
};

// A property context ([MS-PST] 2.3.3): its heap block, and the sub-nodes of its large values.
struct Context {
  uint64_t bid_data = 0;
  std::vector<SubNode> subnodes;
};

// `damaged_property`: the id of a property whose value is made to point into a heap block
// that does not exist (hidBlockIndex 0x15).
Context PropertyContext(Archive& archive, std::vector<Property> properties,
                        uint16_t damaged_property = 0) {
  std::sort(properties.begin(), properties.end(),
            [](const Property& a, const Property& b) { return a.id < b.id; });
  Heap heap(0xBC);
  const uint32_t header = heap.Allocate(Bytes(8, '\0'));
  Context context;
  Bytes records;
  uint32_t next_value_node = 1;
  for (const Property& property : properties) {
    uint32_t value = 0;
    if (property.type == kInt32 || property.type == kBool) {
      Bytes inline_value = property.value;
      inline_value.resize(4, '\0');
      value = static_cast<uint32_t>(static_cast<uint8_t>(inline_value[0])) |
              static_cast<uint32_t>(static_cast<uint8_t>(inline_value[1])) << 8 |
              static_cast<uint32_t>(static_cast<uint8_t>(inline_value[2])) << 16 |
              static_cast<uint32_t>(static_cast<uint8_t>(inline_value[3])) << 24;
    } else if (property.value.size() > kLargeValue) {
      value = (next_value_node++ << 5) | kValueNode;
      context.subnodes.push_back({value, archive.Data(property.value), 0});
    } else {
      value = heap.Allocate(property.value);
      if (property.id == damaged_property) value |= 0x150000;
    }
    Put16(records, property.id);
    Put16(records, property.type);
    Put32(records, value);
  }
  const uint32_t root = properties.empty() ? 0 : heap.Allocate(records);
  Bytes bth;
  Put8(bth, 0xB5);
  Put8(bth, 2);  // cbKey
  Put8(bth, 6);  // cbEnt
  Put8(bth, 0);  // bIdxLevels
  Put32(bth, root);
  heap.Replace(header, bth);
  context.bid_data = archive.Block(heap.Finish(header), false);
  return context;
}

// The attachment table ([MS-PST] 2.4.6.1): a table context of integer columns, one row per
// attachment, whose row id is the attachment object's sub-node.
uint64_t AttachmentTable(Archive& archive, const std::vector<std::array<uint32_t, 4>>& rows) {
  // Columns: row id, row version, size, method; then the cell existence bitmap.
  const uint16_t columns[4][2] = {
      {0x67F2, kInt32}, {0x67F3, kInt32}, {0x0E20, kInt32}, {0x3705, kInt32}};
  const uint16_t row_size = 17;
  Heap heap(0x7C);
  Bytes info;
  Put8(info, 0x7C);
  Put8(info, 4);          // cCols
  Put16(info, 16);        // end of the 4-byte cells
  Put16(info, 16);        // ... of the 2-byte ones
  Put16(info, 16);        // ... of the 1-byte ones
  Put16(info, row_size);  // ... of the bitmap: the row's size
  const size_t row_index_at = info.size();
  Put32(info, 0);  // hidRowIndex
  Put32(info, 0);  // hnidRows
  Put32(info, 0);  // hidIndex (unused)
  for (int i = 0; i < 4; ++i) {
    Put32(info, static_cast<uint32_t>(columns[i][0]) << 16 | columns[i][1]);
    Put16(info, static_cast<uint16_t>(4 * i));
    Put8(info, 4);
    Put8(info, static_cast<uint8_t>(i));
  }
  const uint32_t info_hid = heap.Allocate(info);
  Bytes index;
  Bytes matrix;
  for (size_t row = 0; row < rows.size(); ++row) {
    Put32(index, rows[row][0]);
    Put32(index, static_cast<uint32_t>(row));
    for (uint32_t cell : rows[row]) Put32(matrix, cell);
    Put8(matrix, 0xF0);  // the four cells exist
  }
  const uint32_t index_records = heap.Allocate(index);
  Bytes bth;
  Put8(bth, 0xB5);
  Put8(bth, 4);  // cbKey
  Put8(bth, 4);  // cbEnt
  Put8(bth, 0);
  Put32(bth, index_records);
  const uint32_t row_index = heap.Allocate(bth);
  const uint32_t matrix_hid = heap.Allocate(matrix);
  Set32(info, row_index_at, row_index);
  Set32(info, row_index_at + 4, matrix_hid);
  heap.Replace(info_hid, info);
  return archive.Block(heap.Finish(info_hid), false);
}

// RTF as PR_RTF_COMPRESSED keeps it ([MS-OXRTFCP]): a header, then runs of a flag byte and
// eight items. Every item here is a literal byte (flag 0), the simplest valid compression.
Bytes CompressedRtf(const std::string& rtf) {
  Bytes payload;
  for (size_t i = 0; i < rtf.size(); i += 8) {
    Put8(payload, 0x00);
    payload += rtf.substr(i, 8);
  }
  Bytes out;
  Put32(out, static_cast<uint32_t>(payload.size() + 12));  // the size after this field
  Put32(out, static_cast<uint32_t>(rtf.size()));
  Put32(out, 0x75465A4C);  // "LZFu": compressed
  Put32(out, Crc(payload.data(), payload.size()));
  return out + payload;
}

class Writer {
 public:
  explicit Writer(const PstFolder& top) { Reserve(top); }

  void Write(const std::filesystem::path& path, const PstFolder& top) {
    const Bytes store_uid = Bytes("SynapsTestStore!", 16);
    const uint32_t top_nid = FolderNid(top);
    Bytes entry_id(4, '\0');
    entry_id += store_uid;
    Put32(entry_id, top_nid);
    Context store = PropertyContext(
        archive_, {Binary(0x0FF9, store_uid), Text(0x3001, top.name), Binary(0x35E0, entry_id)});
    archive_.AddNode({kMessageStoreNid, store.bid_data, 0, 0});
    Context root = PropertyContext(archive_, {Bool(0x360A, true), Text(0x3613, "IPF.Note")});
    archive_.AddNode({kRootFolderNid, root.bid_data, 0, kRootFolderNid});
    AddFolder(top, top_nid, kRootFolderNid);
    archive_.Write(path);
  }

 private:
  void Reserve(const PstFolder& folder) {
    if (folder.id) used_.insert(folder.id);
    for (const PstMessage& message : folder.messages) {
      if (message.id) used_.insert(message.id);
    }
    for (const PstFolder& child : folder.folders) Reserve(child);
  }
  uint32_t NextIndex(uint32_t given) {
    if (given) return given;
    while (used_.count(next_index_)) ++next_index_;
    return next_index_++;
  }
  uint32_t FolderNid(const PstFolder& folder) {
    auto found = folder_nids_.find(&folder);
    if (found != folder_nids_.end()) return found->second;
    return folder_nids_[&folder] = NextIndex(folder.id) << 5 | kNormalFolder;
  }

  void AddFolder(const PstFolder& folder, uint32_t nid, uint32_t parent) {
    Context context = PropertyContext(
        archive_,
        {Text(0x3001, folder.name), Int32(0x3602, static_cast<uint32_t>(folder.messages.size())),
         Int32(0x3603, 0), Bool(0x360A, !folder.folders.empty()), Text(0x3613, "IPF.Note")});
    archive_.AddNode({nid, context.bid_data, archive_.SubNodes(context.subnodes), parent});
    for (const PstMessage& message : folder.messages) AddMessage(message, nid);
    for (const PstFolder& child : folder.folders) AddFolder(child, FolderNid(child), nid);
  }

  void AddMessage(const PstMessage& message, uint32_t folder) {
    std::vector<Property> properties = {
        Text(0x001A, "IPM.Note"),
        Int32(0x0E07, 0x01 | (message.attachments.empty() ? 0 : 0x10)),
    };
    auto text = [&](uint16_t id, const std::string& value) {
      if (!value.empty()) properties.push_back(Text(id, value));
    };
    text(0x0037, message.subject);
    // The sender, and whom it was sent for (the same, as Outlook writes it for a mailbox's own).
    text(0x0042, message.sender_name);
    text(0x0065, message.sender_email);
    text(0x0C1A, message.sender_name);
    text(0x0C1F, message.sender_email);
    if (!message.sender_email.empty()) text(0x0C1E, "SMTP");
    text(0x0E04, message.display_to);
    text(0x1000, message.body);
    text(0x1035, message.message_id);
    text(0x1042, message.in_reply_to);
    text(0x007D, message.transport_headers);
    if (!message.html_body.empty()) properties.push_back(Binary(0x1013, message.html_body));
    if (!message.rtf_body.empty())
      properties.push_back(Binary(0x1009, CompressedRtf(message.rtf_body)));
    if (message.submit_time) {
      properties.push_back(Time(0x0039, message.submit_time));
      properties.push_back(Time(0x0E06, message.submit_time));
    }
    // A property type that does not exist (0x1503), given to its flags: libpst then reads a
    // value it never made.
    if (message.damaged) properties[1].type = 0x1503;
    Context context = PropertyContext(archive_, properties);
    std::vector<SubNode> subnodes = context.subnodes;
    std::vector<std::array<uint32_t, 4>> rows;
    uint32_t attachment_index = 0x400;
    for (const PstAttachment& attachment : message.attachments) {
      std::vector<Property> attachment_properties = {
          Int32(0x0E20, static_cast<uint32_t>(attachment.data.size())),
          Binary(0x3701, attachment.data),
          Text(0x3704, attachment.filename),
          Int32(0x3705, 1),  // attached by value
          Text(0x3707, attachment.filename),
      };
      if (!attachment.mime_type.empty()) {
        attachment_properties.push_back(Text(0x370E, attachment.mime_type));
      }
      Context attached = PropertyContext(archive_, attachment_properties);
      const uint32_t nid = attachment_index++ << 5 | kAttachment;
      subnodes.push_back({nid, attached.bid_data, archive_.SubNodes(attached.subnodes)});
      rows.push_back({nid, 0, static_cast<uint32_t>(attachment.data.size()), 1});
    }
    if (!rows.empty()) {
      subnodes.push_back({kAttachmentTableNid, AttachmentTable(archive_, rows), 0});
    }
    const uint32_t nid = NextIndex(message.id) << 5 | kNormalMessage;
    archive_.AddNode({nid, context.bid_data, archive_.SubNodes(subnodes), folder});
  }

  Archive archive_;
  std::set<uint32_t> used_;
  uint32_t next_index_ = kFirstAutomaticIndex;
  std::map<const PstFolder*, uint32_t> folder_nids_;
};

}  // namespace

void WritePst(const std::filesystem::path& path, const PstFolder& top) {
  Writer writer(top);
  writer.Write(path, top);
}

}  // namespace synaps::testing
