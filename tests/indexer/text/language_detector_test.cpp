#include "indexer/text/language_detector.h"

#include <catch2/catch.hpp>

using synaps::indexer::text::LanguageDetector;

TEST_CASE("LanguageDetector tells French from English", "[text]") {
  LanguageDetector detector;
  REQUIRE(detector.ok());
  CHECK(detector.Detect("Le préfet de la région a signé un arrêté préfectoral relatif à la "
                        "circulation des véhicules dans le centre-ville.") == "fr");
  CHECK(detector.Detect("The prefect signed an order about the traffic of heavy vehicles in the "
                        "city centre during the summer holidays.") == "en");
  CHECK(detector.Detect("Der Präfekt hat eine Verordnung über den Verkehr der Fahrzeuge in der "
                        "Innenstadt unterzeichnet und veröffentlicht.") == "de");
}

TEST_CASE("LanguageDetector does not guess on short text", "[text]") {
  LanguageDetector detector;
  CHECK(detector.Detect("").empty());
  CHECK(detector.Detect("Arrêté 2024").empty());
}

TEST_CASE("LanguageDetector without models answers nothing", "[text]") {
  LanguageDetector detector("/nonexistent");
  CHECK_FALSE(detector.ok());
  CHECK(detector.Detect("The prefect signed an order about the traffic of vehicles.").empty());
}
