// The generated corpus and queries shared by bench/search and bench/server: French function
// words, 150 real content words and 20,000 synthetic French-looking words drawn Zipf-like, and
// the query mix. Both benchmarks draw from the same lists with the same seeds, so that they
// index text with the same statistics and run the same queries.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace synaps::bench {

inline const std::vector<std::string> kCommonWords = {
    "le",   "la",  "les", "de",   "des",   "du",  "un",   "une",  "et",
    "en",   "au",  "aux", "pour", "par",   "sur", "dans", "avec", "est",
    "sont", "qui", "que", "ce",   "cette", "il",  "elle", "a",    "à"};
inline const std::vector<std::string> kContentWords = {"préfecture",
                                                       "arrêté",
                                                       "préfectoral",
                                                       "décision",
                                                       "commune",
                                                       "maire",
                                                       "conseil",
                                                       "municipal",
                                                       "département",
                                                       "région",
                                                       "service",
                                                       "direction",
                                                       "territoire",
                                                       "environnement",
                                                       "urbanisme",
                                                       "permis",
                                                       "construire",
                                                       "aménagement",
                                                       "voirie",
                                                       "circulation",
                                                       "sécurité",
                                                       "routière",
                                                       "police",
                                                       "gendarmerie",
                                                       "élection",
                                                       "électeurs",
                                                       "scrutin",
                                                       "candidat",
                                                       "subvention",
                                                       "association",
                                                       "budget",
                                                       "dotation",
                                                       "finances",
                                                       "marché",
                                                       "public",
                                                       "appel",
                                                       "offres",
                                                       "contrat",
                                                       "convention",
                                                       "partenariat",
                                                       "réunion",
                                                       "compte",
                                                       "rendu",
                                                       "ordre",
                                                       "jour",
                                                       "délibération",
                                                       "rapport",
                                                       "annuel",
                                                       "bilan",
                                                       "activité",
                                                       "étude",
                                                       "impact",
                                                       "eau",
                                                       "assainissement",
                                                       "déchets",
                                                       "pollution",
                                                       "risque",
                                                       "inondation",
                                                       "incendie",
                                                       "forêt",
                                                       "agriculture",
                                                       "exploitation",
                                                       "élevage",
                                                       "chasse",
                                                       "pêche",
                                                       "installation",
                                                       "classée",
                                                       "enquête",
                                                       "publique",
                                                       "commissaire",
                                                       "enquêteur",
                                                       "avis",
                                                       "favorable",
                                                       "défavorable",
                                                       "recours",
                                                       "tribunal",
                                                       "administratif",
                                                       "jugement",
                                                       "courrier",
                                                       "réponse",
                                                       "demande",
                                                       "dossier",
                                                       "pièce",
                                                       "jointe",
                                                       "note",
                                                       "synthèse",
                                                       "instruction",
                                                       "circulaire",
                                                       "ministre",
                                                       "intérieur",
                                                       "cabinet",
                                                       "préfet",
                                                       "sous-préfet",
                                                       "secrétaire",
                                                       "général",
                                                       "agent",
                                                       "agents",
                                                       "titre",
                                                       "séjour",
                                                       "étrangers",
                                                       "naturalisation",
                                                       "nationalité",
                                                       "carte",
                                                       "identité",
                                                       "passeport",
                                                       "véhicule",
                                                       "immatriculation",
                                                       "permis",
                                                       "conduire",
                                                       "associations",
                                                       "manifestation",
                                                       "sportive",
                                                       "culturelle",
                                                       "festival",
                                                       "œuvre",
                                                       "patrimoine",
                                                       "monument",
                                                       "historique",
                                                       "école",
                                                       "collège",
                                                       "lycée",
                                                       "transport",
                                                       "scolaire",
                                                       "santé",
                                                       "hôpital",
                                                       "vaccination",
                                                       "crise",
                                                       "sanitaire",
                                                       "logement",
                                                       "social",
                                                       "hébergement",
                                                       "urgence",
                                                       "emploi",
                                                       "chômage",
                                                       "entreprise",
                                                       "économie",
                                                       "développement",
                                                       "investissement",
                                                       "projet",
                                                       "travaux",
                                                       "chantier",
                                                       "réseau",
                                                       "électrique",
                                                       "numérique",
                                                       "fibre",
                                                       "téléphonie"};

inline std::string SyntheticWord(std::mt19937& rng) {
  static const std::vector<std::string> syllables = {
      "pré",  "fec",  "tu",  "ra",  "ar",  "rê",  "té",   "con", "ven",  "tion", "dé",
      "ci",   "sion", "mu",  "ni",  "ci",  "pal", "ré",   "gle", "ment", "aé",   "ro",
      "port", "ter",  "ri",  "toi", "re",  "ca",  "bi",   "net", "é",    "lu",   "vo",
      "lon",  "tai",  "ges", "ta",  "ble", "ga",  "rant", "or",  "ga"};
  std::uniform_int_distribution<std::size_t> pick(0, syllables.size() - 1);
  std::uniform_int_distribution<int> count(2, 4);
  std::string w;
  for (int i = count(rng); i > 0; --i) w += syllables[pick(rng)];
  return w;
}

struct Vocabulary {
  std::vector<std::string> words;  // content words first (more frequent), then synthetic
  explicit Vocabulary(std::mt19937& rng) {
    words = kContentWords;
    for (int i = 0; i < 20000; ++i) words.push_back(SyntheticWord(rng));
  }
  // Zipf-like: low ranks much more frequent.
  const std::string& Pick(std::mt19937& rng) const {
    std::uniform_real_distribution<double> u(0, 1);
    const double x = std::pow(u(rng), 3.0);
    return words[static_cast<std::size_t>(x * static_cast<double>(words.size() - 1))];
  }
};

inline const std::vector<std::string> kTags = {
    "Urgent",    "Voirie",        "Culture", "Élections", "Budget",
    "Juridique", "Environnement", "Santé",   "Sécurité",  "Archives"};

// The query mix, seed 7: single words (50 %), two words (25 %), a phrase, a trailing wildcard,
// "A OU B", a tag and a date range (5 % each).
inline std::vector<std::string> MakeQueries(std::size_t n) {
  std::mt19937 rng(7);
  Vocabulary vocab(rng);
  std::uniform_int_distribution<std::size_t> any(0, 1u << 30);
  std::vector<std::string> queries;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t kind = any(rng) % 20;
    const std::string a = vocab.words[any(rng) % 150];
    const std::string b = vocab.Pick(rng);
    if (kind < 10) {
      queries.push_back(a);
    } else if (kind < 15) {
      queries.push_back(a + " " + b);
    } else if (kind < 16) {
      queries.push_back("\"" + a + " " + b + "\"");
    } else if (kind < 17) {
      queries.push_back(a.substr(0, std::max<std::size_t>(4, a.size() / 2)) + "*");
    } else if (kind < 18) {
      queries.push_back(a + " OU " + b);
    } else if (kind < 19) {
      queries.push_back(a + " tag:" + kTags[any(rng) % kTags.size()]);
    } else {
      queries.push_back(a + " date:2020-01-01..2021-12-31");
    }
  }
  return queries;
}

}  // namespace synaps::bench
