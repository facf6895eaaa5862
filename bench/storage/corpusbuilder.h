// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "corpusspec.h"
#include "databaseconfig.h"

#include <QString>

#include <optional>

// Makes sure the database holds the corpus of a spec: reuses it when a finished load of the
// same spec is there, and otherwise generates it (after wiping an earlier benchmark corpus;
// never a database that holds anything else). Prints progress on stdout.
class CorpusBuilder
{
public:
    struct Corpus
    {
        bool reused = false;
        double generationSeconds = 0;
        qint64 contentBytes = 0;   // UTF-8 bytes of message text
        QString bigConversationId; // the 10,000-message conversation
    };

    CorpusBuilder(DatabaseConfig config, CorpusSpec spec);

    std::optional<Corpus> prepare(bool regenerate, QString *error);

private:
    bool wipe(QString *error);
    std::optional<Corpus> generate(QString *error);

    DatabaseConfig m_config;
    CorpusSpec m_spec;
};
