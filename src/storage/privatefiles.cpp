// SPDX-License-Identifier: GPL-3.0-or-later
#include "privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace PrivateFiles {

bool makeFolder(const QString &path)
{
    const QString absolute = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    if (QFileInfo(absolute).isDir())
        return true;
    const QString parent = QFileInfo(absolute).absolutePath();
    if (parent != absolute && !makeFolder(parent))
        return false;
#ifdef Q_OS_UNIX
    // mkdir() applies the umask, which can only narrow 0700; chmod() makes it exactly 0700.
    const QByteArray native = QFile::encodeName(absolute);
    if (::mkdir(native.constData(), S_IRWXU) != 0)
        return errno == EEXIST && QFileInfo(absolute).isDir();
    return ::chmod(native.constData(), S_IRWXU) == 0;
#else
    // Elsewhere the folders under the user's profile carry the user's own access rules.
    return QDir().mkdir(absolute);
#endif
}

bool makeFile(const QString &path)
{
    if (QFileInfo::exists(path))
        return true;
    if (!makeFolder(QFileInfo(path).absolutePath()))
        return false;
#ifdef Q_OS_UNIX
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0)
        return errno == EEXIST;
    // The umask may have narrowed 0600; this makes it exactly 0600.
    const bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
    ::close(fd);
    return ok;
#else
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return QFileInfo::exists(path);
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    return true;
#endif
}

} // namespace PrivateFiles
