// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretstore.h"

#include "databaseconfig.h"
#include "settingslogging.h"

#include <QPromise>
#include <qt6keychain/keychain.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The job is its own context: it runs to its end even when the store is gone, so a future
// never resolves without a result.
template<typename Job, typename Result, typename Handle>
QFuture<Result> run(Job *job, const QString &key, Handle handle)
{
    auto promise = std::make_shared<QPromise<Result>>();
    promise->start();
    QFuture<Result> future = promise->future();
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    QObject::connect(job, &QKeychain::Job::finished, job, [promise, handle](QKeychain::Job *done) {
        promise->addResult(handle(static_cast<Job *>(done)));
        promise->finish();
    });
    job->start();
    return future;
}

SecretError errorOf(QKeychain::Job *job)
{
    if (job->error() == QKeychain::NoError)
        return {};
    return SecretError::fromKeychain(job->error(), job->errorString(), job->key());
}

} // namespace

SecretStore::SecretStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

QString SecretStore::providerKey(const QString &profileName)
{
    return u"provider/"_s + profileName.trimmed().toLower();
}

QString SecretStore::databaseKey(const DatabaseConfig &config)
{
    const QString host = config.host.contains(u':') ? u'[' + config.host + u']' : config.host;
    return u"postgresql/%1@%2:%3/%4"_s.arg(config.user, host, QString::number(config.port),
                                           config.databaseName);
}

QFuture<SecretResult> SecretStore::read(const QString &key)
{
    return run<QKeychain::ReadPasswordJob, SecretResult>(
        new QKeychain::ReadPasswordJob(m_service), key, [](QKeychain::ReadPasswordJob *job) {
            SecretResult result;
            result.error = errorOf(job);
            if (!result.error.isError())
                result.secret = job->textData();
            qCDebug(lcSettings) << "keychain read" << job->key() << "error" << int(result.error.kind);
            return result;
        });
}

QFuture<SecretError> SecretStore::write(const QString &key, const QString &secret)
{
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setTextData(secret);
    return run<QKeychain::WritePasswordJob, SecretError>(job, key, [](QKeychain::WritePasswordJob *done) {
        const SecretError error = errorOf(done);
        qCDebug(lcSettings) << "keychain write" << done->key() << "error" << int(error.kind);
        return error;
    });
}

QFuture<SecretError> SecretStore::remove(const QString &key)
{
    return run<QKeychain::DeletePasswordJob, SecretError>(
        new QKeychain::DeletePasswordJob(m_service), key, [](QKeychain::DeletePasswordJob *done) {
            SecretError error = errorOf(done);
            // Secret Service deletes nothing without a word, others say so: the same everywhere.
            if (error.kind == SecretError::Kind::NotFound)
                error = {};
            qCDebug(lcSettings) << "keychain remove" << done->key() << "error" << int(error.kind);
            return error;
        });
}

QFuture<SecretError> SecretStore::probe()
{
    return run<QKeychain::ReadPasswordJob, SecretError>(new QKeychain::ReadPasswordJob(m_service), u"probe"_s,
                                                        [](QKeychain::ReadPasswordJob *job) {
                                                            SecretError error = errorOf(job);
                                                            if (error.kind == SecretError::Kind::NotFound)
                                                                error = {};
                                                            return error;
                                                        });
}
