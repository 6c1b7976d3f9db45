// make_pst OUT.pst MESSAGES: an Outlook archive for bench/ingest/pst.sh, written by the tests'
// writer (tests/support/pst_writer.h): MESSAGES messages of 1 to 40 KiB of French text over ten
// folders, one in 20 with an attachment of 20 to 200 KiB. Deterministic.
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "tests/support/pst_writer.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_pst OUT.pst MESSAGES\n";
    return 2;
  }
  const int count = std::atoi(argv[2]);
  std::mt19937 random(16);
  const char* words[] = {"préfecture", "arrêté",  "réunion",    "crue", "commune",
                         "service",    "dossier", "subvention", "note", "cabinet"};
  synaps::testing::PstFolder top;
  top.name = "Archives";
  for (int f = 0; f < 10; ++f) {
    synaps::testing::PstFolder folder;
    folder.name = "Dossier " + std::to_string(f);
    top.folders.push_back(folder);
  }
  for (int i = 0; i < count; ++i) {
    synaps::testing::PstMessage message;
    message.subject = std::string(words[random() % 10]) + " " + std::to_string(i);
    const size_t size = 1024 + random() % (39 * 1024);
    while (message.body.size() < size) {
      message.body += words[random() % 10];
      message.body += message.body.size() % 80 < 10 ? "\n" : " ";
    }
    message.sender_name = "Agent " + std::to_string(i % 50);
    message.sender_email = "agent" + std::to_string(i % 50) + "@pref.gouv.fr";
    message.display_to = "Cabinet";
    message.message_id = "<bench-" + std::to_string(i) + "@pref.gouv.fr>";
    message.submit_time = 1575000000 + i * 600;
    if (i % 20 == 0) {
      std::string data(20 * 1024 + random() % (180 * 1024), '\0');
      for (char& c : data) c = static_cast<char>(random());
      message.attachments.push_back({"piece-" + std::to_string(i) + ".bin", "", data});
    }
    top.folders[i % 10].messages.push_back(message);
  }
  synaps::testing::WritePst(argv[1], top);
  return 0;
}
