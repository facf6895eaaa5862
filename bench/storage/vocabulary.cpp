// SPDX-License-Identifier: GPL-3.0-or-later
#include "vocabulary.h"

#include "benchrandom.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace {

constexpr int vocabularySize = 5000;

// The most frequent English words, most frequent first.
const char16_t *const commonWords[] = {
    u"the",   u"of",    u"and",     u"to",      u"a",     u"in",      u"is",      u"it",    u"you",
    u"that",  u"for",   u"on",      u"with",    u"as",    u"this",    u"be",      u"are",   u"can",
    u"not",   u"or",    u"have",    u"i",       u"if",    u"by",      u"an",      u"from",  u"your",
    u"will",  u"at",    u"but",     u"use",     u"all",   u"we",      u"more",    u"there", u"so",
    u"which", u"one",   u"they",    u"do",      u"what",  u"when",    u"was",     u"also",  u"how",
    u"each",  u"then",  u"other",   u"like",    u"some",  u"would",   u"these",   u"into",  u"has",
    u"than",  u"only",  u"should",  u"about",   u"here",  u"time",    u"make",    u"new",   u"need",
    u"want",  u"just",  u"way",     u"may",     u"any",   u"first",   u"no",      u"them",  u"its",
    u"could", u"well",  u"after",   u"most",    u"where", u"example", u"because", u"does",  u"sure",
    u"over",  u"get",   u"see",     u"two",     u"my",    u"our",     u"set",     u"up",    u"out",
    u"both",  u"same",  u"without", u"between", u"while", u"very",    u"before",  u"those", u"used",
    u"since", u"still",
};

// Everyday and technical words, roughly by how often a chat with an assistant uses them.
const char16_t *const contentWords[] = {
    u"code",          u"function",     u"data",       u"file",        u"value",      u"error",
    u"model",         u"user",         u"server",     u"using",       u"list",       u"return",
    u"string",        u"number",       u"work",       u"change",      u"add",        u"check",
    u"name",          u"type",         u"case",       u"line",        u"test",       u"run",
    u"output",        u"input",        u"class",      u"method",      u"version",    u"system",
    u"query",         u"database",     u"table",      u"python",      u"result",     u"request",
    u"response",      u"object",       u"key",        u"step",        u"help",       u"write",
    u"read",          u"build",        u"point",      u"problem",     u"question",   u"answer",
    u"config",        u"text",         u"message",    u"option",      u"default",    u"simple",
    u"issue",         u"approach",     u"update",     u"create",      u"call",       u"memory",
    u"performance",   u"image",        u"network",    u"thread",      u"process",    u"window",
    u"project",       u"library",      u"package",    u"install",     u"command",    u"script",
    u"variable",      u"array",        u"index",      u"loop",        u"logic",      u"language",
    u"design",        u"layout",       u"page",       u"email",       u"customer",   u"recipe",
    u"travel",        u"budget",       u"meeting",    u"summary",     u"article",    u"story",
    u"history",       u"health",       u"exercise",   u"garden",      u"weather",    u"music",
    u"movie",         u"book",         u"team",       u"product",     u"market",     u"price",
    u"report",        u"schedule",     u"plan",       u"idea",        u"reason",     u"context",
    u"configuration", u"performance",  u"security",   u"password",    u"account",    u"login",
    u"token",         u"format",       u"json",       u"api",         u"client",     u"browser",
    u"javascript",    u"rust",         u"docker",     u"linux",       u"windows",    u"kernel",
    u"compiler",      u"pointer",      u"reference",  u"template",    u"lambda",     u"signal",
    u"widget",        u"layer",        u"matrix",     u"vector",      u"graph",      u"tree",
    u"node",          u"edge",         u"cache",      u"latency",     u"throughput", u"benchmark",
    u"profile",       u"deploy",       u"cluster",    u"container",   u"confirm",    u"conflict",
    u"cooking",       u"dinner",       u"chicken",    u"onion",       u"garlic",     u"flour",
    u"sugar",         u"coffee",       u"morning",    u"evening",     u"weekend",    u"holiday",
    u"flight",        u"hotel",        u"museum",     u"river",       u"mountain",   u"city",
    u"country",       u"school",       u"teacher",    u"student",     u"essay",      u"grammar",
    u"translate",     u"sentence",     u"paragraph",  u"letter",      u"resume",     u"interview",
    u"salary",        u"contract",     u"invoice",    u"tax",         u"insurance",  u"doctor",
    u"symptom",       u"sleep",        u"diet",       u"protein",     u"running",    u"training",
    u"guitar",        u"piano",        u"painting",   u"camera",      u"photo",      u"video",
    u"audio",         u"stream",       u"socket",     u"protocol",    u"header",     u"payload",
    u"regex",         u"parser",       u"tokenizer",  u"migration",   u"schema",     u"transaction",
    u"rollback",      u"commit",       u"branch",     u"merge",       u"rebase",     u"repository",
    u"pipeline",      u"workflow",     u"conference", u"confusion",   u"confident",  u"conform",
    u"physics",       u"chemistry",    u"biology",    u"equation",    u"integral",   u"derivative",
    u"probability",   u"statistics",   u"average",    u"median",      u"percentile", u"histogram",
    u"sorting",       u"recursion",    u"iterator",   u"generator",   u"decorator",  u"async",
    u"await",         u"promise",      u"callback",   u"closure",     u"mutex",      u"deadlock",
    u"allocation",    u"garbage",      u"leak",       u"crash",       u"stack",      u"heap",
    u"queue",         u"hash",         u"encryption", u"certificate", u"firewall",   u"router",
    u"bandwidth",     u"upload",       u"download",   u"backup",      u"restore",    u"sync",
    u"calendar",      u"reminder",     u"birthday",   u"gift",        u"wedding",    u"speech",
    u"poem",          u"lyrics",       u"novel",      u"character",   u"plot",       u"chapter",
    u"dialogue",      u"marketing",    u"strategy",   u"startup",     u"investor",   u"revenue",
    u"spreadsheet",   u"formula",      u"chart",      u"dashboard",   u"metric",     u"kubernetes",
    u"terraform",     u"postgres",     u"sqlite",     u"index",       u"vacuum",     u"trigger",
    u"conformance",   u"confidential", u"configure",  u"confetti",
};

// Words whose diacritics search must see through ("cafe" finds "café").
const char16_t *const accentedWordList[] = {
    u"café",   u"naïve",  u"résumé", u"déjà",  u"façade",   u"Zürich",  u"jalapeño",
    u"crème",  u"über",   u"señor",  u"São",   u"Ångström", u"piñata",  u"coördinate",
    u"Müller", u"Dvořák", u"Kraków", u"Malmö", u"fiancée",  u"protégé",
};

const char16_t *const codeTokenList[] = {
    u"std::vector<int>",
    u"nullptr",
    u"QString",
    u"const",
    u"auto",
    u"return",
    u"getUserById()",
    u"user_id",
    u"0x1F",
    u"#include",
    u"->",
    u"==",
    u"!=",
    u"&&",
    u"||",
    u"i++",
    u"self.value",
    u"def",
    u"import",
    u"numpy",
    u"np.array",
    u"pd.DataFrame",
    u"fn",
    u"let",
    u"mut",
    u"impl",
    u"Option<T>",
    u"Result<(), Error>",
    u"async",
    u"await",
    u"console.log()",
    u"=>",
    u"{",
    u"}",
    u"(",
    u")",
    u"[]",
    u"SELECT",
    u"FROM",
    u"WHERE",
    u"JOIN",
    u"ORDER BY",
    u"LIMIT 10;",
    u"--verbose",
    u"$HOME",
    u"/usr/local/bin",
    u"CMakeLists.txt",
    u"package.json",
    u"__init__",
    u"malloc()",
    u"free(ptr);",
    u"printf(\"%d\\n\", x);",
    u"try:",
    u"except ValueError:",
    u"if",
    u"else",
    u"for",
    u"while",
    u"True",
    u"False",
    u"None",
    u"int",
    u"float",
    u"char*",
    u"size_t",
    u"http://localhost:8080",
    u"git commit -m",
    u"docker run",
    u"kubectl apply -f",
    u"42",
    u"3.14",
};

const char16_t *const syllables[] = {
    u"ka",  u"ren",  u"tor", u"mi",  u"lo",   u"san", u"ver", u"da",  u"pel", u"ri",  u"con",  u"tas",
    u"bel", u"no",   u"sti", u"gar", u"lin",  u"mo",  u"pra", u"sel", u"un",  u"der", u"ex",   u"ter",
    u"al",  u"bro",  u"cul", u"fen", u"gra",  u"hol", u"jun", u"kel", u"lum", u"mar", u"nel",  u"ost",
    u"pan", u"quin", u"ros", u"sul", u"tam",  u"vo",  u"wes", u"yar", u"zel", u"ing", u"tion", u"ment",
    u"ly",  u"er",   u"est", u"ful", u"ness", u"ic",  u"ous", u"ble", u"ate", u"ive", u"ure",  u"ant",
};

} // namespace

Vocabulary::Vocabulary(quint64 seed)
    : m_sampler(vocabularySize, 1.0, 2.7)
{
    QSet<QString> seen;
    auto take = [&](const QString &word) {
        if (seen.contains(word))
            return false;
        seen.insert(word);
        m_words.append(word);
        return true;
    };
    for (const char16_t *word : commonWords)
        take(QString::fromUtf16(word));
    QStringList content;
    for (const char16_t *word : contentWords)
        content.append(QString::fromUtf16(word));
    for (const char16_t *word : accentedWordList)
        m_accented.append(QString::fromUtf16(word));

    m_rareWords = {{u"quetzalcoatl"_s, 1}, {u"zymurgy"_s, 3},         {u"xerophyte"_s, 10},
                   {u"smørrebrød"_s, 5},   {u"brobdingnagian"_s, 30}, {u"sesquipedalian"_s, 100}};
    for (const RareWord &rare : std::as_const(m_rareWords))
        seen.insert(rare.word);

    // Made-up words to fill the vocabulary, interleaved with the real ones below so that the
    // real words keep their ranks, and the accented ones sit in the middle ranks (700–2600).
    BenchRandom random(BenchRandom::derive(seed, 0x766f63));
    QStringList invented;
    const int syllableCount = int(std::size(syllables));
    while (invented.size() < vocabularySize) {
        QString word;
        const int parts = random.between(2, 4);
        for (int i = 0; i < parts; ++i)
            word += QString::fromUtf16(syllables[random.between(0, syllableCount - 1)]);
        if (!seen.contains(word) && !content.contains(word) && !m_accented.contains(word)) {
            seen.insert(word);
            invented.append(word);
        }
    }
    qsizetype nextContent = 0, nextInvented = 0, nextAccented = 0;
    while (m_words.size() < vocabularySize) {
        const int rank = int(m_words.size());
        if (nextAccented < m_accented.size() && rank >= 700 + 100 * nextAccented) {
            take(m_accented[nextAccented++]);
        } else if (nextContent < content.size() && (rank < 400 || rank % 3 == 0)) {
            take(content[nextContent++]);
        } else {
            m_words.append(invented[nextInvented++]);
        }
    }
    for (const char16_t *token : codeTokenList)
        m_codeTokens.append(QString::fromUtf16(token));
}
