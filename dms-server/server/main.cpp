// synaps-server: the Synaps HTTP server.
//
//   synaps-server [--data DIR] [--listen ADDR:PORT] [--config FILE]
//
// Settings come in layers, each overriding the ones before (config/synaps.properties documents
// them all): the embedded defaults, $SYNAPS_DATA (data directory only), the shipped
// config/synaps.properties, /etc/synaps/synaps.properties (or $SYNAPS_SYSTEM_CONFIG), the
// --config file, then the command line. Stops gracefully on SIGTERM or SIGINT.
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>
#include <pthread.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "dms-server/server/server.h"
#include "dms-server/settings/layout.h"
#include "dms-server/settings/settings.h"

namespace {

using Poco::Util::Option;
using Poco::Util::OptionSet;

// synaps.login.*: how failed logins are slowed down (login_throttle.h).
void ReadLoginThrottle(const Poco::Util::AbstractConfiguration& settings,
                       synaps::server::LoginThrottleOptions* throttle) {
  auto seconds = [&](const std::string& key, std::chrono::seconds fallback) {
    return std::chrono::seconds(settings.getInt(key, static_cast<int>(fallback.count())));
  };
  throttle->free_failures = settings.getInt("synaps.login.free_failures", throttle->free_failures);
  throttle->max_delay = seconds("synaps.login.max_delay_seconds", throttle->max_delay);
  throttle->address_free_logins =
      settings.getInt("synaps.login.address_free_logins", throttle->address_free_logins);
  throttle->account_free_failures =
      settings.getInt("synaps.login.account_free_failures", throttle->account_free_failures);
  throttle->account_max_delay =
      seconds("synaps.login.account_max_delay_seconds", throttle->account_max_delay);
  throttle->forget_after = seconds("synaps.login.forget_seconds", throttle->forget_after);
}

class SynapsServerApp : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(OptionSet& options) override {
    ServerApplication::defineOptions(options);
    options.addOption(Option("help", "h", "show this help").required(false).repeatable(false));
    options.addOption(Option("data", "d", "data directory").argument("DIR").required(false));
    options.addOption(Option("listen", "l", "address to listen on (default 127.0.0.1:8080)")
                          .argument("ADDR:PORT")
                          .required(false));
    options.addOption(
        Option("config", "c", "configuration file (.properties)").argument("FILE").required(false));
  }

  void handleOption(const std::string& name, const std::string& value) override {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
      help_ = true;
      stopOptionsProcessing();
    } else {
      cli_[name] = value;
    }
  }

  int main(const std::vector<std::string>& arguments) override {
    if (help_ || !arguments.empty()) {
      Poco::Util::HelpFormatter formatter(options());
      formatter.setCommand(commandName());
      formatter.setUsage("[--data DIR] [--listen ADDR:PORT] [--config FILE]");
      formatter.setHeader("The Synaps HTTP server: REST API, search, background indexing.");
      formatter.format(std::cout);
      return help_ ? EXIT_OK : EXIT_USAGE;
    }
    auto& settings = config();
    std::vector<std::string> read;
    if (!LoadLayers(&read)) return EXIT_CONFIG;
    synaps::server::ServerOptions options;
    try {
      options.data_dir = cli_.count("data")
                             ? cli_["data"]
                             : synaps::settings::DataDirectory(
                                   settings, synaps::settings::ProgramLayout().default_data_dir);
      options.sources_dir = synaps::settings::SourcesDirectory(
          settings, synaps::settings::ProgramLayout().default_sources_dir);
      options.listen = cli_.count("listen") ? cli_["listen"]
                                            : settings.getString("synaps.listen", options.listen);
      options.threads = settings.getInt("synaps.http.threads", options.threads);
      options.max_queued = settings.getInt("synaps.http.max_queued", options.max_queued);
      options.io_timeout = std::chrono::seconds(settings.getInt(
          "synaps.http.timeout_seconds", static_cast<int>(options.io_timeout.count())));
      options.keep_alive_timeout = std::chrono::seconds(settings.getInt(
          "synaps.http.keep_alive_seconds", static_cast<int>(options.keep_alive_timeout.count())));
      options.header_timeout = std::chrono::seconds(settings.getInt(
          "synaps.http.header_seconds", static_cast<int>(options.header_timeout.count())));
      options.body_grace = std::chrono::seconds(settings.getInt(
          "synaps.http.body_grace_seconds", static_cast<int>(options.body_grace.count())));
      options.body_min_bytes_per_second = settings.getInt64("synaps.http.body_min_bytes_per_second",
                                                            options.body_min_bytes_per_second);
      options.unauthenticated_bodies =
          settings.getInt("synaps.http.unauthenticated_bodies", options.unauthenticated_bodies);
      options.max_upload_bytes =
          settings.getInt64("synaps.http.max_upload_bytes", options.max_upload_bytes);
      options.max_json_bytes =
          settings.getInt64("synaps.http.max_json_bytes", options.max_json_bytes);
      options.junk_lifetime = std::chrono::seconds(
          settings.getInt64("synaps.webdav.junk_lifetime_seconds", options.junk_lifetime.count()));
      options.session_idle = std::chrono::seconds(settings.getInt(
          "synaps.session.idle_seconds", static_cast<int>(options.session_idle.count())));
      options.secure_cookies = settings.getBool("synaps.session.secure_cookies", false);
      options.tls_certificate = settings.getString("synaps.tls.certificate", "");
      options.tls_private_key = settings.getString("synaps.tls.private_key", "");
      options.background_indexer = settings.getBool("synaps.indexer.enabled", true);
      options.extract_worker = settings.getString("synaps.indexer.extract_worker", "");
      options.indexer_batch_size =
          settings.getInt("synaps.indexer.batch_size", options.indexer_batch_size);
      options.search_concurrency =
          settings.getInt("synaps.search.concurrency", options.search_concurrency);
      options.access_log = settings.getBool("synaps.log.access", true);
      options.trusted_proxies = settings.getString("synaps.http.trusted_proxies", "");
      options.audit_retention_days =
          settings.getInt("synaps.audit.retention_days", options.audit_retention_days);
      options.web_root =
          settings.getString("synaps.web.root", synaps::settings::ProgramLayout().default_web_dir);
      ReadLoginThrottle(settings, &options.login_throttle);
      synaps::settings::ReadExtractionLimits(settings, &options.extraction_limits);
    } catch (const Poco::Exception& error) {
      std::cerr << "synaps-server: bad setting: " << error.displayText() << '\n';
      return EXIT_CONFIG;
    }
    const auto& throttle = options.login_throttle;
    if (options.threads < 1 || options.max_upload_bytes < 0 || options.indexer_batch_size < 1 ||
        options.body_grace.count() < 0 || options.body_min_bytes_per_second < 0 ||
        options.junk_lifetime.count() < 1 || options.unauthenticated_bodies < 1 ||
        options.unauthenticated_bodies > (1 << 20) ||
        !synaps::settings::ExtractionLimitsUsable(options.extraction_limits) ||
        throttle.free_failures < 0 || throttle.address_free_logins < 0 ||
        throttle.account_free_failures < 0 || throttle.max_delay.count() < 1 ||
        throttle.account_max_delay.count() < 1 || throttle.forget_after.count() < 1) {
      std::cerr << "synaps-server: bad setting: threads, sizes and limits must be positive\n";
      return EXIT_CONFIG;
    }
    if (options.audit_retention_days < 0) {
      std::cerr << "synaps-server: bad setting: synaps.audit.retention_days is a number of days, "
                   "0 (keep forever) or more\n";
      return EXIT_CONFIG;
    }

    synaps::server::Server server;
    std::string admin_password;
    auto started = server.Start(options, &admin_password);
    if (!started.ok()) {
      std::cerr << "synaps-server: " << started.message() << '\n';
      return started.code() == synaps::store::ErrorCode::kInvalidArgument ? EXIT_CONFIG
                                                                          : EXIT_SOFTWARE;
    }
    if (!admin_password.empty()) {
      std::cout << "First start: created the administrator account.\n"
                << "  login:    " << synaps::accounts::kFirstAdministratorLogin << "\n"
                << "  password: " << admin_password << "\n"
                << "  URL:      " << server.url() << "\n"
                << "Write the password down: it is shown only this once.\n";
    }
    for (const auto& file : read) std::cout << "synaps-server: settings from " << file << '\n';
    std::cout << "synaps-server listening on " << server.url() << " (data "
              << options.data_dir.string() << ")" << std::endl;
    waitForTerminationRequest();
    std::cout << "synaps-server stopping" << std::endl;
    server.Stop();
    return EXIT_OK;
  }

 private:
  // Loads the settings files (settings.h), appending the ones read to `read`; false (after
  // saying why) on a bad or missing --config file.
  bool LoadLayers(std::vector<std::string>* read) {
    std::string error;
    if (synaps::settings::Load(
            synaps::settings::Layers(synaps::settings::ProgramLayout().shipped_config_dir,
                                     cli_.count("config") ? cli_["config"] : ""),
            config(), read, &error)) {
      return true;
    }
    std::cerr << "synaps-server: " << error << '\n';
    return false;
  }

  bool help_ = false;
  std::map<std::string, std::string> cli_;
};

}  // namespace

int main(int argc, char** argv) {
  // Everything a Synaps program writes (database, blobs, index, sessions, backups) is private to
  // its account, whatever the caller's umask.
  ::umask(077);
  // Block the stop signals before any thread exists, so that every thread inherits the mask and
  // only the main thread's sigwait (waitForTerminationRequest) receives them. Otherwise the
  // kernel may hand SIGTERM to a request or indexing thread, where its default action ends the
  // process on the spot: no graceful stop, the batch in progress lost.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGQUIT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  SynapsServerApp app;
  return app.run(argc, argv);
}
