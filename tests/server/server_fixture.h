// A real synaps-server process on a free loopback port over a fresh data directory, and a small
// HTTP client (Poco::Net::HTTPClientSession) to talk to it the way scripts and browsers do.
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "dms-server/store/store.h"
#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace synaps::testing {

struct Reply {
  int status = 0;
  std::string body;
  Poco::Net::HTTPResponse response;
  std::string Header(const std::string& name) const { return response.get(name, ""); }
};

struct Credentials {
  std::string login, password;
};

class ServerProcess {
 public:
  // Services CAB and DDT exist before the first start; after it, the accounts:
  // cab_editor (CAB editor), cab_reader (CAB reader), ddt_editor (DDT editor).
  // `extra_config` goes into the --config file; `system_config` into the file the server takes
  // for /etc/synaps/synaps.properties (the machine's own /etc/synaps is never read by tests).
  explicit ServerProcess(const std::string& extra_config = "",
                         const std::string& system_config = "") {
    data_ = dir_ / "data";
    {
      auto store = OpenStore();
      Check(store->AddService(actor_, "CAB", "Cabinet du préfet").ok(), "add CAB");
      Check(store->AddService(actor_, "DDT", "Direction départementale des territoires").ok(),
            "add DDT");
    }
    std::ofstream(dir_ / "synaps.properties")
        << "# test settings\nsynaps.http.max_upload_bytes = 1048576\n"
        << "synaps.http.timeout_seconds = 2\n"
        << extra_config;
    std::ofstream(dir_ / "system.properties") << "# stands for /etc/synaps\n" << system_config;
    out_path_ = dir_ / "out.txt";
    err_path_ = dir_ / "err.txt";
    Spawn();
    std::string out = Out();
    if (auto at = out.find("password: "); at != std::string::npos) {
      admin_password_ = out.substr(at + 10, out.find('\n', at) - at - 10);
    }
    auto store = OpenStore();
    AddUser(*store, "cab_editor", "CAB", store::Role::kEditor);
    AddUser(*store, "cab_reader", "CAB", store::Role::kReader);
    AddUser(*store, "ddt_editor", "DDT", store::Role::kEditor);
  }

  // Stops the server (SIGTERM) if it runs and starts it again on the same data directory (a new
  // port).
  void Restart() {
    if (pid_ > 0) Terminate();
    port_ = 0;
    std::ofstream(out_path_, std::ios::trunc);  // forget the old "listening on" line
    Spawn();
  }

  // SIGKILL: the server dies at once, whatever it was doing (crash tests). Restart() revives it.
  void Kill() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // Adds an account with one membership; its password is "<login>-password".
  void AddUser(const std::string& login, const std::string& service, store::Role role) {
    auto store = OpenStore();
    AddUser(*store, login, service, role);
  }

  ~ServerProcess() {
    if (pid_ > 0) (void)Terminate();
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // SIGTERM, then waits (SIGKILL after 20 s). Returns the exit code (-signal if killed); 0
  // when the server is not running (kill(-1) would signal every process of the user).
  int Terminate() {
    if (pid_ <= 0) return 0;
    ::kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 2000; ++i) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -SIGKILL;
  }

  std::unique_ptr<store::Store> OpenStore() {
    auto opened = store::Store::Open(data_, store::Store::OpenMode::kCreateIfMissing);
    Check(opened.ok(), "open store");
    return std::move(opened).value();
  }

  std::string Out() const { return ReadFile(out_path_); }
  std::string Err() const { return ReadFile(err_path_); }
  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& dir() const { return dir_.path(); }  // holds data/ and the configs
  const std::filesystem::path& data_dir() const { return data_; }
  const std::string& admin_password() const { return admin_password_; }

  std::unique_ptr<Poco::Net::HTTPClientSession> Session() const {
    auto session = std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", port_);
    session->setTimeout(Poco::Timespan(10, 0));
    return session;
  }

  // One request on a fresh connection. `headers` are added as given.
  Reply Call(const std::string& method, const std::string& uri, const Credentials* as = nullptr,
             const std::string& body = "", std::map<std::string, std::string> headers = {}) const {
    auto session = Session();
    return Call(*session, method, uri, as, body, std::move(headers));
  }

  static Reply Call(Poco::Net::HTTPClientSession& session, const std::string& method,
                    const std::string& uri, const Credentials* as = nullptr,
                    const std::string& body = "", std::map<std::string, std::string> headers = {}) {
    Poco::Net::HTTPRequest request(method, uri, Poco::Net::HTTPMessage::HTTP_1_1);
    if (as) Poco::Net::HTTPBasicCredentials(as->login, as->password).authenticate(request);
    for (const auto& [name, value] : headers) request.set(name, value);
    if (!body.empty() || method == "PUT" || method == "POST") {
      request.setContentLength64(static_cast<int64_t>(body.size()));
    }
    session.sendRequest(request) << body;
    Reply reply;
    std::istream& in = session.receiveResponse(reply.response);
    Poco::StreamCopier::copyToString(in, reply.body);
    reply.status = static_cast<int>(reply.response.getStatus());
    return reply;
  }

 private:
  // Starts synaps-server on a free port and waits until it listens.
  void Spawn() {
    pid_ = ::fork();
    if (pid_ == 0) {
      int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(out, 1);
      ::dup2(err, 2);
      ::setenv("SYNAPS_SYSTEM_CONFIG", (dir_ / "system.properties").c_str(), 1);
      std::string program = BinPath("synaps-server");
      std::string data = data_.string(), config = (dir_ / "synaps.properties").string();
      const char* argv[] = {program.c_str(), "--data",   data.c_str(),   "--listen",
                            "127.0.0.1:0",   "--config", config.c_str(), nullptr};
      ::execv(program.c_str(), const_cast<char* const*>(argv));
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    const std::string marker = "://127.0.0.1:";
    while (port_ == 0) {
      std::string out = Out();
      auto listening = out.find("listening on ");
      auto at = listening == std::string::npos ? listening : out.find(marker, listening);
      if (at != std::string::npos) {
        auto end = out.find('/', at + marker.size());
        if (end != std::string::npos) port_ = std::stoi(out.substr(at + marker.size(), end));
      }
      if (port_ == 0) {
        Check(std::chrono::steady_clock::now() < deadline, "server did not start: " + Err());
        int status = 0;
        Check(::waitpid(pid_, &status, WNOHANG) == 0, "server exited: " + Err());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  }

  static void Check(bool ok, const std::string& what) {
    if (!ok) throw std::runtime_error(what);
  }
  void AddUser(store::Store& store, const std::string& login, const std::string& service,
               store::Role role) {
    store::NewUser user;
    user.login = login;
    user.password = login + "-password";
    user.memberships = {{service, role}};
    Check(store.AddUser(actor_, user).ok(), "add user " + login);
  }

  TempDir dir_;
  std::filesystem::path data_, out_path_, err_path_;
  store::Actor actor_{"tester"};
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string admin_password_;
};

// Helpers for the test cases (they use Catch2's REQUIRE).

inline Poco::JSON::Object::Ptr Json(const Reply& reply) {
  INFO(reply.body);
  Poco::JSON::Parser parser;
  auto value = parser.parse(reply.body);
  REQUIRE(value.type() == typeid(Poco::JSON::Object::Ptr));
  return value.extract<Poco::JSON::Object::Ptr>();
}

inline std::string ErrorCode(const Reply& reply) {
  return Json(reply)->getObject("error")->getValue<std::string>("code");
}

inline std::string ErrorMessage(const Reply& reply) {
  return Json(reply)->getObject("error")->getValue<std::string>("message");
}

inline std::string Encode(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "?#&=+/%", out);
  return out;
}

inline std::string UploadUri(const std::string& path) {
  return "/api/v1/documents/content?path=" + Encode(path);
}

inline int64_t Upload(const ServerProcess& server, const Credentials& as, const std::string& path,
                      const std::string& content, int expected_status = 201) {
  Reply reply = server.Call("PUT", UploadUri(path), &as, content);
  INFO(reply.body);
  REQUIRE(reply.status == expected_status);
  return Json(reply)->getValue<int64_t>("id");
}

// Sends raw bytes on a new connection, half-closes, and returns what the server answered.
inline std::string RawExchange(const ServerProcess& server, const std::string& bytes) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  socket.setReceiveTimeout(Poco::Timespan(10, 0));
  try {
    socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    socket.shutdownSend();
  } catch (const Poco::Exception&) {
    // the server may refuse before reading everything: its answer is what matters
  }
  std::string answer;
  char buffer[4096];
  try {
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
  } catch (const Poco::Exception&) {
    // a reset after the answer is fine
  }
  return answer;
}

inline const Credentials kCabEditor{"cab_editor", "cab_editor-password"};
inline const Credentials kCabReader{"cab_reader", "cab_reader-password"};
inline const Credentials kDdtEditor{"ddt_editor", "ddt_editor-password"};

}  // namespace synaps::testing
